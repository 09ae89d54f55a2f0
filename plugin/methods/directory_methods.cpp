// directory_methods.cpp: directory.sync, directory.get, directory.search, and the acting
// supervisors the host reports (directory.set_acting, directory.acting), on the wire.
#include <soci/soci.h>

#include <map>
#include <set>

#include "adapters/csv_directory.hpp"
#include "adapters/host_directory.hpp"
#include "adapters/record_directory.hpp"
#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/directory_sync.hpp"
#include "plugin/services/employee_json.hpp"
#include "plugin/storage/directory_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kDirectoryReaders = {Role::hr_admin, Role::coordinator, Role::it_admin};
constexpr RoleSet kDirectoryWriters = {Role::hr_admin, Role::it_admin};

// The payload field each source needs.
const Json &payload(const Json &params, const std::string &source) {
    const auto it = params.find(source);
    if (it == params.end()) {
        throw Error(ErrorCode::invalid_request, "source '" + source + "' needs params." + source,
                    "/params/" + source);
    }
    return *it;
}

void forbid_other_payloads(const Json &params, const std::string &source) {
    for (const char *other : {"records", "scim", "csv"}) {
        if (other != source && params.contains(other)) {
            throw Error(
                ErrorCode::invalid_request,
                std::string("params.") + other + " does not go with source '" + source + "'",
                std::string("/params/") + other);
        }
    }
}

std::string stored_cursor(MethodContext &context) {
    std::string cursor;
    context.read([&](soci::session &sql) { cursor = DirectoryStore(sql).state().host_cursor; });
    return cursor;
}

// An incremental pull lists only who changed, so a manager reference to someone who did not is a
// host SCIM id the adapter could not translate; the pairs kept from earlier pulls translate it.
void translate_earlier_managers(MethodContext &context, DirectoryImport &import) {
    std::unordered_map<std::string, std::string> known;
    context.read([&](soci::session &sql) { known = DirectoryStore(sql).host_identities(); });
    for (EmployeeRecord &e : import.records) {
        if (const auto it = known.find(e.supervisor_id); it != known.end()) {
            e.supervisor_id = it->second;
        }
    }
}

// Reads the export named by `source` (pulling from the host when asked) through the adapters.
// `identities` receives the host's SCIM ids of the people pulled (host pulls only).
DirectoryImport import_source(MethodContext &context, const Json &params, DirectoryChange &change,
                              std::vector<std::pair<std::string, std::string>> &identities) {
    const std::string source = params.at("source").get<std::string>();
    const std::string &agency = context.config().agency_id;
    const DirectoryMapping &mapping = context.config().directory_mapping;
    forbid_other_payloads(params, source);
    if (source == "records") {
        return import_json_records(payload(params, source), agency, mapping);
    }
    if (source == "scim") {
        return import_scim_list(payload(params, source), agency, mapping);
    }
    if (source == "csv") {
        return import_csv_directory(payload(params, source).get<std::string>(), agency, mapping);
    }
    if (change.mode == SyncMode::incremental && params.contains("removed")) {
        throw Error(ErrorCode::invalid_request,
                    "a pull from the host reports departures itself (active: false)",
                    "/params/removed");
    }
    const std::string since = change.mode == SyncMode::incremental ? stored_cursor(context) : "";
    HostDirectoryPull pull = pull_host_directory(context.host(), since, agency, 1000, mapping);
    change.host_cursor = pull.cursor;
    if (change.mode == SyncMode::incremental) {
        translate_earlier_managers(context, pull.import);
    }
    identities = std::move(pull.identities);
    return std::move(pull.import);
}

// By employee id and field name only: the value is what must not be kept or repeated.
Json screened_json(const std::vector<ScreenedField> &screened) {
    Json out = Json::array();
    for (const ScreenedField &f : screened) {
        out.push_back({{"employee_id", f.employee_id}, {"field", f.field}});
    }
    return out;
}

// How many warnings, rejected rows and changes an answer lists; the counts cover them all.
constexpr std::size_t kListedItems = 20;

// The records kept with a field the export did not determine: counted by field, the first few
// named by row, employee id and source field.
Json warnings_json(const std::vector<ImportWarning> &warnings) {
    std::map<std::string, std::size_t> by_field;
    Json first = Json::array();
    for (const ImportWarning &w : warnings) {
        ++by_field[w.field];
        if (first.size() < kListedItems) {
            first.push_back({{"row", w.row},
                             {"employee_id", w.employee_id},
                             {"field", w.field},
                             {"message", w.message}});
        }
    }
    return {{"count", warnings.size()}, {"by_field", by_field}, {"first", std::move(first)}};
}

Json rejected_json(const std::vector<RejectedRow> &rejected) {
    Json first = Json::array();
    for (std::size_t i = 0; i < rejected.size() && i < kListedItems; ++i) {
        first.push_back({{"row", rejected[i].row}, {"reason", rejected[i].reason}});
    }
    return {{"count", rejected.size()}, {"first", std::move(first)}};
}

Json sync_counts_json(const Json &params, const SyncOutcome &outcome, const DirectoryImport &import,
                      const std::string &profile) {
    return {{"mode", params.at("mode")},
            {"source", params.at("source")},
            {"dry_run", is_dry_run(params)},
            {"mapping", profile},
            {"added", outcome.added},
            {"updated", outcome.updated},
            {"removed", outcome.removed},
            {"unchanged", outcome.unchanged},
            {"total", outcome.total},
            {"dropped_fields", import.dropped_fields},
            {"warnings", warnings_json(import.warnings)}};
}

// directory.sync with dry_run: what the sync would do, read and written nowhere. Rejected rows
// and org-chart problems are listed rather than refusing the answer, so one preview shows all
// that needs fixing.
Json directory_preview(MethodContext &context, const Json &params, DirectoryChange change,
                       const DirectoryImport &import) {
    SyncPreview preview;
    context.read([&](soci::session &sql) {
        DirectoryStore store(sql);
        preview = preview_directory_change(store, change, context.config().org_chart, kListedItems);
    });
    Json result = sync_counts_json(params, preview.counts, import,
                                   context.config().directory_mapping.profile);
    Json changes = Json::array();
    for (const EmployeeChange &c : preview.changes) {
        changes.push_back(
            {{"employee_id", c.employee_id}, {"change", c.change}, {"fields", c.fields}});
    }
    Json problems = Json::array();
    for (const SyncProblem &p : preview.problems) {
        problems.push_back({{"code", p.code}, {"message", p.message}, {"records", p.records}});
    }
    result["changes"] = std::move(changes);
    result["rejected"] = rejected_json(import.rejected);
    result["org_chart_problems"] = std::move(problems);
    return result;
}

Json directory_sync(MethodContext &context, const Json &params) {
    DirectoryChange change;
    change.mode = params.at("mode") == "full" ? SyncMode::full : SyncMode::incremental;
    std::vector<std::pair<std::string, std::string>> identities;
    DirectoryImport import = import_source(context, params, change, identities);
    const bool host_pull = params.at("source") == "host";
    change.removals = params.value("removed", std::vector<std::string>{});
    // Kept fields carry what the host wrote: a value the agency's screen flags is not stored.
    const std::vector<ScreenedField> screened =
        context.config().directory_screen.screen(import.records, context.config().agency_id);
    if (context.dry_run()) {
        change.upserts = import.records;
        Json preview = directory_preview(context, params, std::move(change), import);
        preview["screened_fields"] = screened_json(screened);
        return preview;
    }
    require_no_rejections(import, params.at("source").get<std::string>());
    change.upserts = std::move(import.records);
    SyncOutcome outcome;
    std::vector<ActingPeriod> acting;
    const CachedOrgChart known = context.cached_org_chart();
    const bool full = change.mode == SyncMode::full;
    Json result = context.commit([&](soci::session &sql) {
        DirectoryStore store(sql);
        // The work runs once (a commit never replays it), so the records move into the sync.
        outcome = apply_directory_change(store, std::move(change), context.config().org_chart,
                                         context.now_ms(), known);
        if (host_pull) {
            store.save_host_identities(identities, full);
        }
        acting = store.acting_periods();
        Json counts =
            sync_counts_json(params, outcome, import, context.config().directory_mapping.profile);
        counts["screened_fields"] = screened_json(screened);
        return counts;
    });
    // A replayed request ran no change, and so brought no chart.
    if (outcome.revision != 0 && outcome.index) {
        context.install_org_chart(outcome.revision, std::move(outcome.index));
    } else if (outcome.revision != 0) {
        context.install_org_chart(outcome.revision, outcome.chart, acting);
    }
    return result;
}

Json directory_get(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    std::optional<EmployeeRecord> found;
    context.read([&](soci::session &sql) { found = DirectoryStore(sql).find(id); });
    if (!found) {
        throw Error(ErrorCode::not_found, "no employee " + id + " in the directory",
                    "/params/employee_id");
    }
    return {{"employee", employee_to_json(*found)}};
}

EmployeeQuery search_query(const Json &params) {
    EmployeeQuery q;
    q.text = params.value("text", "");
    q.division = params.value("division", "");
    q.unit = params.value("unit", "");
    q.shift = params.value("shift", "");
    if (params.contains("category")) {
        q.category = parse_stored_staff_category(params.at("category").get<std::string>());
    }
    if (params.contains("active")) {
        q.active = params.at("active").get<bool>();
    }
    q.after_id = params.value("after_id", "");
    q.limit = params.value("limit", std::size_t{50});
    return q;
}

Json directory_search(MethodContext &context, const Json &params) {
    const EmployeeQuery query = search_query(params);
    std::vector<EmployeeRecord> found;
    context.read([&](soci::session &sql) { found = DirectoryStore(sql).search(query); });
    Json employees = Json::array();
    for (const EmployeeRecord &e : found) {
        employees.push_back(employee_to_json(e));
    }
    const bool more = found.size() == query.limit;
    return {{"employees", std::move(employees)},
            {"next_after_id", more ? Json(found.back().id) : Json(nullptr)}};
}

// The assignments of a directory.set_acting request, each checked on its own: a real last day
// not yet past, no self-supervision, no pair twice.
std::vector<ActingPeriod> acting_periods_of(MethodContext &context, const Json &list) {
    const CivilDate today = context.config().calendar.local_date(context.now_ms());
    std::vector<ActingPeriod> periods;
    std::set<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json &item = list[i];
        const std::string field = "/params/assignments/" + std::to_string(i);
        ActingPeriod p{item.at("employee_id").get<std::string>(),
                       item.at("supervisor_id").get<std::string>(),
                       item.at("until").get<std::string>()};
        if (require_iso_date(p.until_date, field + "/until") < today) {
            throw Error(ErrorCode::invalid_request,
                        "the acting assignment of " + p.employee_id + " ended on " + p.until_date +
                            ", before today",
                        field + "/until");
        }
        if (p.employee_id == p.supervisor_id) {
            throw Error(ErrorCode::invalid_request,
                        "employee " + p.employee_id + " cannot be their own acting supervisor",
                        field + "/supervisor_id");
        }
        if (!pairs.emplace(p.employee_id, p.supervisor_id).second) {
            throw Error(ErrorCode::invalid_request,
                        "the acting assignment of " + p.employee_id + " under " + p.supervisor_id +
                            " is listed twice",
                        field);
        }
        periods.push_back(std::move(p));
    }
    return periods;
}

// Every id an assignment names must be in the directory; the error lists those that are not.
void require_known_people(DirectoryStore &store, const std::vector<ActingPeriod> &periods) {
    std::set<std::string> unknown;
    std::map<std::string, bool> known;
    for (const ActingPeriod &p : periods) {
        for (const std::string &id : {p.employee_id, p.supervisor_id}) {
            const auto [it, added] = known.emplace(id, false);
            if (added) {
                it->second = store.find(id).has_value();
            }
            if (!it->second) {
                unknown.insert(id);
            }
        }
    }
    if (unknown.empty()) {
        return;
    }
    std::vector<std::string> names(unknown.begin(), unknown.end());
    std::string message = "not in the directory:";
    for (const std::string &id : names) {
        message += " " + id;
    }
    throw Error(ErrorCode::not_found, message, "/params/assignments", std::move(names));
}

Json directory_set_acting(MethodContext &context, const Json &params) {
    const std::vector<ActingPeriod> periods = acting_periods_of(context, params.at("assignments"));
    const bool replace = params.at("mode") == "replace";
    return context.commit([&](soci::session &sql) {
        DirectoryStore store(sql);
        require_known_people(store, periods);
        store.save_acting_periods(periods, replace);
        // The next org_chart() call, in any host process, rebuilds with these assignments.
        const int64_t revision = store.bump_revision();
        return Json{{"mode", params.at("mode")},
                    {"saved", periods.size()},
                    {"total", store.acting_periods().size()},
                    {"revision", revision}};
    });
}

Json directory_acting(MethodContext &context, const Json &params) {
    const std::string employee = params.value("employee_id", "");
    const CivilDate today = context.config().calendar.local_date(context.now_ms());
    std::vector<ActingPeriod> periods;
    context.read([&](soci::session &sql) { periods = DirectoryStore(sql).acting_periods(); });
    Json list = Json::array();
    for (const ActingPeriod &p : periods) {
        if (!employee.empty() && p.employee_id != employee && p.supervisor_id != employee) {
            continue;
        }
        const auto until = parse_iso_date(p.until_date);
        list.push_back({{"employee_id", p.employee_id},
                        {"supervisor_id", p.supervisor_id},
                        {"until", p.until_date},
                        {"in_force", until && *until >= today}});
    }
    return {{"assignments", std::move(list)}};
}

void add_acting_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "directory.set_acting",
        .summary =
            "Acting supervisors the host reports, each until a last day (YYYY-MM-DD, inclusive): "
            "replace every earlier assignment, or add to them (a pair already stored gets the new "
            "day). Chain-of-command checks count an acting supervisor besides the permanent one.",
        .roles = kDirectoryWriters,
        .writes = true,
        .handler = &directory_set_acting,
    });
    catalog.add({
        .name = "directory.acting",
        .summary = "The acting supervisor assignments stored, with whether each is in force today; "
                   "optionally only those naming one employee (as either side).",
        .roles = kDirectoryReaders,
        .handler = &directory_acting,
    });
}

}  // namespace

void add_directory_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "directory.sync",
        .summary =
            "Replace (full) or update (incremental) the employee directory from plugin-format "
            "records, a SCIM 2.0 ListResponse, CSV, or a pull from the host, read through the "
            "agency's mapping (policy.directory.mapping). All or nothing: a bad row or a "
            "broken org chart leaves the previous directory in place. Fields outside the "
            "allow-list are dropped and named (dropped_fields); a kept text field matching "
            "policy.directory.screen (internal affairs, IA case numbers, suspension, "
            "discipline, misconduct, ...) is not stored and is named by employee id and field "
            "(screened_fields), never by value. Records whose category or shift the export "
            "does not give are kept as unknown and counted in warnings, or rejected, by "
            "policy. With dry_run: what the sync would do (counts, the first changes by "
            "employee id, dropped and screened fields, rejected rows, warnings, org-chart "
            "problems), writing nothing; no idempotency_key needed.",
        .roles = kDirectoryWriters,
        .writes = true,
        .handler = &directory_sync,
    });
    catalog.add({
        .name = "directory.get",
        .summary = "One employee's directory record.",
        .roles = kDirectoryReaders,
        .handler = &directory_get,
    });
    catalog.add({
        .name = "directory.search",
        .summary = "Employees by name or id text and by division, unit, shift, category and active "
                   "flag, in id order, a page at a time (pass next_after_id back as after_id).",
        .roles = kDirectoryReaders,
        .handler = &directory_search,
    });
    add_acting_methods(catalog);
}

}  // namespace psp
