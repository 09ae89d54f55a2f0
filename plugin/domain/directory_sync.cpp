// directory_sync.cpp: merge, validate, then write only what changed.
#include "domain/directory_sync.hpp"

#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"

namespace psp {
namespace {

using ById = std::unordered_map<std::string, EmployeeRecord>;

ById index_current(DirectoryStore &store) {
    ById current;
    for (EmployeeRecord &e : store.load_all()) {
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

}  // namespace

SyncOutcome apply_directory_change(DirectoryStore &store, const DirectoryChange &change,
                                   const OrgChartPolicy &policy, int64_t now_ms) {
    ById current = index_current(store);
    if (change.mode == SyncMode::full && !change.removals.empty()) {
        throw Error(ErrorCode::invalid_request, "a full sync lists everyone; it takes no removals",
                    "/params/removed");
    }
    check_removals(change, current);

    // The chart as it would be afterwards, validated before anything is written.
    std::vector<EmployeeRecord> result = change.upserts;
    if (change.mode == SyncMode::incremental) {
        std::unordered_set<std::string> replaced(change.removals.begin(), change.removals.end());
        for (const EmployeeRecord &e : change.upserts) {
            replaced.insert(e.id);
        }
        for (const auto &[id, e] : current) {
            if (!replaced.contains(id)) {
                result.push_back(e);
            }
        }
    }
    validate_org_chart(result, policy);

    SyncOutcome outcome;
    std::vector<EmployeeRecord> changed;
    for (const EmployeeRecord &e : change.upserts) {
        const auto it = current.find(e.id);
        if (it == current.end()) {
            ++outcome.added;
            changed.push_back(e);
        } else if (!(it->second == e)) {
            ++outcome.updated;
            changed.push_back(e);
        } else {
            ++outcome.unchanged;
        }
    }
    std::vector<std::string> removals = change.removals;
    if (change.mode == SyncMode::full) {
        std::unordered_set<std::string> listed;
        for (const EmployeeRecord &e : change.upserts) {
            listed.insert(e.id);
        }
        for (const auto &[id, e] : current) {
            if (!listed.contains(id)) {
                removals.push_back(id);
            }
        }
    }
    outcome.removed = removals.size();
    store.remove(removals);
    store.upsert(changed, now_ms);
    outcome.total = result.size();
    DirectoryState state = store.state();
    state.last_sync_ms = now_ms;
    state.last_mode = change.mode == SyncMode::full ? "full" : "incremental";
    if (!change.host_cursor.empty()) {
        state.host_cursor = change.host_cursor;
    }
    outcome.revision = store.save_state(state);
    outcome.chart = std::move(result);
    return outcome;
}

}  // namespace psp
