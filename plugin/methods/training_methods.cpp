// training_methods.cpp: the training catalogue, attendance records (entered, CSV, xAPI) and
// compliance (IACP 8.1-8.3) on the wire.
#include <soci/soci.h>

#include <algorithm>

#include "adapters/csv_training.hpp"
#include "adapters/xapi_training.hpp"
#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/training_catalog.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/training_recording.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kCatalogReaders = RoleSet::all();
constexpr RoleSet kImporters = {Role::coordinator, Role::hr_admin};
constexpr RoleSet kComplianceReaders = {Role::coordinator, Role::hr_admin, Role::peer_supporter};

Json hours_json(int64_t minutes) {
    return hours_from_minutes(minutes);
}

CivilDate today(MethodContext &context) {
    return context.config().calendar.local_date(context.now_ms());
}

Json training_catalog(MethodContext &context, const Json & /*params*/) {
    std::vector<CustomTopic> custom;
    std::vector<TrainingCourse> courses;
    context.read([&](soci::session &sql) {
        TrainingStore store(sql);
        custom = store.topics();
        courses = store.courses();
    });
    Json topics = Json::array();
    for (const TrainingTopic &t : iacp_training_topics()) {
        topics.push_back({{"code", t.code}, {"title", t.title}, {"section", t.section}});
    }
    for (const CustomTopic &t : custom) {
        topics.push_back({{"code", t.code}, {"title", t.title}, {"section", ""}});
    }
    Json list = Json::array();
    for (const TrainingCourse &c : courses) {
        list.push_back({{"code", c.code},
                        {"title", c.title},
                        {"hours", hours_json(c.minutes)},
                        {"provider", c.provider},
                        {"topics", c.topics}});
    }
    return {{"topics", std::move(topics)}, {"courses", std::move(list)}};
}

std::string code_param(const Json &params, const char *key) {
    std::string code = params.at(key).get<std::string>();
    if (!is_valid_training_code(code)) {
        throw Error(ErrorCode::invalid_request,
                    "'" + code.substr(0, 64) + "' is not a code (a-z, 0-9 and '_', 1 to 64)",
                    std::string("/params/") + key);
    }
    return code;
}

// Codes name a course or a topic, never both, so an xAPI activity id is never ambiguous.
void require_unused_code(TrainingStore &store, const std::string &code) {
    if (is_iacp_topic(code) || store.has_topic(code) || store.find_course(code)) {
        throw Error(ErrorCode::conflict, "code " + code + " is already in the catalogue",
                    "/params/code");
    }
}

Json training_add_topic(MethodContext &context, const Json &params) {
    const CustomTopic topic{code_param(params, "code"), params.at("title").get<std::string>()};
    return context.commit([&](soci::session &sql) {
        TrainingStore store(sql);
        require_unused_code(store, topic.code);
        store.add_topic(topic, context.now_ms());
        return Json{{"code", topic.code}};
    });
}

void require_known_topics(TrainingStore &store, const std::vector<std::string> &topics) {
    for (std::size_t i = 0; i < topics.size(); ++i) {
        if (!is_iacp_topic(topics[i]) && !store.has_topic(topics[i])) {
            throw Error(ErrorCode::not_found, "no topic " + topics[i] + " in the catalogue",
                        "/params/topics/" + std::to_string(i));
        }
    }
}

Json training_add_course(MethodContext &context, const Json &params) {
    TrainingCourse course{code_param(params, "code"), params.at("title").get<std::string>(),
                          minutes_from_hours(params.at("hours").get<double>()),
                          params.value("provider", ""),
                          params.value("topics", std::vector<std::string>{})};
    return context.commit([&](soci::session &sql) {
        TrainingStore store(sql);
        require_unused_code(store, course.code);
        require_known_topics(store, course.topics);
        store.add_course(course, context.now_ms());
        return Json{{"code", course.code}};
    });
}

// The request field a single entered record's problem is about (the reasons are
// training_record.hpp's and training_recording.cpp's).
// Matched on how each reason begins or ends, never on the codes quoted inside it.
std::string entry_field(const std::string &reason) {
    const auto starts = [&](std::string_view head) { return reason.rfind(head, 0) == 0; };
    const auto ends = [&](std::string_view tail) {
        return reason.size() >= tail.size() &&
               reason.compare(reason.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (starts("employee")) {
        return "/params/employee_id";
    }
    if (starts("date ")) {
        return "/params/date";
    }
    if (starts("hours")) {
        return "/params/hours";
    }
    if (starts("provider")) {
        return "/params/provider";
    }
    if (ends("is not a topic in the catalogue")) {
        return "/params/topic";
    }
    return "/params/course";
}

// One entered record is not an import: its problem is reported as the record's own, at its field.
void require_entry_accepted(const std::vector<RejectedRow> &rejected) {
    if (rejected.empty()) {
        return;
    }
    const std::string &reason = rejected.front().reason;
    throw Error(ErrorCode::invalid_request,
                "the training record was not stored: " + reason + "; nothing was recorded",
                entry_field(reason));
}

// training.import with dry_run: the same checks, nothing stored; the rejected rows are listed
// instead of refusing the answer, with the first records that would be stored, by employee id.
Json import_preview(MethodContext &context, TrainingImport import, const std::string &format,
                    std::vector<std::string> dropped) {
    constexpr std::size_t kListed = 20;
    RecordingOutcome outcome;
    context.read([&](soci::session &sql) {
        outcome =
            check_attendance(sql, context.config().training, today(context), std::move(import));
    });
    std::stable_sort(outcome.rejected.begin(), outcome.rejected.end(),
                     [](const RejectedRow &a, const RejectedRow &b) { return a.row < b.row; });
    std::vector<const AttendanceRecord *> fresh;
    for (const AttendanceRecord &r : outcome.fresh) {
        fresh.push_back(&r);
    }
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const AttendanceRecord *a, const AttendanceRecord *b) {
                         return a->employee_id < b->employee_id;
                     });
    Json first = Json::array();
    for (std::size_t i = 0; i < fresh.size() && i < kListed; ++i) {
        const AttendanceRecord &r = *fresh[i];
        first.push_back({{"employee_id", r.employee_id},
                         {"date", format_iso_date(r.date)},
                         {"hours", hours_json(r.minutes)},
                         {"course", r.course_code},
                         {"topic", r.topic_code}});
    }
    Json rejected = Json::array();
    for (std::size_t i = 0; i < outcome.rejected.size() && i < kListed; ++i) {
        rejected.push_back(
            {{"row", outcome.rejected[i].row}, {"reason", outcome.rejected[i].reason}});
    }
    return {{"format", format},
            {"dry_run", true},
            {"imported", outcome.fresh.size()},
            {"unchanged", outcome.unchanged},
            {"dropped_fields", std::move(dropped)},
            {"records", std::move(first)},
            {"rejected", {{"count", outcome.rejected.size()}, {"first", std::move(rejected)}}}};
}

// Checks and stores the records in the commit's transaction; all or nothing.
Json store_records(MethodContext &context, TrainingImport import, const std::string &format,
                   const std::string &field) {
    std::vector<std::string> dropped(import.dropped_fields.begin(), import.dropped_fields.end());
    if (context.dry_run()) {
        return import_preview(context, std::move(import), format, std::move(dropped));
    }
    return context.commit([&](soci::session &sql) {
        RecordingOutcome outcome =
            check_attendance(sql, context.config().training, today(context), std::move(import));
        if (format == "entry") {
            require_entry_accepted(outcome.rejected);
        }
        require_no_rejected_rows(std::move(outcome.rejected), format, field);
        TrainingStore(sql).insert(outcome.fresh, context.now_ms());
        return Json{{"format", format},
                    {"imported", outcome.fresh.size()},
                    {"unchanged", outcome.unchanged},
                    {"dropped_fields", dropped},
                    {"dry_run", false}};
    });
}

Json training_record(MethodContext &context, const Json &params) {
    AttendanceRecord r;
    r.employee_id = params.at("employee_id").get<std::string>();
    r.date = require_iso_date(params.at("date").get<std::string>(), "/params/date");
    r.minutes = minutes_from_hours(params.at("hours").get<double>());
    r.course_code = params.value("course", "");
    r.topic_code = params.value("topic", "");
    r.provider = params.value("provider", "");
    r.source = "entry";
    TrainingImport import;
    import.records.push_back(std::move(r));
    return store_records(context, std::move(import), "entry", "/params");
}

std::unordered_map<std::string, std::string> mbox_map(const Json &params) {
    std::unordered_map<std::string, std::string> out;
    const Json map = params.value("mbox_map", Json::object());
    for (const auto &[mbox, id] : map.items()) {
        out.emplace(mbox, id.get<std::string>());
    }
    return out;
}

Json training_import(MethodContext &context, const Json &params) {
    const std::string format = params.at("format").get<std::string>();
    const char *payload = format == "csv" ? "csv" : "statements";
    if (!params.contains(payload)) {
        throw Error(ErrorCode::invalid_request, "format " + format + " needs params." + payload,
                    std::string("/params/") + payload);
    }
    const char *other = format == "csv" ? "statements" : "csv";
    if (params.contains(other) || (format == "csv" && params.contains("mbox_map"))) {
        throw Error(ErrorCode::invalid_request,
                    "params." + std::string(params.contains(other) ? other : "mbox_map") +
                        " does not go with format " + format,
                    std::string("/params/") + (params.contains(other) ? other : "mbox_map"));
    }
    TrainingImport import =
        format == "csv" ? import_csv_training(params.at("csv").get<std::string>())
                        : import_xapi_statements(params.at("statements"), context.config().calendar,
                                                 mbox_map(params));
    return store_records(context, std::move(import), format, std::string("/params/") + payload);
}

Json initial_json(const InitialTrainingStatus &s) {
    return {{"complete", s.complete},
            {"hours_done", hours_json(s.minutes_done)},
            {"hours_required", hours_json(s.minutes_required)},
            {"missing_topics", s.missing_topics}};
}

Json compliance_json(const std::string &employee_id, const ComplianceStatus &s) {
    return {{"employee_id", employee_id},
            {"status", compliance_state_name(s.state)},
            {"period", s.period},
            {"period_start", format_iso_date(s.period_start)},
            {"period_end", format_iso_date(s.period_end)},
            {"hours_this_period", hours_json(s.minutes_this_period)},
            {"hours_required", hours_json(s.minutes_required)},
            {"hours_outstanding", hours_json(s.minutes_outstanding)},
            {"missing_topics", s.missing_topics},
            {"overdue_since", s.overdue_since ? Json(format_iso_date(*s.overdue_since)) : Json()},
            {"on_leave", s.on_leave}};
}

// A peer supporter sees only their own status; coordinators and HR see anyone's.
void require_may_see(MethodContext &context, const std::string &employee_id) {
    if (context.roles().intersects({Role::coordinator, Role::hr_admin})) {
        return;
    }
    if (context.principal().id != employee_id) {
        throw Error(ErrorCode::forbidden, "a peer supporter may see only their own training",
                    "/params/employee_id");
    }
}

Json training_compliance_method(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    require_may_see(context, id);
    std::optional<ComplianceStatus> status;
    InitialTrainingStatus initial;
    context.read([&](soci::session &sql) {
        status = psp_compliance(sql, context.config(), id, context.now_ms());
        initial = initial_training_status(sql, context.config(), id);
    });
    if (!status) {
        throw Error(ErrorCode::not_found, "employee " + id + " is not a peer supporter",
                    "/params/employee_id");
    }
    Json result = compliance_json(id, *status);
    result["initial"] = initial_json(initial);
    return result;
}

Json training_overdue(MethodContext &context, const Json & /*params*/) {
    std::unordered_map<std::string, ComplianceStatus> all;
    context.read([&](soci::session &sql) {
        all = compliance_of_all_psps(sql, context.config(), context.now_ms());
    });
    std::vector<std::string> ids;
    for (const auto &[id, s] : all) {
        if (s.state != ComplianceState::compliant && s.state != ComplianceState::due_soon) {
            ids.push_back(id);
        }
    }
    std::sort(ids.begin(), ids.end());
    Json list = Json::array();
    for (const std::string &id : ids) {
        list.push_back(compliance_json(id, all.at(id)));
    }
    return {{"as_of", format_iso_date(today(context))}, {"psps", std::move(list)}};
}
void add_catalogue_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "training.catalog",
        .summary = "The training topics (the 24 of IACP 8.3 and the agency's own) and courses.",
        .roles = kCatalogReaders,
        .handler = &training_catalog,
    });
    catalog.add({
        .name = "training.add_topic",
        .summary = "Adds an agency topic to the training catalogue.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &training_add_topic,
    });
    catalog.add({
        .name = "training.add_course",
        .summary = "Adds a course: hours, the topics it covers and its provider.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &training_add_course,
    });
}

void add_record_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "training.record",
        .summary = "Records one attendance: person, date (agency local), hours, course or topic, "
                   "provider.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &training_record,
    });
    catalog.add({
        .name = "training.import",
        .summary =
            "Imports attendance from CSV or xAPI statements. All or nothing, with the rejected "
            "rows "
            "and why; a re-sent statement (same id and content) changes nothing. With dry_run: "
            "what "
            "would be imported (counts, the first records by employee id, dropped fields, rejected "
            "rows), storing nothing; no idempotency_key needed.",
        .roles = kImporters,
        .writes = true,
        .handler = &training_import,
    });
}

void add_status_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "training.compliance",
        .summary = "One PSP's continuing training (status, hours this period, missing topics) and "
                   "initial training. A peer supporter may ask only about themself.",
        .roles = kComplianceReaders,
        .handler = &training_compliance_method,
    });
    catalog.add({
        .name = "training.overdue",
        .summary = "PSPs overdue or lapsed on continuing training, or whose initial "
                   "training is incomplete, by id.",
        .roles = kCoordinator,
        .handler = &training_overdue,
    });
}

}  // namespace

void add_training_methods(MethodCatalog &catalog) {
    add_catalogue_methods(catalog);
    add_record_methods(catalog);
    add_status_methods(catalog);
}

}  // namespace psp
