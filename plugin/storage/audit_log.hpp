// audit_log.hpp: the append-only, hash-chained audit log.
//
// Each entry records who (principal id and plugin roles), when (host clock), which method and the
// outcome ("ok" or an error code), never the content of the request. Each entry's hash covers its
// fields and the previous entry's hash, so an edited, removed or reordered entry breaks the chain
// at a place verify() names.
//
// Extending the chain needs its head, so writers that extend it run one after another, each
// holding the chain through its commit. A writer that finds the chain held (on PostgreSQL,
// another host process committing) does not wait: it stages its entry in a lane, a short chain
// of its own (lane_seq, lane_prev, and a leaf hash over its fields, made in the same
// transaction as the change it records). The next writer that holds the chain moves every
// staged entry into it, in lane order, extending the chain's head over each entry's leaf hash.
// verify() checks the leaf hashes and each lane's continuity as well as the chain, so an entry
// edited, removed or reordered while it was staged is named once it is chained
// (docs/integration.md, "The audit chain").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace psp {

struct AuditEntry {
    int64_t seq = 0;
    int64_t at_ms = 0;
    std::string principal;
    std::string roles;  // comma-separated plugin roles
    std::string method;
    std::string outcome;  // "ok" or an error code
    std::string prev_hash;
    std::string hash;
    // Set for an entry that was staged before it was chained: its lane, its place in the lane,
    // the lane's previous leaf hash (genesis for the first) and its own leaf hash.
    std::optional<int64_t> lane;
    int64_t lane_seq = 0;
    std::string lane_prev;
    std::string leaf;
};

// A point of the chain: entry `seq` (0: the start, before entry 1) and its hash. The host keeps
// the latest one it was handed (maintenance.run, audit.verify) outside the database: given it,
// truncation, reordering and an edit whose hashes were recomputed are all detected, because no
// rewrite of the log can reproduce that entry's hash.
struct AuditAnchor {
    int64_t seq = 0;
    std::string hash;
};

struct AuditVerification {
    bool intact = true;
    int64_t entries_checked = 0;
    std::optional<int64_t> first_bad_seq;
    std::string problem;      // empty when intact
    AuditAnchor verified_to;  // the last entry checked (where the next call continues)
    int64_t head_seq = 0;     // the last entry in the log now
    bool complete() const { return intact && verified_to.seq >= head_seq; }
};

// The hash before entry 1 (64 zeros), and before the first entry of a lane.
const std::string &audit_genesis_hash();

// The hash an entry must carry, from its fields and prev_hash; for a staged entry, from its leaf
// hash and prev_hash.
std::string audit_entry_hash(const AuditEntry &entry);
// A staged entry's leaf hash: its fields, lane, lane_seq and lane_prev.
std::string audit_leaf_hash(const AuditEntry &entry);

class AuditLog {
  public:
    explicit AuditLog(soci::session &sql) : sql_(sql) {}

    // Within the caller's write transaction: chains the entry (after any staged ones) when the
    // chain is free, else stages it in a lane for the next writer that holds the chain. Never
    // waits for another writer's commit.
    void append(int64_t at_ms, const std::string &principal, const std::string &roles,
                const std::string &method, const std::string &outcome);
    // Stages an entry in a free lane, within the caller's write transaction (what append() does
    // when the chain is held; tests call it to have staged entries on SQLite too).
    void stage(int64_t at_ms, const std::string &principal, const std::string &roles,
               const std::string &method, const std::string &outcome);
    // Within the caller's write transaction, waiting for the chain if another writer holds it:
    // moves every staged entry other writers have committed (and the caller's own) into the
    // chain. Returns how many.
    int64_t chain_staged();
    // Whether committed entries wait in lanes (read()/verify() see only chained entries).
    bool has_staged();
    // A confidential call (MethodSpec::confidential) is not an entry of its own: who made it
    // and when would link it to a person. It is counted under its quarter, method, roles and
    // outcome, within the caller's write transaction, in a shard no concurrent writer holds.
    void count_confidential(const std::string &quarter, const std::string &method,
                            const std::string &roles, const std::string &outcome);
    // Appends one entry per count of a quarter before `current_quarter` (principal
    // "withheld:confidential", outcome "ok: 12 calls in 2024-Q1"), deletes those counts and
    // returns how many entries it appended.
    int64_t close_confidential_quarters(const std::string &current_quarter, int64_t now_ms);
    // Chained entries with seq > after_seq, oldest first.
    std::vector<AuditEntry> read(int64_t after_seq, std::size_t limit);
    // The last chained entry now ({0, genesis} for an empty log).
    AuditAnchor head();
    // Checks at most `limit` entries after `from` (which must still hash to from.hash), and, when
    // `kept` is given (the host's anchor), that the log still reaches kept.seq and that entry
    // still hashes to kept.hash. Bounded time per call; continue from verified_to.
    AuditVerification verify(const AuditAnchor &from, const std::optional<AuditAnchor> &kept,
                             std::size_t limit);
    // The whole chain from the start, in one call (tests, small logs).
    AuditVerification verify();

  private:
    int64_t chain_held(AuditAnchor &tip);
    void chain(AuditEntry entry, AuditAnchor &tip);
    soci::session &sql_;
};

}  // namespace psp
