// directory_sync.hpp: replacing or updating the employee directory, all or nothing.
//
// A full sync replaces the directory; an incremental one applies upserts and removals to it. In
// both cases the resulting chart is validated whole before anything is written, so a bad export
// leaves the previous directory in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plugin/domain/employee.hpp"
#include "plugin/domain/org_chart_validation.hpp"
#include "plugin/storage/directory_store.hpp"
#include "plugin/storage/org_chart_cache.hpp"

namespace psp {

enum class SyncMode { full, incremental };

struct DirectoryChange {
    SyncMode mode = SyncMode::full;
    std::vector<EmployeeRecord> upserts;
    std::vector<std::string> removals;  // incremental only
    std::string host_cursor;            // the host's change cursor after this change, if any
};

struct SyncOutcome {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t removed = 0;
    std::size_t unchanged = 0;
    std::size_t total = 0;  // employees in the directory afterwards
    int64_t revision = 0;   // the directory's revision after this change
    // The whole directory afterwards, so the caller can build the org chart index without
    // reading it back. After an incremental sync checked against the cached index, the people it
    // did not touch carry only what the index holds (id, supervisor, division, shift, category,
    // active).
    std::vector<EmployeeRecord> chart;
    // Set instead of `chart` when an incremental change left everything the index holds as it
    // was (only names, titles, units, agencies or hire dates changed) and the index it was
    // checked against serves today (CachedOrgChart::serves_today): that index is exact for the
    // new revision too, so the caller installs it rather than rebuild 100,000 nodes.
    std::shared_ptr<const OrgChartIndex> index;
};

// One employee a change adds, updates (naming the fields that differ, never their values) or
// removes.
struct EmployeeChange {
    std::string employee_id;
    std::string change;  // "added", "updated" or "removed"
    std::vector<std::string> fields;
};

// A problem that would refuse the change (an invalid org chart, a removal of someone unknown).
struct SyncProblem {
    std::string code;
    std::string message;
    std::vector<std::string> records;
};

// What a change would do, computed and written nowhere.
struct SyncPreview {
    SyncOutcome counts;                   // revision and chart left empty
    std::vector<EmployeeChange> changes;  // the first `max_changes`, by employee id
    std::vector<SyncProblem> problems;
};

// Reads the directory through `store` and answers what `change` would do; writes nothing and
// throws nothing for the problems a real sync would refuse: it lists them.
SyncPreview preview_directory_change(DirectoryStore &store, DirectoryChange change,
                                     const OrgChartPolicy &policy, std::size_t max_changes);

// Validates and writes `change` inside the caller's transaction. Throws Error(invalid_org_chart)
// or Error(invalid_request) and writes nothing when the result would be invalid.
//
// An incremental change reads only the records it touches when `known` is the index of the
// directory's current revision: the rest of the chart is rebuilt from the index, so 1,000 changes
// at 100,000 employees do not read 100,000 records. Anything else (a full sync, no index, an
// index of another revision, a chart the check refuses) takes the path that reads everything, so
// the answer and its error messages are the same either way.
//
// `change` is taken by value: its upserts become the outcome's chart, so a caller done with them
// moves them in rather than have 100,000 records copied.
SyncOutcome apply_directory_change(DirectoryStore &store, DirectoryChange change,
                                   const OrgChartPolicy &policy, int64_t now_ms,
                                   const CachedOrgChart &known = {});

}  // namespace psp
