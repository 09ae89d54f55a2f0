// audit_log.cpp: append and verify the hash chain.
#include "storage/audit_log.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "core/sha256.hpp"
#include "storage/database.hpp"
#include "storage/prepared_statements.hpp"

namespace psp {
namespace {

// The genesis entry's prev_hash; built on first use, as a namespace-scope std::string could
// throw before main where nothing can catch it.
const std::string &genesis_hash() {
    static const std::string genesis(64, '0');
    return genesis;
}

// Length-prefixed fields, so no two different entries serialise alike.
void append_field(std::string &out, const std::string &field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

AuditEntry from_row(const soci::row &row) {
    AuditEntry e;
    e.seq = row.get<long long>(0);
    e.at_ms = row.get<long long>(1);
    e.principal = row.get<std::string>(2);
    e.roles = row.get<std::string>(3);
    e.method = row.get<std::string>(4);
    e.outcome = row.get<std::string>(5);
    e.prev_hash = row.get<std::string>(6);
    e.hash = row.get<std::string>(7);
    return e;
}

const char *const kSelect =
    "SELECT seq, at_ms, principal, roles, method, outcome, prev_hash, hash FROM audit_log";

}  // namespace

std::string audit_entry_hash(const AuditEntry &e) {
    std::string data;
    for (const std::string &field : {e.prev_hash, std::to_string(e.seq), std::to_string(e.at_ms),
                                     e.principal, e.roles, e.method, e.outcome}) {
        append_field(data, field);
    }
    return sha256_hex(data);
}

void AuditLog::append(int64_t at_ms, const std::string &principal, const std::string &roles,
                      const std::string &method, const std::string &outcome) {
    AuditEntry e;
    e.at_ms = at_ms;
    e.principal = principal;
    e.roles = roles;
    e.method = method;
    e.outcome = outcome;
    long long last_seq = 0;
    std::string last_hash;
    lock_audit_chain(sql_);
    PreparedQuery head(sql_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    const bool has_previous = head.into(last_seq).into(last_hash).execute();
    e.seq = has_previous ? last_seq + 1 : 1;
    e.prev_hash = has_previous ? last_hash : genesis_hash();
    e.hash = audit_entry_hash(e);
    const long long seq = e.seq;
    const long long at = e.at_ms;
    PreparedQuery insert(
        sql_,
        "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome, prev_hash, hash)"
        " VALUES (:seq, :at, :p, :r, :m, :o, :prev, :hash)");
    insert.use(seq).use(at).use(e.principal).use(e.roles).use(e.method).use(e.outcome);
    insert.use(e.prev_hash).use(e.hash).execute();
}

std::vector<AuditEntry> AuditLog::read(int64_t after_seq, std::size_t limit) {
    const long long after = after_seq;
    const long long lim = static_cast<long long>(limit);
    std::vector<AuditEntry> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << kSelect << " WHERE seq > :after ORDER BY seq LIMIT :lim", soci::use(after),
         soci::use(lim));
    for (const soci::row &row : rows) {
        out.push_back(from_row(row));
    }
    return out;
}

AuditVerification AuditLog::verify() {
    AuditVerification result;
    std::string expected_prev = genesis_hash();
    int64_t expected_seq = 1;
    soci::rowset<soci::row> rows = (sql_.prepare << kSelect << " ORDER BY seq");
    for (const soci::row &row : rows) {
        const AuditEntry e = from_row(row);
        ++result.entries_checked;
        std::string problem;
        if (e.seq != expected_seq) {
            problem = "entry " + std::to_string(expected_seq) + " is missing";
        } else if (e.prev_hash != expected_prev) {
            problem = "entry does not follow the previous one (removed or reordered)";
        } else if (audit_entry_hash(e) != e.hash) {
            problem = "entry was edited: its hash does not match its content";
        }
        if (!problem.empty()) {
            result.intact = false;
            // A gap names the first missing seq, not the entry after it.
            result.first_bad_seq = std::min(e.seq, expected_seq);
            result.problem = std::move(problem);
            return result;
        }
        expected_prev = e.hash;
        ++expected_seq;
    }
    return result;
}

}  // namespace psp
