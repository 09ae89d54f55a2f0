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
    std::string fingerprint;  // SHA-256 of the request that first used the key
    std::string response;     // the result as JSON text
};

class IdempotencyStore {
  public:
    explicit IdempotencyStore(soci::session &sql) : sql_(sql) {}

    std::optional<StoredResponse> find(const std::string &key);
    // False, and nothing written, when the key is already taken: possible only on PostgreSQL,
    // where writes for different members run side by side (Database::write_member).
    bool save(const std::string &key, const StoredResponse &response, int64_t now_ms);

  private:
    soci::session &sql_;
};

}  // namespace psp
