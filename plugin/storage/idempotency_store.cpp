// idempotency_store.cpp: SQL for idempotency keys.
#include "storage/idempotency_store.hpp"

#include "storage/prepared_statements.hpp"

namespace psp {

std::optional<StoredResponse> IdempotencyStore::find(const std::string &key) {
    StoredResponse stored;
    PreparedQuery query(
        sql_, "SELECT method, fingerprint, response FROM idempotency WHERE idem_key = :k");
    query.use(key).into(stored.method).into(stored.fingerprint).into(stored.response);
    if (!query.execute()) {
        return std::nullopt;
    }
    return stored;
}

bool IdempotencyStore::save(const std::string &key, const StoredResponse &r, int64_t now_ms) {
    const long long at = now_ms;
    PreparedQuery query(sql_,
                        "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
                        " VALUES (:k, :m, :f, :r, :t) ON CONFLICT (idem_key) DO NOTHING");
    query.use(key).use(r.method).use(r.fingerprint).use(r.response).use(at).execute();
    return query.affected_rows() == 1;
}

}  // namespace psp
