// idempotency_store.hpp: the first response to each idempotency key.
//
// Written in the same transaction as the change it records, so a host that retries after a
// timeout gets the first answer and the change happens once, even across a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace psp {

struct StoredResponse {
    std::string method;
    std::string fingerprint;  // SHA-256 (or, when confidential, HMAC) of the first request
    std::string response;     // the result as JSON text
};

class IdempotencyStore {
  public:
    explicit IdempotencyStore(soci::session &sql) : sql_(sql) {}

    std::optional<StoredResponse> find(const std::string &key);
    // False, and nothing written, when the key is already taken: possible only on PostgreSQL,
    // where writes for different members run side by side (Database::write_member).
    bool save(const std::string &key, const StoredResponse &response, int64_t now_ms);

    // Confidential requests (MethodSpec::confidential): found by a hash of the key, never the
    // key itself, and kept only for `quarter` ("2024-Q1"): purge_confidential deletes every
    // quarter before `current`.
    std::optional<StoredResponse> find_confidential(const std::string &key_hash);
    bool save_confidential(const std::string &key_hash, const StoredResponse &response,
                           const std::string &quarter);
    int64_t purge_confidential(const std::string &current_quarter);

  private:
    soci::session &sql_;
};

}  // namespace psp
