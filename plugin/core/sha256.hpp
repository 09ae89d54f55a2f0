// sha256.hpp: SHA-256 through OpenSSL's EVP interface, as lowercase hex.
//
// Used for the audit hash chain and idempotency fingerprints in the plugin, and for library
// checksums in the host simulator and the manifest writer.
#pragma once

#include <string>
#include <string_view>

namespace psp {

std::string sha256_hex(std::string_view data);

// Streams a file; throws std::runtime_error when it cannot be read.
std::string sha256_file_hex(const std::string &path);

}  // namespace psp
