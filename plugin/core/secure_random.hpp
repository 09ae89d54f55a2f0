// secure_random.hpp: unpredictable numbers and keyed digests, through OpenSSL.
//
// For values whose order or content must tell an operator nothing: contact numbers that carry no
// order, and HMAC fingerprints of confidential requests that cannot be recomputed by hashing
// every directory id (docs/confidentiality.md, "Threat model").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace psp {

// A uniformly random integer in [1, 2^62), from the operating system's CSPRNG.
int64_t random_positive_int62();

// HMAC-SHA-256 of `data` under `key`, as lowercase hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace psp
