// audit_log.cpp: append and verify the hash chain.
#include "plugin/storage/audit_log.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <limits>

#include "plugin/core/sha256.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/row_values.hpp"

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

AuditEntry audit_entry_from_row(const soci::row &row) {
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

void AuditLog::count_confidential(const std::string &quarter, const std::string &method,
                                  const std::string &roles, const std::string &outcome) {
    PreparedQuery query(sql_,
                        "INSERT INTO audit_pending (quarter, method, roles, outcome, calls)"
                        " VALUES (:q, :m, :r, :o, 1) ON CONFLICT (quarter, method, roles, outcome)"
                        " DO UPDATE SET calls = audit_pending.calls + 1");
    query.use(quarter).use(method).use(roles).use(outcome).execute();
}

int64_t AuditLog::close_confidential_quarters(const std::string &current_quarter, int64_t now_ms) {
    struct Count {
        std::string quarter, method, roles, outcome;
        int64_t calls;
    };
    std::vector<Count> counts;
    {
        soci::rowset<soci::row> rows =
            (sql_.prepare << "SELECT quarter, method, roles, outcome, calls FROM audit_pending"
                             " WHERE quarter < :q ORDER BY quarter, method, roles, outcome",
             soci::use(current_quarter));
        for (const soci::row &row : rows) {
            counts.push_back({row.get<std::string>(0), row.get<std::string>(1),
                              row.get<std::string>(2), row.get<std::string>(3),
                              integer_at(row, 4)});
        }
    }
    for (const Count &c : counts) {
        append(now_ms, "withheld:confidential", c.roles, c.method,
               c.outcome + ": " + std::to_string(c.calls) +
                   (c.calls == 1 ? " call in " : " calls in ") + c.quarter);
    }
    if (!counts.empty()) {
        PreparedQuery done(sql_, "DELETE FROM audit_pending WHERE quarter < :q");
        done.use(current_quarter).execute();
    }
    return static_cast<int64_t>(counts.size());
}

std::vector<AuditEntry> AuditLog::read(int64_t after_seq, std::size_t limit) {
    const long long after = after_seq;
    const long long lim = static_cast<long long>(limit);
    std::vector<AuditEntry> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << kSelect << " WHERE seq > :after ORDER BY seq LIMIT :lim", soci::use(after),
         soci::use(lim));
    for (const soci::row &row : rows) {
        out.push_back(audit_entry_from_row(row));
    }
    return out;
}

AuditAnchor AuditLog::head() {
    AuditAnchor anchor{0, genesis_hash()};
    long long seq = 0;
    std::string hash;
    PreparedQuery query(sql_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (query.into(seq).into(hash).execute()) {
        anchor = {seq, hash};
    }
    return anchor;
}

namespace {

AuditVerification broken(AuditVerification result, int64_t seq, std::string problem) {
    result.intact = false;
    result.first_bad_seq = seq;
    result.problem = std::move(problem);
    return result;
}

}  // namespace

AuditVerification AuditLog::verify(const AuditAnchor &from, const std::optional<AuditAnchor> &kept,
                                   std::size_t limit) {
    AuditVerification result;
    result.head_seq = head().seq;
    result.verified_to = {0, genesis_hash()};
    // An anchored entry must still exist and still hash to what the host was handed: a rewrite
    // of anything before it (recomputed or not) changes that hash.
    const auto anchored_entry_problem = [&](const AuditAnchor &anchor,
                                            const char *whose) -> std::string {
        if (anchor.seq == 0) {
            return anchor.hash == genesis_hash() ? std::string()
                                                 : std::string(whose) + " is not the start";
        }
        if (anchor.seq > result.head_seq) {
            return "the log ends at entry " + std::to_string(result.head_seq) + " but " + whose +
                   " is entry " + std::to_string(anchor.seq) + ": entries were removed";
        }
        const std::vector<AuditEntry> rows = read(anchor.seq - 1, 1);
        if (rows.empty() || rows.front().seq != anchor.seq) {
            return "entry " + std::to_string(anchor.seq) + " (" + whose + ") is missing";
        }
        if (rows.front().hash != anchor.hash || audit_entry_hash(rows.front()) != anchor.hash) {
            return "entry " + std::to_string(anchor.seq) + " no longer has the hash of " + whose +
                   ": the log up to it was rewritten";
        }
        return {};
    };
    if (kept) {
        if (std::string problem = anchored_entry_problem(*kept, "the host's anchor");
            !problem.empty()) {
            return broken(result, std::min(kept->seq, result.head_seq + 1), std::move(problem));
        }
    }
    if (std::string problem = anchored_entry_problem(from, "the entry to continue from");
        !problem.empty()) {
        return broken(result, std::min(from.seq, result.head_seq + 1), std::move(problem));
    }
    result.verified_to = from;
    std::string expected_prev = from.hash;
    int64_t expected_seq = from.seq + 1;
    const long long after = from.seq;
    const long long lim = static_cast<long long>(limit);
    soci::rowset<soci::row> rows =
        (sql_.prepare << kSelect << " WHERE seq > :after ORDER BY seq LIMIT :lim", soci::use(after),
         soci::use(lim));
    for (const soci::row &row : rows) {
        const AuditEntry e = audit_entry_from_row(row);
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
            // A gap names the first missing seq, not the entry after it.
            return broken(result, std::min(e.seq, expected_seq), std::move(problem));
        }
        result.verified_to = {e.seq, e.hash};
        expected_prev = e.hash;
        ++expected_seq;
    }
    return result;
}

AuditVerification AuditLog::verify() {
    return verify({0, genesis_hash()}, std::nullopt, std::numeric_limits<std::size_t>::max() / 2);
}

const std::string &audit_genesis_hash() {
    return genesis_hash();
}

}  // namespace psp
