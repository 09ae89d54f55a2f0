// guided_tour.cpp: the tour's steps. Each prints what happened and checks what should have.
#include "host_sim/guided_tour.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/agency_session.hpp"
#include "host_sim/counted_noun.hpp"
#include "host_sim/firewall_check.hpp"
#include "host_sim/host_work_dir.hpp"

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// The host authenticates these people and grants them these roles; the plugin authorises.
constexpr const char *kHrAdmin = "E000002";
constexpr const char *kAuditor = "E000003";
constexpr const char *kItAdmin = "E000004";
constexpr const char *kOfficer = "E000010";
constexpr int64_t kOneHourMs = 3'600'000;

// The personal fields the generated HR export carries and the plugin must drop.
constexpr std::array<const char *, 4> kPersonalFields = {"emails", "phoneNumbers", "addresses",
                                                         "userName"};

std::string join(const std::vector<std::string> &items, const char *separator = ", ") {
    std::string text;
    for (const std::string &item : items) {
        text += (text.empty() ? "" : separator) + item;
    }
    return text;
}

std::string seconds_since(SteadyClock::time_point start) {
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", seconds);
    return text;
}

// The employees the tour changes in HR: two people nobody reports to (so neither change can
// break the chart), and a unit in another division to move the first one to.
struct TourCast {
    const HostEmployee *transferred = nullptr;
    const HostEmployee *departing = nullptr;
    const HostEmployee *new_post = nullptr;
};

TourCast pick_cast(const GeneratedAgency &agency) {
    std::set<std::string> managers;
    for (const HostEmployee &e : agency.employees) {
        managers.insert(e.manager_scim_id);
    }
    std::vector<const HostEmployee *> leaves;
    for (const HostEmployee &e : agency.employees) {
        if (!e.manager_scim_id.empty() && managers.count(e.scim_id) == 0) {
            leaves.push_back(&e);
        }
    }
    TourCast cast;
    for (const HostEmployee *e : leaves) {
        if (cast.transferred == nullptr && e->division == "Patrol") {
            cast.transferred = e;
        }
    }
    if (cast.transferred == nullptr && !leaves.empty()) {
        cast.transferred = leaves.front();
    }
    const auto elsewhere = [&](const HostEmployee *e, bool other_shift) {
        return cast.transferred != nullptr && e->division != cast.transferred->division &&
               (!other_shift || e->shift != cast.transferred->shift);
    };
    for (const bool other_shift : {true, false}) {
        for (const HostEmployee *e : leaves) {
            if (cast.new_post == nullptr && elsewhere(e, other_shift)) {
                cast.new_post = e;
            }
        }
    }
    if (!leaves.empty() && leaves.back() != cast.transferred) {
        cast.departing = leaves.back();
    }
    return cast;
}

class GuidedTour {
  public:
    GuidedTour(const TourOptions &options, std::ostream &out)
        : options_(options), out_(out), work_dir_(options.work_dir) {}

    bool run() {
        const SteadyClock::time_point start = SteadyClock::now();
        out_ << "Peer Support Program plugin: a guided tour through the host simulator\n"
             << "work dir " << work_dir_.root().string() << "\n\n";
        step("Generate a simulated agency", [&] { return generate(); });
        step("Install the plugin from its manifest", [&] { return install(); });
        if (session_ == nullptr) {
            return finish(start);
        }
        step("plugin.info: what the plugin says it is", [&] { return describe_plugin(); });
        step("health: a new, empty instance", [&] { return check_health(0); });
        step("Full directory sync, pulled from the host", [&] { return full_pull(); });
        step("HR transfers one employee and another leaves; incremental sync",
             [&] { return incremental_pull(); });
        step("directory.search", [&] { return search(); });
        step("A forbidden call is refused", [&] { return forbidden_calls(); });
        step("A broken org chart is refused; the previous directory stays",
             [&] { return broken_org_chart(); });
        step("Idempotent retry of the incremental sync", [&] { return idempotent_retry(); });
        step("audit.verify: the audit log's hash chain", [&] { return verify_audit(); });
        step("The fetch log: what the plugin asked the host for", [&] { return fetch_log(); });
        step("Disciplinary markers in the plugin's files and logs", [&] { return marker_scan(); });
        return finish(start);
    }

  private:
    // ---- Framing ------------------------------------------------------------------------------

    void step(const std::string &title, const std::function<bool()> &body) {
        ++steps_;
        out_ << (steps_ < 10 ? " " : "") << steps_ << ". " << title << '\n';
        const SteadyClock::time_point start = SteadyClock::now();
        bool behaved = false;
        try {
            behaved = body();
        } catch (const std::exception &e) {
            detail(std::string("error: ") + e.what());
        }
        if (behaved) {
            ++behaved_;
        }
        out_ << "    -> " << (behaved ? "as expected" : "NOT AS EXPECTED") << " ("
             << seconds_since(start) << ")\n\n";
    }

    void detail(const std::string &line) { out_ << "    " << line << '\n'; }

    bool expect(bool condition, const std::string &what) {
        if (!condition) {
            detail("expected " + what);
        }
        return condition;
    }

    bool finish(SteadyClock::time_point start) {
        if (session_ != nullptr) {
            WorkspaceState state = created_.state;
            state.clock_ms = session_->host().now_ms();
            work_dir_.save_state(state);
        }
        const bool all = behaved_ == steps_ && steps_ == kSteps;
        out_ << (all ? "Tour complete: " : "Tour FAILED: ") << behaved_ << " of " << kSteps
             << " steps behaved as expected, in " << seconds_since(start) << ".\n";
        if (session_ != nullptr) {
            out_ << "Try: psp-host call --work-dir " << work_dir_.root().string()
                 << " --method directory.search --params '{\"division\":\"Patrol\",\"limit\":3}'"
                 << " --roles hr_admin\n";
        }
        return all;
    }

    CallOutcome call(const std::string &method, const std::string &principal,
                     const std::vector<std::string> &roles, const Json &params = Json::object(),
                     const std::string &idempotency_key = "") {
        return session_->call({method, principal, roles, params, idempotency_key});
    }

    bool expect_ok(const CallOutcome &outcome, const std::string &method) {
        if (outcome.ok()) {
            return true;
        }
        detail(method + " failed: " + outcome.code() + ": " + outcome.error_message());
        return false;
    }

    Json employee(const std::string &id) {
        const CallOutcome found =
            call("directory.get", kHrAdmin, {"hr_admin"}, {{"employee_id", id}});
        return found.ok() ? found.result().at("employee") : Json();
    }

    // ---- The steps ------------------------------------------------------------------------------

    bool generate() {
        const Json config = {{"policy", {{"directory", {{"single_root", true}}}}}};
        created_ = create_workspace(work_dir_, options_.seed, options_.size, config);
        const GeneratedAgency &agency = created_.agency;
        std::map<std::string, std::size_t> categories;
        std::set<std::string> divisions;
        std::set<std::string> shifts;
        for (const HostEmployee &e : agency.employees) {
            ++categories[e.staff_category];
            divisions.insert(e.division);
            shifts.insert(e.shift);
        }
        detail("agency " + agency.agency_id + " (seed " + std::to_string(options_.seed) +
               "): " + std::to_string(agency.employees.size()) +
               " employees: " + std::to_string(categories["sworn"]) + " sworn, " +
               std::to_string(categories["dispatcher"]) + " dispatchers, " +
               std::to_string(categories["civilian"]) + " other civilian staff");
        detail(std::to_string(divisions.size()) + " divisions (" +
               join({divisions.begin(), divisions.end()}) + "); shifts " +
               join({shifts.begin(), shifts.end()}));
        detail("HR database " + created_.state.hr_database.string() +
               ": personal data (emails, phones, home addresses) and " +
               std::to_string(agency.disciplinary.size()) +
               " disciplinary records, the trap the plugin must never reach");
        cast_ = pick_cast(agency);
        return expect(agency.employees.size() == options_.size,
                      std::to_string(options_.size) + " employees") &&
               expect(cast_.transferred && cast_.departing && cast_.new_post,
                      "employees to transfer and to deactivate");
    }

    bool install() {
        const HostScopePolicy policy({"directory"});
        auto plugin = load_plugin(options_.manifest, policy);
        const PluginManifest &m = plugin->manifest();
        detail("manifest " + m.manifest_file.string() + ": valid against the host's schema");
        detail("library " + m.library_file.filename().string() + ": SHA-256 " + m.library_sha256 +
               " matches");
        detail("ABI major " + std::to_string(m.abi_major) + " (this host speaks " +
               std::to_string(PSP_ABI_VERSION_MAJOR) + "); plugin " + m.name + " " + m.version);
        detail("scopes requested: " + join(m.requested_scopes) +
               " (granted); forbidden by the "
               "plugin: " +
               join(m.forbidden_scopes));
        detail("refused by this host to every plugin: " + join(refused_scopes()));
        session_ =
            std::make_unique<AgencySession>(std::move(plugin), work_dir_, created_.state,
                                            AgencySessionOptions{{"directory"}, options_.echo_log});
        detail("loaded with Boost.DLL (rtld_now | rtld_local); instance created for " +
               created_.state.agency_id + ", data in " + work_dir_.plugin_data_dir().string());
        return true;
    }

    bool describe_plugin() {
        const CallOutcome info = call("plugin.info", kItAdmin, {"it_admin"});
        if (!expect_ok(info, "plugin.info")) {
            return false;
        }
        const Json &r = info.result();
        detail(r.at("name").get<std::string>() + " " + r.at("version").get<std::string>() +
               ", ABI " + std::to_string(r.at("abi").at("major").get<int>()) + "." +
               std::to_string(r.at("abi").at("minor").get<int>()) + ", storage schema version " +
               std::to_string(r.at("schema_version").get<int>()));
        detail("roles: " + join(r.at("roles").get<std::vector<std::string>>()));
        for (const Json &m : r.at("methods")) {
            detail("  " + m.at("name").get<std::string>() +
                   (m.at("writes").get<bool>() ? " (writes)" : "") + ": " +
                   join(m.at("roles").get<std::vector<std::string>>()));
        }
        return expect(r.at("methods").size() == session_->plugin().manifest().methods.size(),
                      "the same methods as the manifest");
    }

    bool check_health(std::size_t employees) {
        const CallOutcome health = call("health", kItAdmin, {"it_admin"});
        if (!expect_ok(health, "health")) {
            return false;
        }
        const Json &r = health.result();
        detail("status " + r.at("status").get<std::string>() + ", backend " +
               r.at("backend").get<std::string>() + ", " +
               std::to_string(r.at("employees").get<std::size_t>()) + " employees, host clock " +
               format_utc(r.at("now_ms").get<int64_t>()));
        return expect(r.at("employees") == employees, std::to_string(employees) + " employees");
    }

    bool full_pull() {
        const std::size_t fetches_before = session_->host().fetch_count();
        const CallOutcome sync = call("directory.sync", kHrAdmin, {"hr_admin"},
                                      {{"mode", "full"}, {"source", "host"}}, "tour-full-sync");
        if (!expect_ok(sync, "directory.sync")) {
            return false;
        }
        const Json &r = sync.result();
        const auto dropped = r.at("dropped_fields").get<std::vector<std::string>>();
        detail("added " + r.at("added").dump() + ", total " + r.at("total").dump() + ", from " +
               counted(session_->host().fetch_count() - fetches_before, "SCIM page") +
               " fetched from the host (scope \"directory\")");
        detail("dropped at the door, by name only (" + std::to_string(dropped.size()) +
               "): " + join(dropped));
        const Json sample = employee(cast_.transferred->employee_number);
        detail("kept, for example: " + sample.dump());
        bool behaved = expect(r.at("added") == options_.size, "every employee added");
        for (const std::string field : kPersonalFields) {
            behaved = expect(std::find(dropped.begin(), dropped.end(), field) != dropped.end(),
                             field + " among the dropped fields") &&
                      behaved;
        }
        return expect(!sample.is_null() && !sample.contains("emails"), "a minimal record") &&
               behaved;
    }

    bool incremental_pull() {
        const HostEmployee &moved = *cast_.transferred;
        const HostEmployee &post = *cast_.new_post;
        session_->host().with_hr_database([&](HrDatabase &hr) {
            hr.transfer(moved.employee_number, post.division, post.unit, post.shift);
            hr.deactivate(cast_.departing->employee_number);
        });
        detail("HR: " + moved.employee_number + " moves from " + moved.unit + " (" + moved.shift +
               ") to " + post.unit + " (" + post.shift + "); " + cast_.departing->employee_number +
               " leaves the agency");
        session_->host().advance_ms(kOneHourMs);
        const std::size_t fetches_before = session_->host().fetch_count();
        const CallOutcome sync =
            call("directory.sync", kHrAdmin, {"hr_admin"},
                 {{"mode", "incremental"}, {"source", "host"}}, "tour-incremental-sync");
        if (!expect_ok(sync, "directory.sync")) {
            return false;
        }
        incremental_response_ = sync.response;
        const Json &r = sync.result();
        const std::vector<FetchRecord> log = session_->host().fetch_log();
        detail("an hour later: updated " + r.at("updated").dump() + ", added " +
               r.at("added").dump() + ", removed " + r.at("removed").dump() + ", total " +
               r.at("total").dump() + "; " +
               counted(log.size() - fetches_before, "fetch", "fetches") + ", the last with query " +
               log.back().query);
        const Json moved_now = employee(moved.employee_number);
        const Json gone_now = employee(cast_.departing->employee_number);
        detail(moved.employee_number + " now: " + moved_now.value("unit", "?") + ", " +
               moved_now.value("shift", "?") + "; " + cast_.departing->employee_number +
               " active: " + gone_now.value("active", Json()).dump());
        return expect(r.at("updated") == 2 && r.at("added") == 0 && r.at("unchanged") == 0,
                      "exactly the two changed employees updated") &&
               expect(moved_now.value("unit", "") == post.unit, "the new unit") &&
               expect(gone_now.value("active", true) == false, "the leaver inactive");
    }

    bool search() {
        const Json params = {
            {"division", "Patrol"}, {"shift", "Night"}, {"active", true}, {"limit", 5}};
        const CallOutcome found = call("directory.search", kHrAdmin, {"hr_admin"}, params);
        if (!expect_ok(found, "directory.search")) {
            return false;
        }
        const Json &employees = found.result().at("employees");
        detail("division Patrol, shift Night, active, first " + std::to_string(employees.size()) +
               " (next_after_id " + found.result().at("next_after_id").dump() + "):");
        bool behaved = expect(!employees.empty(), "night-shift patrol staff");
        for (const Json &e : employees) {
            detail("  " + e.at("id").get<std::string>() + "  " + e.at("name").get<std::string>() +
                   ", " + e.at("title").get<std::string>() + ", " +
                   e.at("unit").get<std::string>());
            behaved = expect(e.at("division") == "Patrol" && e.at("shift") == "Night",
                             "only Patrol night shift") &&
                      behaved;
        }
        return behaved;
    }

    bool forbidden_calls() {
        const CallOutcome sync = call("directory.sync", kOfficer, {"employee"},
                                      {{"mode", "full"}, {"source", "host"}}, "tour-forbidden");
        detail("directory.sync as " + std::string(kOfficer) + " [employee]: " + sync.code() + ": " +
               sync.error_message());
        const CallOutcome audit = call("audit.read", kHrAdmin, {"hr_admin"});
        detail("audit.read as " + std::string(kHrAdmin) + " [hr_admin]: " + audit.code() + ": " +
               audit.error_message());
        return expect(sync.code() == "forbidden" && audit.code() == "forbidden",
                      "both refused as forbidden");
    }

    bool broken_org_chart() {
        // A supervisor cycle: E900002 and E900003 supervise each other.
        const Json records = Json::array({
            {{"id", "E900001"}, {"name", "Root Person"}, {"category", "sworn"}},
            {{"id", "E900002"},
             {"name", "Loop One"},
             {"category", "sworn"},
             {"supervisor_id", "E900003"}},
            {{"id", "E900003"},
             {"name", "Loop Two"},
             {"category", "sworn"},
             {"supervisor_id", "E900002"}},
        });
        const CallOutcome sync = call(
            "directory.sync", kHrAdmin, {"hr_admin"},
            {{"mode", "full"}, {"source", "records"}, {"records", records}}, "tour-broken-chart");
        detail("full sync of 3 records with a supervisor cycle: " + sync.code() + ": " +
               sync.error_message());
        const Json error = sync.response.value("error", Json::object());
        if (error.contains("records")) {
            detail("offending records: " + error.at("records").dump());
        }
        const bool refused = expect(sync.code() == "invalid_org_chart", "invalid_org_chart");
        const bool intact = check_health(options_.size);
        const Json moved = employee(cast_.transferred->employee_number);
        detail(cast_.transferred->employee_number + " still in " + moved.value("unit", "?"));
        return refused && intact &&
               expect(moved.value("unit", "") == cast_.new_post->unit,
                      "the previous directory unchanged");
    }

    bool idempotent_retry() {
        const std::size_t fetches_before = session_->host().fetch_count();
        const CallOutcome retry =
            call("directory.sync", kHrAdmin, {"hr_admin"},
                 {{"mode", "incremental"}, {"source", "host"}}, "tour-incremental-sync");
        const std::size_t fetches = session_->host().fetch_count() - fetches_before;
        detail("same idempotency key tour-incremental-sync: " + retry.code() +
               (retry.response == incremental_response_ ? ", the first answer replayed"
                                                        : ", a DIFFERENT answer") +
               ", " + counted(fetches, "fetch", "fetches"));
        return expect(retry.response == incremental_response_, "the first answer") &&
               expect(fetches == 0, "no new fetch");
    }

    bool verify_audit() {
        const CallOutcome verify = call("audit.verify", kAuditor, {"auditor"});
        if (!expect_ok(verify, "audit.verify")) {
            return false;
        }
        const Json &r = verify.result();
        detail("intact " + r.at("intact").dump() + ", " + r.at("entries_checked").dump() +
               " entries checked (refused calls are audited too)");
        return expect(r.at("intact") == true, "an intact chain");
    }

    bool fetch_log() {
        std::map<std::string, std::size_t> granted;
        std::map<std::string, std::size_t> refused;
        std::size_t bytes = 0;
        const std::vector<FetchRecord> log = session_->host().fetch_log();
        for (const FetchRecord &f : log) {
            ++(f.granted ? granted : refused)[f.scope];
            bytes += f.bytes;
        }
        detail(counted(log.size(), "request") + ", " + std::to_string(bytes) +
               " bytes answered; also in " + work_dir_.fetch_log_file().string());
        for (const auto &[scope, count] : granted) {
            detail("  scope \"" + scope + "\": " + std::to_string(count) + " granted");
        }
        for (const auto &[scope, count] : refused) {
            detail("  scope \"" + scope + "\": " + std::to_string(count) + " REFUSED");
        }
        detail("never requested: " + join(refused_scopes()) +
               "; the host has no code path from any scope to the disciplinary table");
        return expect(refused.empty() && granted.size() == 1 && granted.count("directory") == 1,
                      "only \"directory\" requests, all granted");
    }

    bool marker_scan() {
        std::vector<std::string> markers;
        session_->host().with_hr_database(
            [&](HrDatabase &hr) { markers = hr.disciplinary_markers(); });
        const FirewallReport report =
            check_disciplinary_firewall(session_->host(), markers, work_dir_.plugin_data_dir());
        detail(std::to_string(report.markers) +
               " distinct marker values from the disciplinary "
               "table, looked for in " +
               counted(report.files_scanned, "file") + " (" + std::to_string(report.bytes_scanned) +
               " bytes: database, -wal, -shm) and " +
               counted(report.log_lines_scanned, "log line"));
        for (const std::string &v : report.violations) {
            detail("VIOLATION: " + v);
        }
        if (report.held()) {
            detail("none found");
        }
        return report.held();
    }

    static constexpr std::size_t kSteps = 13;

    const TourOptions &options_;
    std::ostream &out_;
    HostWorkDir work_dir_;
    CreatedWorkspace created_;
    TourCast cast_;
    std::unique_ptr<AgencySession> session_;
    Json incremental_response_;
    std::size_t steps_ = 0;
    std::size_t behaved_ = 0;
};

}  // namespace

bool run_guided_tour(const TourOptions &options, std::ostream &out) {
    return GuidedTour(options, out).run();
}

}  // namespace psp::host_sim
