// sha256.cpp: OpenSSL EVP digests.
#include "plugin/core/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace psp {
namespace {

class Digest {
  public:
    Digest() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
            throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
        }
    }
    void update(const void *data, std::size_t size) {
        if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) {
            throw std::runtime_error("OpenSSL failed a SHA-256 update");
        }
    }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &length) != 1) {
            throw std::runtime_error("OpenSSL failed a SHA-256 digest");
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

  private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string sha256_hex(std::string_view data) {
    Digest digest;
    digest.update(data.data(), data.size());
    return digest.hex();
}

std::string sha256_file_hex(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    Digest digest;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        digest.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        throw std::runtime_error("cannot read " + path);
    }
    return digest.hex();
}

}  // namespace psp
