// directory_sync.cpp: merge, validate, then write only what changed.
#include "plugin/services/directory_sync.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

using ById = std::unordered_map<std::string, EmployeeRecord>;

ById index_current(DirectoryStore &store) {
    std::vector<EmployeeRecord> all = store.load_all();
    ById current;
    current.reserve(all.size());
    for (EmployeeRecord &e : all) {
        std::string id = e.id;
        current.emplace(std::move(id), std::move(e));
    }
    return current;
}

void check_removals(const DirectoryChange &change, const ById &current) {
    std::unordered_set<std::string> upserted;
    for (const EmployeeRecord &e : change.upserts) {
        upserted.insert(e.id);
    }
    for (std::size_t i = 0; i < change.removals.size(); ++i) {
        const std::string &id = change.removals[i];
        if (!current.contains(id)) {
            throw Error(ErrorCode::not_found,
                        "cannot remove employee " + id + ": not in the directory",
                        "/params/removed/" + std::to_string(i));
        }
        if (upserted.contains(id)) {
            throw Error(ErrorCode::invalid_request,
                        "employee " + id + " is both updated and removed in one sync",
                        "/params/removed/" + std::to_string(i));
        }
    }
}

// The directory after `change`, and what it changes; validated when `validate` is set.
struct SyncPlan {
    SyncOutcome outcome;
    std::vector<const EmployeeRecord *> changed;  // added or updated, in the change's upserts
    std::vector<std::string> removals;
    std::vector<EmployeeRecord> result;
};

SyncPlan plan_change(const ById &current, const DirectoryChange &change) {
    if (change.mode == SyncMode::full && !change.removals.empty()) {
        throw Error(ErrorCode::invalid_request, "a full sync lists everyone; it takes no removals",
                    "/params/removed");
    }
    check_removals(change, current);
    SyncPlan plan;
    plan.result = change.upserts;
    if (change.mode == SyncMode::incremental) {
        std::unordered_set<std::string> replaced(change.removals.begin(), change.removals.end());
        for (const EmployeeRecord &e : change.upserts) {
            replaced.insert(e.id);
        }
        for (const auto &[id, e] : current) {
            if (!replaced.contains(id)) {
                plan.result.push_back(e);
            }
        }
    }
    for (const EmployeeRecord &e : change.upserts) {
        const auto it = current.find(e.id);
        if (it == current.end()) {
            ++plan.outcome.added;
            plan.changed.push_back(&e);
        } else if (!(it->second == e)) {
            ++plan.outcome.updated;
            plan.changed.push_back(&e);
        } else {
            ++plan.outcome.unchanged;
        }
    }
    plan.removals = change.removals;
    if (change.mode == SyncMode::full) {
        std::unordered_set<std::string> listed;
        for (const EmployeeRecord &e : change.upserts) {
            listed.insert(e.id);
        }
        for (const auto &[id, e] : current) {
            if (!listed.contains(id)) {
                plan.removals.push_back(id);
            }
        }
    }
    plan.outcome.removed = plan.removals.size();
    plan.outcome.total = plan.result.size();
    return plan;
}

// The names of the fields that differ, never their values.
std::vector<std::string> changed_fields(const EmployeeRecord &a, const EmployeeRecord &b) {
    std::vector<std::string> fields;
    const auto compare = [&](const char *name, bool differs) {
        if (differs) {
            fields.emplace_back(name);
        }
    };
    compare("name", a.name != b.name);
    compare("title", a.title != b.title);
    compare("category", a.category != b.category);
    compare("agency", a.agency != b.agency);
    compare("division", a.division != b.division);
    compare("unit", a.unit != b.unit);
    compare("shift", a.shift != b.shift);
    compare("supervisor_id", a.supervisor_id != b.supervisor_id);
    compare("active", a.active != b.active);
    compare("hire_date", a.hire_date != b.hire_date);
    return fields;
}

SyncProblem problem_of(const Error &e) {
    return {std::string(error_code_name(e.code())), e.what(), e.records()};
}

}  // namespace

SyncPreview preview_directory_change(DirectoryStore &store, const DirectoryChange &change,
                                     const OrgChartPolicy &policy, std::size_t max_changes) {
    const ById current = index_current(store);
    SyncPreview preview;
    SyncPlan plan;
    try {
        plan = plan_change(current, change);
    } catch (const Error &e) {
        preview.problems.push_back(problem_of(e));
        DirectoryChange without_removals = change;
        without_removals.removals.clear();
        plan = plan_change(current, without_removals);
    }
    try {
        validate_org_chart(plan.result, policy);
    } catch (const Error &e) {
        preview.problems.push_back(problem_of(e));
    }
    preview.counts = plan.outcome;
    std::vector<EmployeeChange> changes;
    for (const EmployeeRecord *e : plan.changed) {
        const auto it = current.find(e->id);
        changes.push_back(it == current.end()
                              ? EmployeeChange{e->id, "added", {}}
                              : EmployeeChange{e->id, "updated", changed_fields(it->second, *e)});
    }
    for (const std::string &id : plan.removals) {
        changes.push_back({id, "removed", {}});
    }
    const std::size_t kept = std::min(max_changes, changes.size());
    std::partial_sort(changes.begin(), changes.begin() + static_cast<std::ptrdiff_t>(kept),
                      changes.end(), [](const EmployeeChange &a, const EmployeeChange &b) {
                          return a.employee_id < b.employee_id;
                      });
    changes.resize(kept);
    preview.changes = std::move(changes);
    return preview;
}

SyncOutcome apply_directory_change(DirectoryStore &store, const DirectoryChange &change,
                                   const OrgChartPolicy &policy, int64_t now_ms) {
    const ById current = index_current(store);
    SyncPlan plan = plan_change(current, change);
    // The chart as it would be afterwards, validated before anything is written.
    validate_org_chart(plan.result, policy);
    store.remove(plan.removals);
    store.upsert(plan.changed, now_ms);
    SyncOutcome outcome = plan.outcome;
    DirectoryState state = store.state();
    state.last_sync_ms = now_ms;
    state.last_mode = change.mode == SyncMode::full ? "full" : "incremental";
    if (!change.host_cursor.empty()) {
        state.host_cursor = change.host_cursor;
    }
    outcome.revision = store.save_state(state);
    outcome.chart = std::move(plan.result);
    return outcome;
}

}  // namespace psp
