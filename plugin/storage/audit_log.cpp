// audit_log.cpp: append and verify the hash chain.
#include "plugin/storage/audit_log.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>

#include "plugin/core/secure_random.hpp"
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
    e.seq = integer_at(row, 0);  // INTEGER on SQLite (a rowid alias), BIGINT on PostgreSQL
    e.at_ms = row.get<long long>(1);
    e.principal = row.get<std::string>(2);
    e.roles = row.get<std::string>(3);
    e.method = row.get<std::string>(4);
    e.outcome = row.get<std::string>(5);
    e.prev_hash = row.get<std::string>(6);
    e.hash = row.get<std::string>(7);
    if (row.get_indicator(8) != soci::i_null) {
        e.lane = integer_at(row, 8);
        e.lane_seq = integer_at(row, 9);
        e.lane_prev = row.get<std::string>(10);
        e.leaf = row.get<std::string>(11);
    }
    return e;
}

const char *const kSelect =
    "SELECT seq, at_ms, principal, roles, method, outcome, prev_hash, hash,"
    " lane, lane_seq, lane_prev, leaf FROM audit_log";

// The lane's last entry, staged or chained (a staged entry always follows the chained ones of
// its lane). Each half reads one row through the (lane, lane_seq) key.
const char *const kLaneTip =
    "SELECT lane_seq, leaf FROM (SELECT lane_seq, leaf FROM audit_staged WHERE lane = :l"
    " ORDER BY lane_seq DESC LIMIT 1) AS staged UNION ALL SELECT lane_seq, leaf FROM"
    " (SELECT lane_seq, leaf FROM audit_log WHERE lane = :l2 ORDER BY lane_seq DESC LIMIT 1)"
    " AS chained ORDER BY 1 DESC LIMIT 1";

// An entry's own fields; its place (seq or lane) comes when it is chained or staged.
AuditEntry new_entry(int64_t at_ms, const std::string &principal, const std::string &roles,
                     const std::string &method, const std::string &outcome) {
    AuditEntry e;
    e.at_ms = at_ms;
    e.principal = principal;
    e.roles = roles;
    e.method = method;
    e.outcome = outcome;
    return e;
}

}  // namespace

std::string audit_entry_hash(const AuditEntry &e) {
    std::string data;
    if (e.lane) {
        // A staged entry's fields are covered by its leaf hash, which verify() recomputes.
        for (const std::string &field :
             {e.prev_hash, std::to_string(e.seq), std::string("leaf"), e.leaf}) {
            append_field(data, field);
        }
        return sha256_hex(data);
    }
    for (const std::string &field : {e.prev_hash, std::to_string(e.seq), std::to_string(e.at_ms),
                                     e.principal, e.roles, e.method, e.outcome}) {
        append_field(data, field);
    }
    return sha256_hex(data);
}

std::string audit_leaf_hash(const AuditEntry &e) {
    std::string data;
    for (const std::string &field :
         {std::string("lane"), std::to_string(e.lane.value_or(0)), std::to_string(e.lane_seq),
          e.lane_prev, std::to_string(e.at_ms), e.principal, e.roles, e.method, e.outcome}) {
        append_field(data, field);
    }
    return sha256_hex(data);
}

void AuditLog::append(int64_t at_ms, const std::string &principal, const std::string &roles,
                      const std::string &method, const std::string &outcome) {
    if (!try_lock_audit_chain(sql_)) {
        // Another writer is extending the chain and will commit first: waiting for it would put
        // its commit (a disk flush) on this call's path. Staged, the entry is chained by the
        // next writer that holds the chain.
        stage(at_ms, principal, roles, method, outcome);
        return;
    }
    // The head and whether anything is staged, in one round trip: most appends find nothing
    // staged, and on PostgreSQL each statement is a round trip inside the member's lock.
    long long seq = 0;
    std::string hash;
    int staged = 0;
    PreparedQuery query(sql_,
                        "SELECT COALESCE((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0),"
                        " COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), ''),"
                        " CASE WHEN EXISTS (SELECT 1 FROM audit_staged) THEN 1 ELSE 0 END");
    query.into(seq).into(hash).into(staged).execute();
    AuditAnchor tip{seq, seq == 0 ? genesis_hash() : hash};
    if (staged != 0) {
        chain_held(tip);
    }
    chain(new_entry(at_ms, principal, roles, method, outcome), tip);
}

void AuditLog::stage(int64_t at_ms, const std::string &principal, const std::string &roles,
                     const std::string &method, const std::string &outcome) {
    AuditEntry e = new_entry(at_ms, principal, roles, method, outcome);
    const long long lane = lock_audit_lane(sql_);
    e.lane = lane;
    long long last_seq = 0;
    std::string last_leaf;
    PreparedQuery tip(sql_, kLaneTip);
    const bool has_previous = tip.use(lane).use(lane).into(last_seq).into(last_leaf).execute();
    e.lane_seq = has_previous ? last_seq + 1 : 1;
    e.lane_prev = has_previous ? last_leaf : genesis_hash();
    e.leaf = audit_leaf_hash(e);
    const long long lane_seq = e.lane_seq;
    const long long at = e.at_ms;
    PreparedQuery insert(
        sql_,
        "INSERT INTO audit_staged (lane, lane_seq, at_ms, principal, roles, method,"
        " outcome, lane_prev, leaf) VALUES (:l, :n, :at, :p, :r, :m, :o, :prev,"
        " :leaf)");
    insert.use(lane).use(lane_seq).use(at).use(e.principal).use(e.roles).use(e.method);
    insert.use(e.outcome).use(e.lane_prev).use(e.leaf).execute();
}

int64_t AuditLog::chain_staged() {
    lock_audit_chain(sql_);
    AuditAnchor tip = head();
    return chain_held(tip);
}

bool AuditLog::has_staged() {
    int one = 0;
    return PreparedQuery(sql_, "SELECT 1 FROM audit_staged LIMIT 1").into(one).execute();
}

// With the chain held: every staged entry this transaction sees (committed by others, or its
// own), in lane order; between lanes, the entry with the earliest time next, so the chain stays
// close to the order the calls were made in.
int64_t AuditLog::chain_held(AuditAnchor &tip) {
    std::map<int64_t, std::deque<AuditEntry>> lanes;
    {
        AuditEntry e;
        long long lane = 0, lane_seq = 0, at = 0;
        PreparedQuery staged(sql_,
                             "SELECT lane, lane_seq, at_ms, principal, roles, method, outcome,"
                             " lane_prev, leaf FROM audit_staged ORDER BY lane, lane_seq");
        staged.into(lane).into(lane_seq).into(at).into(e.principal).into(e.roles).into(e.method);
        staged.into(e.outcome).into(e.lane_prev).into(e.leaf);
        while (staged.next()) {
            e.lane = lane;
            e.lane_seq = lane_seq;
            e.at_ms = at;
            lanes[lane].push_back(e);
        }
    }
    int64_t chained = 0;
    std::map<int64_t, int64_t> last_of_lane;
    while (!lanes.empty()) {
        auto next = lanes.begin();
        for (auto it = lanes.begin(); it != lanes.end(); ++it) {
            if (it->second.front().at_ms < next->second.front().at_ms) {
                next = it;
            }
        }
        last_of_lane[next->first] = next->second.front().lane_seq;
        chain(std::move(next->second.front()), tip);
        ++chained;
        next->second.pop_front();
        if (next->second.empty()) {
            lanes.erase(next);
        }
    }
    for (const auto &[lane_no, lane_seq] : last_of_lane) {
        const long long lane = lane_no, last = lane_seq;
        PreparedQuery done(sql_, "DELETE FROM audit_staged WHERE lane = :l AND lane_seq <= :n");
        done.use(lane).use(last).execute();
    }
    return chained;
}

// Appends `entry` after `tip` (the chain's head, which the caller holds) and moves tip to it.
void AuditLog::chain(AuditEntry entry, AuditAnchor &tip) {
    entry.seq = tip.seq + 1;
    entry.prev_hash = tip.hash;
    entry.hash = audit_entry_hash(entry);
    const long long seq = entry.seq;
    const long long at = entry.at_ms;
    if (!entry.lane) {
        PreparedQuery insert(
            sql_,
            "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome, prev_hash, hash)"
            " VALUES (:seq, :at, :p, :r, :m, :o, :prev, :hash)");
        insert.use(seq).use(at).use(entry.principal).use(entry.roles).use(entry.method);
        insert.use(entry.outcome).use(entry.prev_hash).use(entry.hash).execute();
    } else {
        const long long lane = *entry.lane, lane_seq = entry.lane_seq;
        PreparedQuery insert(
            sql_,
            "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome, prev_hash, hash,"
            " lane, lane_seq, lane_prev, leaf) VALUES (:seq, :at, :p, :r, :m, :o, :prev, :hash,"
            " :l, :n, :lprev, :leaf)");
        insert.use(seq).use(at).use(entry.principal).use(entry.roles).use(entry.method);
        insert.use(entry.outcome).use(entry.prev_hash).use(entry.hash).use(lane).use(lane_seq);
        insert.use(entry.lane_prev).use(entry.leaf).execute();
    }
    tip = {entry.seq, entry.hash};
}

void AuditLog::count_confidential(const std::string &quarter, const std::string &method,
                                  const std::string &roles, const std::string &outcome) {
    // One counter row per quarter, method, roles and outcome made every writer of a confidential
    // call wait for the previous one's commit (a row lock), so the count is spread over
    // kAuditLanes rows. The row is drawn at random, never the writer's lane: a thread keeps to its
    // lane, and audit_log keeps each entry's lane, so a count in the lane's row would tell which
    // host thread made the confidential call and join it to the principals that thread served.
    const long long shard = random_positive_int62() % kAuditLanes;
    PreparedQuery query(sql_,
                        "INSERT INTO audit_pending (quarter, method, roles, outcome, shard, calls)"
                        " VALUES (:q, :m, :r, :o, :s, 1)"
                        " ON CONFLICT (quarter, method, roles, outcome, shard)"
                        " DO UPDATE SET calls = audit_pending.calls + 1");
    query.use(quarter).use(method).use(roles).use(outcome).use(shard).execute();
}

int64_t AuditLog::close_confidential_quarters(const std::string &current_quarter, int64_t now_ms) {
    struct Count {
        std::string quarter, method, roles, outcome;
        int64_t calls;
    };
    std::vector<Count> counts;
    {
        soci::rowset<soci::row> rows =
            (sql_.prepare << "SELECT quarter, method, roles, outcome, CAST(SUM(calls) AS BIGINT)"
                             " FROM audit_pending WHERE quarter < :q"
                             " GROUP BY quarter, method, roles, outcome"
                             " ORDER BY quarter, method, roles, outcome",
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

// A lane's entry before the one being checked: its place in the lane and its leaf hash
// ({0, genesis} before the lane's first entry).
struct LaneTip {
    int64_t lane_seq = 0;
    std::string leaf;
};

LaneTip lane_tip_before(soci::session &sql, const AuditEntry &e) {
    LaneTip tip{0, genesis_hash()};
    const long long lane = *e.lane, lane_seq = e.lane_seq, seq = e.seq;
    long long found_seq = 0;
    std::string leaf;
    PreparedQuery query(sql,
                        "SELECT lane_seq, leaf FROM audit_log WHERE lane = :l AND lane_seq < :n"
                        " AND seq < :s ORDER BY lane_seq DESC LIMIT 1");
    if (query.use(lane).use(lane_seq).use(seq).into(found_seq).into(leaf).execute()) {
        tip = {found_seq, leaf};
    }
    return tip;
}

// What is wrong with a staged entry, now chained: its fields against the leaf hash its writer
// made, and its place after the lane's previous entry.
std::string lane_problem(const AuditEntry &e, const LaneTip &before) {
    const std::string lane = "lane " + std::to_string(*e.lane);
    if (audit_leaf_hash(e) != e.leaf) {
        return "entry was edited before it was chained: its content does not match the hash its "
               "writer gave it";
    }
    if (e.lane_seq != before.lane_seq + 1) {
        return "entry " + std::to_string(before.lane_seq + 1) + " of " + lane +
               " is missing: it was removed before it was chained";
    }
    if (e.lane_prev != before.leaf) {
        return "entry does not follow the previous entry of " + lane +
               " (removed or reordered before it was chained)";
    }
    return {};
}

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
    // Each lane's last entry seen in this call, so a lane's continuity is looked up once.
    std::map<int64_t, LaneTip> lane_tips;
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
        } else if (e.lane) {
            auto tip = lane_tips.find(*e.lane);
            if (tip == lane_tips.end()) {
                tip = lane_tips.emplace(*e.lane, lane_tip_before(sql_, e)).first;
            }
            problem = lane_problem(e, tip->second);
            tip->second = {e.lane_seq, e.leaf};
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
