// idempotency_store.cpp: SQL for idempotency keys.
#include "plugin/storage/idempotency_store.hpp"

#include "plugin/storage/prepared_statements.hpp"

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

std::optional<StoredResponse> IdempotencyStore::find_confidential(const std::string &key_hash) {
    StoredResponse stored;
    PreparedQuery query(sql_,
                        "SELECT method, fingerprint, response FROM confidential_replies"
                        " WHERE key_hash = :k");
    query.use(key_hash).into(stored.method).into(stored.fingerprint).into(stored.response);
    if (!query.execute()) {
        return std::nullopt;
    }
    return stored;
}

bool IdempotencyStore::save_confidential(const std::string &key_hash, const StoredResponse &r,
                                         const std::string &quarter) {
    PreparedQuery query(sql_,
                        "INSERT INTO confidential_replies (key_hash, method, fingerprint, response,"
                        " quarter) VALUES (:k, :m, :f, :r, :q) ON CONFLICT (key_hash) DO NOTHING");
    query.use(key_hash).use(r.method).use(r.fingerprint).use(r.response).use(quarter).execute();
    return query.affected_rows() == 1;
}

int64_t IdempotencyStore::purge_confidential(const std::string &current_quarter) {
    // Quarter labels have a four-digit year, so they compare as text in time order.
    PreparedQuery query(sql_, "DELETE FROM confidential_replies WHERE quarter < :q");
    query.use(current_quarter).execute();
    return query.affected_rows();
}

}  // namespace psp
