// directory_sync.cpp: merge, validate, then write only what changed.
#include "plugin/services/directory_sync.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "plugin/core/error.hpp"
#include "plugin/domain/org_chart_change.hpp"

namespace psp {
namespace {

using ById = std::unordered_map<std::string, EmployeeRecord>;

ById by_id(std::vector<EmployeeRecord> records) {
    ById current;
    current.reserve(records.size());
    for (EmployeeRecord &e : records) {
        std::string id = e.id;
        current.emplace(std::move(id), std::move(e));
    }
    return current;
}

void check_removals(const DirectoryChange &change, const ById &current) {
    if (change.removals.empty()) {
        return;  // a full sync of 100,000 built the set of every upserted id for nothing
    }
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

// The directory after `change` (`result`), and what it changes; not yet validated.
struct SyncPlan {
    SyncOutcome outcome;
    // Added or updated: positions in `result`, whose first records are the change's upserts in
    // order. Positions, not pointers: an incremental plan appends the rest of the chart after.
    std::vector<std::size_t> changed;
    std::vector<std::string> removals;
    std::vector<EmployeeRecord> result;
    // The index `result` would build, when the plan leaves it as it was (plan_from_index);
    // `result` then holds the upserts alone.
    std::shared_ptr<const OrgChartIndex> same_index;

    std::vector<const EmployeeRecord *> changed_records() const {
        std::vector<const EmployeeRecord *> out;
        out.reserve(changed.size());
        for (const std::size_t i : changed) {
            out.push_back(&result[i]);
        }
        return out;
    }
};

// Takes the change's upserts into the plan's result: a full sync of 100,000 copied every record
// once more here, a tenth of the sync's own time.
SyncPlan plan_change(const ById &current, DirectoryChange &change) {
    if (change.mode == SyncMode::full && !change.removals.empty()) {
        throw Error(ErrorCode::invalid_request, "a full sync lists everyone; it takes no removals",
                    "/params/removed");
    }
    check_removals(change, current);
    SyncPlan plan;
    plan.result = std::move(change.upserts);
    change.upserts.clear();
    const std::size_t upserts = plan.result.size();
    // The current records some upsert names (by their key in `current`): in a full sync, the
    // others are removed. Only needed when there is a current directory to compare with.
    std::unordered_set<const std::string *> listed;
    const bool track_listed = change.mode == SyncMode::full && !current.empty();
    if (track_listed) {
        listed.reserve(std::min(upserts, current.size()));
    }
    for (std::size_t i = 0; i < upserts; ++i) {
        const EmployeeRecord &e = plan.result[i];
        const auto it = current.find(e.id);
        if (it == current.end()) {
            ++plan.outcome.added;
            plan.changed.push_back(i);
            continue;
        }
        if (track_listed) {
            listed.insert(&it->first);
        }
        if (!(it->second == e)) {
            ++plan.outcome.updated;
            plan.changed.push_back(i);
        } else {
            ++plan.outcome.unchanged;
        }
    }
    if (change.mode == SyncMode::incremental) {
        std::unordered_set<std::string_view> replaced(change.removals.begin(),
                                                      change.removals.end());
        for (std::size_t i = 0; i < upserts; ++i) {
            replaced.insert(plan.result[i].id);
        }
        // The ids in `replaced` point into the records: none may move while it is read.
        std::vector<const EmployeeRecord *> kept;
        for (const auto &[id, e] : current) {
            if (!replaced.contains(id)) {
                kept.push_back(&e);
            }
        }
        plan.result.reserve(upserts + kept.size());
        for (const EmployeeRecord *e : kept) {
            plan.result.push_back(*e);
        }
    }
    plan.removals = change.removals;
    if (track_listed) {
        for (const auto &[id, e] : current) {
            if (!listed.contains(&id)) {
                plan.removals.push_back(id);
            }
        }
    }
    plan.outcome.removed = plan.removals.size();
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

SyncPreview preview_directory_change(DirectoryStore &store, DirectoryChange change,
                                     const OrgChartPolicy &policy, std::size_t max_changes) {
    const ById current = by_id(store.load_all());
    SyncPreview preview;
    SyncPlan plan;
    try {
        plan = plan_change(current, change);
    } catch (const Error &e) {
        // plan_change refuses before it takes the upserts: `change` is whole.
        preview.problems.push_back(problem_of(e));
        change.removals.clear();
        plan = plan_change(current, change);
    }
    try {
        validate_org_chart(plan.result, policy);
    } catch (const Error &e) {
        preview.problems.push_back(problem_of(e));
    }
    preview.counts = plan.outcome;
    preview.counts.total = plan.result.size();
    std::vector<EmployeeChange> changes;
    for (const EmployeeRecord *e : plan.changed_records()) {
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

namespace {

SyncOutcome write_plan(DirectoryStore &store, const DirectoryChange &change, SyncPlan plan,
                       int64_t now_ms) {
    store.remove(plan.removals);
    store.upsert(plan.changed_records(), now_ms);
    SyncOutcome outcome = plan.outcome;
    // With the same index nobody was added or removed: the directory is the index's people.
    outcome.total = plan.same_index ? plan.same_index->size() : plan.result.size();
    DirectoryState state = store.state();
    state.last_sync_ms = now_ms;
    state.last_mode = change.mode == SyncMode::full ? "full" : "incremental";
    if (!change.host_cursor.empty()) {
        state.host_cursor = change.host_cursor;
    }
    outcome.revision = store.save_state(state);
    if (plan.same_index) {
        outcome.index = std::move(plan.same_index);
    } else {
        outcome.chart = std::move(plan.result);
    }
    return outcome;
}

// The people `index` holds that `touched` does not name, as far as the index knows them: what
// validation and the next index need (id, supervisor, division, shift, category, active).
void append_untouched(const OrgChartIndex &index, const std::unordered_set<std::string> &touched,
                      std::vector<EmployeeRecord> &chart) {
    chart.reserve(chart.size() + index.size());
    for (OrgChartIndex::Node node = 0; node < index.size(); ++node) {
        const std::string &id = index.id_of(node);
        if (touched.contains(id)) {
            continue;
        }
        EmployeeRecord &e = chart.emplace_back();
        e.id = id;
        if (const OrgChartIndex::Node boss = index.parent(node); boss != OrgChartIndex::npos) {
            e.supervisor_id = index.id_of(boss);
        }
        const OrgChartIndex::Facts &facts = index.facts(node);
        e.division = index.division_names()[facts.division];
        e.shift = index.shift_names()[facts.shift];
        e.category = facts.category;
        e.active = facts.active;
    }
}

// Whether `upserts` leave every fact `index` holds as it was: each names someone the index has,
// with the supervisor, division, shift, category and active flag the index gives them (the
// supervisor as OrgChartIndex::build reads it: none when empty or oneself).
bool index_facts_unchanged(const OrgChartIndex &index, const std::vector<EmployeeRecord> &upserts) {
    for (const EmployeeRecord &e : upserts) {
        const OrgChartIndex::Node node = index.find(e.id);
        if (node == OrgChartIndex::npos) {
            return false;
        }
        OrgChartIndex::Node boss =
            e.supervisor_id.empty() ? OrgChartIndex::npos : index.find(e.supervisor_id);
        if (boss == node) {
            boss = OrgChartIndex::npos;
        }
        const OrgChartIndex::Facts &facts = index.facts(node);
        if (boss != index.parent(node) || facts.category != e.category ||
            facts.active != e.active || index.division_names()[facts.division] != e.division ||
            index.shift_names()[facts.shift] != e.shift) {
            return false;
        }
    }
    return true;
}

// The incremental change checked against the index of the current revision, reading only the
// records it touches; nullopt when that cannot decide (see apply_directory_change).
std::optional<SyncPlan> plan_from_index(DirectoryStore &store, DirectoryChange &change,
                                        const OrgChartPolicy &policy, const CachedOrgChart &known) {
    if (change.mode != SyncMode::incremental || !known.index ||
        store.revision() != known.revision ||
        !change_keeps_chart_valid(*known.index, change.upserts, change.removals, policy)) {
        return std::nullopt;  // the full path decides, and names any problem
    }
    std::unordered_set<std::string> touched(change.removals.begin(), change.removals.end());
    for (const EmployeeRecord &e : change.upserts) {
        touched.insert(e.id);
    }
    const ById current =
        by_id(store.find_many(std::vector<std::string>(touched.begin(), touched.end())));
    // Decided before plan_change takes the upserts.
    const bool same_index = known.serves_today && change.removals.empty() &&
                            index_facts_unchanged(*known.index, change.upserts);
    // The touched records are all the incremental plan reads: it keeps none of them.
    SyncPlan plan = plan_change(current, change);
    if (same_index) {
        plan.same_index = known.index;
    } else {
        append_untouched(*known.index, touched, plan.result);
    }
    return plan;
}

}  // namespace

SyncOutcome apply_directory_change(DirectoryStore &store, DirectoryChange change,
                                   const OrgChartPolicy &policy, int64_t now_ms,
                                   const CachedOrgChart &known) {
    if (std::optional<SyncPlan> plan = plan_from_index(store, change, policy, known)) {
        return write_plan(store, change, std::move(*plan), now_ms);
    }
    const ById current = by_id(store.load_all());
    SyncPlan plan = plan_change(current, change);
    // The chart as it would be afterwards, validated before anything is written.
    validate_org_chart(plan.result, policy);
    return write_plan(store, change, std::move(plan), now_ms);
}

}  // namespace psp
