// audit_log.hpp: the append-only, hash-chained audit log.
//
// Each entry records who (principal id and plugin roles), when (host clock), which method and the
// outcome ("ok" or an error code), never the content of the request. Each entry's hash covers its
// fields and the previous entry's hash, so an edited, removed or reordered entry breaks the chain
// at a place verify() names.
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
};

struct AuditVerification {
    bool intact = true;
    int64_t entries_checked = 0;
    std::optional<int64_t> first_bad_seq;
    std::string problem;  // empty when intact
};

// The hash an entry must carry, from its fields and prev_hash.
std::string audit_entry_hash(const AuditEntry &entry);

class AuditLog {
  public:
    explicit AuditLog(soci::session &sql) : sql_(sql) {}

    // Appends within the caller's write transaction, which serialises the chain.
    void append(int64_t at_ms, const std::string &principal, const std::string &roles,
                const std::string &method, const std::string &outcome);
    // Entries with seq > after_seq, oldest first.
    std::vector<AuditEntry> read(int64_t after_seq, std::size_t limit);
    AuditVerification verify();

  private:
    soci::session &sql_;
};

}  // namespace psp
