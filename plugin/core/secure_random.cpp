// secure_random.cpp: RAND_bytes and HMAC from OpenSSL.
#include "plugin/core/secure_random.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace psp {

int64_t random_positive_int62() {
    for (;;) {
        uint64_t value = 0;
        if (RAND_bytes(reinterpret_cast<unsigned char *>(&value), sizeof value) != 1) {
            throw std::runtime_error("OpenSSL could not produce random bytes");
        }
        value &= (uint64_t{1} << 62) - 1;
        if (value != 0) {
            return static_cast<int64_t>(value);
        }
    }
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    static const unsigned char kEmpty = 0;
    const auto *key_bytes =
        key.empty() ? &kEmpty : reinterpret_cast<const unsigned char *>(key.data());
    if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char *>(data.data()), data.size(), out.data(),
             &length) == nullptr) {
        throw std::runtime_error("OpenSSL failed an HMAC-SHA-256");
    }
    static const char *const kHex = "0123456789abcdef";
    std::string text;
    text.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        text += kHex[out[i] >> 4];
        text += kHex[out[i] & 0x0F];
    }
    return text;
}

}  // namespace psp
