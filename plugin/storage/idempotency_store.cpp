// idempotency_store.cpp: SQL for idempotency keys.
#include "storage/idempotency_store.hpp"

#include <soci/soci.h>

namespace psp {

std::optional<StoredResponse> IdempotencyStore::find(const std::string &key) {
    StoredResponse stored;
    sql_ << "SELECT method, fingerprint, response FROM idempotency WHERE idem_key = :k",
        soci::use(key), soci::into(stored.method), soci::into(stored.fingerprint),
        soci::into(stored.response);
    if (!sql_.got_data()) return std::nullopt;
    return stored;
}

void IdempotencyStore::save(const std::string &key, const StoredResponse &r, int64_t now_ms) {
    const long long at = now_ms;
    sql_ << "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
            " VALUES (:k, :m, :f, :r, :t)",
        soci::use(key), soci::use(r.method), soci::use(r.fingerprint), soci::use(r.response),
        soci::use(at);
}

}  // namespace psp
