// directory_store.hpp: the employee directory's tables (employees, directory_state,
// acting_supervisors, host_identities).
//
// Storage only: it reads and writes records inside the caller's session (and transaction) and
// knows nothing of the ABI or wire formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugin/domain/employee.hpp"

namespace soci {
class session;
}

namespace psp {

struct EmployeeQuery {
    std::string text;  // matches an id exactly or a part of a name, case-insensitively
    std::string division;
    std::string unit;
    std::string shift;
    std::optional<StaffCategory> category;
    std::optional<bool> active;
    std::string after_id;  // keyset paging: ids greater than this
    std::size_t limit = 50;
};

struct DirectoryState {
    int64_t last_sync_ms = 0;
    std::string last_mode;    // "full" or "incremental"; empty before the first sync
    std::string host_cursor;  // the host's change cursor for incremental pulls
    int64_t revision = 0;     // bumped by every change to the org chart (sync, acting supervisors)
};

// An acting supervisor as stored: the assignment and its last day ("YYYY-MM-DD", inclusive).
struct ActingPeriod {
    std::string employee_id;
    std::string supervisor_id;
    std::string until_date;

    bool operator==(const ActingPeriod &) const = default;
};

class DirectoryStore {
  public:
    explicit DirectoryStore(soci::session &sql) : sql_(sql) {}

    std::vector<EmployeeRecord> load_all();
    // The records of `ids` that exist, in id order.
    std::vector<EmployeeRecord> find_many(const std::vector<std::string> &ids);
    std::optional<EmployeeRecord> find(const std::string &id);
    // Ordered by id.
    std::vector<EmployeeRecord> search(const EmployeeQuery &query);
    std::size_t count();

    void replace_all(const std::vector<EmployeeRecord> &employees, int64_t now_ms);
    void upsert(const std::vector<EmployeeRecord> &employees, int64_t now_ms);
    // The same for records that live elsewhere (a sync's changed subset of what it was given).
    void upsert(const std::vector<const EmployeeRecord *> &employees, int64_t now_ms);
    void remove(const std::vector<std::string> &ids);

    DirectoryState state();
    // Writes `state` with its revision one higher than the stored one, and returns that revision:
    // every host process sharing the database sees its org chart index is stale.
    int64_t save_state(const DirectoryState &state);
    // The stored revision alone (0 before the first change), for the index cache's staleness check.
    int64_t revision();
    // Bumps the revision without touching the rest of the state; returns the new revision.
    int64_t bump_revision();

    // Ordered by employee id, then supervisor id.
    std::vector<ActingPeriod> acting_periods();
    // `replace`: forget every earlier assignment first. Otherwise a pair already stored gets the
    // new last day.
    void save_acting_periods(const std::vector<ActingPeriod> &periods, bool replace);

    // The host's SCIM ids of employees pulled earlier, mapped to their employee ids.
    std::unordered_map<std::string, std::string> host_identities();
    // `replace`: forget every earlier pair first (a full pull lists everyone).
    void save_host_identities(const std::vector<std::pair<std::string, std::string>> &identities,
                              bool replace);

  private:
    soci::session &sql_;
};

}  // namespace psp
