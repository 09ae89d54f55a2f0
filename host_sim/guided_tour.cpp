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

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
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
constexpr const char *kCommandStaff = "E000001";  // the chief: aggregate statistics only
constexpr const char *kClinician = "CLIN-1";      // a licensed clinician outside the agency
constexpr int64_t kOneHourMs = 3'600'000;
constexpr int64_t kOneDayMs = 24 * kOneHourMs;
// The topics of the default initial training policy (policy.training.initial), 8 hours each.
constexpr std::array<const char *, 5> kInitialTopics = {
    "confidentiality", "role_conflict", "limits_liability", "suicide_assessment", "referral"};

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

// A volunteer for the team, with who recommends them: their supervisor and a peer under the
// same supervisor.
struct Candidate {
    const HostEmployee *person = nullptr;
    const HostEmployee *supervisor = nullptr;
    const HostEmployee *peer = nullptr;
};

// The program's cast: three Patrol officers of different shifts volunteer (long enough in
// service, leaves of the chart, none of them the tour's HR cast), and three other Patrol
// officers are involved in a critical incident.
struct ProgramCast {
    std::vector<Candidate> candidates;
    std::vector<const HostEmployee *> involved;
    // The program coordinator: a Support Services sergeant, outside every Patrol candidate's chain
    // of command, so the selection decisions and reviews are theirs to make.
    std::string coordinator = "E000005";
};

ProgramCast pick_program_cast(const GeneratedAgency &agency, const TourCast &hr_cast) {
    std::map<std::string, const HostEmployee *> by_scim;
    std::map<std::string, std::vector<const HostEmployee *>> reports;
    for (const HostEmployee &e : agency.employees) {
        by_scim[e.scim_id] = &e;
        reports[e.manager_scim_id].push_back(&e);
    }
    const auto busy = [&](const HostEmployee *e) {
        return e == hr_cast.transferred || e == hr_cast.departing || e == hr_cast.new_post;
    };
    ProgramCast cast;
    std::set<std::string> shifts;
    std::set<const HostEmployee *> used;
    for (const HostEmployee &e : agency.employees) {
        const bool leaf = reports.count(e.scim_id) == 0;
        if (!leaf || busy(&e) || !e.active || e.division != "Patrol" ||
            e.staff_category != "sworn" || e.hire_date > "2024-06-30" ||
            shifts.count(e.shift) != 0 || cast.candidates.size() == 3) {
            continue;
        }
        const auto manager = by_scim.find(e.manager_scim_id);
        if (manager == by_scim.end()) {
            continue;
        }
        const HostEmployee *peer = nullptr;
        for (const HostEmployee *other : reports[e.manager_scim_id]) {
            if (other != &e && !busy(other) && used.count(other) == 0 && peer == nullptr) {
                peer = other;
            }
        }
        if (peer == nullptr) {
            continue;
        }
        cast.candidates.push_back({&e, manager->second, peer});
        shifts.insert(e.shift);
        used.insert({&e, manager->second, peer});
    }
    // A Support Services sergeant if there is one, else anyone outside Patrol below the chief.
    const auto may_coordinate = [&](const HostEmployee &e) {
        return e.active && e.division != "Patrol" && !e.manager_scim_id.empty() && !busy(&e) &&
               e.employee_number != kHrAdmin && e.employee_number != kAuditor &&
               e.employee_number != kItAdmin;
    };
    int best = -1;
    for (const HostEmployee &e : agency.employees) {
        const int fit = !may_coordinate(e)                                          ? -1
                        : e.division == "Support Services" && e.title == "Sergeant" ? 1
                                                                                    : 0;
        if (fit > best) {
            best = fit;
            cast.coordinator = e.employee_number;
        }
    }
    for (const HostEmployee &e : agency.employees) {
        if (cast.involved.size() < 3 && e.active && e.division == "Patrol" &&
            reports.count(e.scim_id) == 0 && !busy(&e) && used.count(&e) == 0) {
            cast.involved.push_back(&e);
        }
    }
    return cast;
}

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
        step("HR previews the first sync: what it would do, nothing written",
             [&] { return preview_sync(); });
        step("Full directory sync, pulled from the host", [&] { return full_pull(); });
        step("HR transfers one employee and another leaves; incremental sync",
             [&] { return incremental_pull(); });
        step("directory.search", [&] { return search(); });
        step("A forbidden call is refused", [&] { return forbidden_calls(); });
        step("A broken org chart is refused; the previous directory stays",
             [&] { return broken_org_chart(); });
        step("Idempotent retry of the incremental sync", [&] { return idempotent_retry(); });
        step("The coordinator registers the panel's clinician and publishes the agreement",
             [&] { return publish_agreement(); });
        step("Three volunteers through selection to active PSPs, with recorded training",
             [&] { return select_team(); });
        step("A critical incident: proposals, assignments, acknowledgement, check-ins",
             [&] { return critical_incident(); });
        step("A PSP logs a third contact with one person: a referral prompt",
             [&] { return contact_with_referral_prompt(); });
        step("The statistics command staff see, small counts suppressed",
             [&] { return command_statistics(); });
        step("Seven months later: training compliance and overdue notices",
             [&] { return training_overdue(); });
        step("A deselection review for missed training, retained with conditions",
             [&] { return review(); });
        step("The retention purge, shown from the plugin's database file",
             [&] { return retention_purge(); });
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

    // A write with its own idempotency key, as a host would send it.
    CallOutcome write(const std::string &method, const std::string &principal,
                      const std::vector<std::string> &roles, const Json &params = Json::object()) {
        return call(method, principal, roles, params, "tour-" + std::to_string(++keys_));
    }

    // The agency's date today, as the plugin's dates are written (policy.time_zone is UTC here).
    std::string today() const { return format_utc(session_->host().now_ms()).substr(0, 10); }

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
        program_ = pick_program_cast(agency, cast_);
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

    bool preview_sync() {
        const CallOutcome preview = call("directory.sync", kHrAdmin, {"hr_admin"},
                                         {{"mode", "full"}, {"source", "host"}, {"dry_run", true}});
        if (!expect_ok(preview, "directory.sync (dry_run)")) {
            return false;
        }
        const Json &r = preview.result();
        detail("mapping " + r.at("mapping").get<std::string>() + ": would add " +
               r.at("added").dump() + ", warnings " + r.at("warnings").at("count").dump() +
               ", rejected rows " + r.at("rejected").at("count").dump() + ", org-chart problems " +
               std::to_string(r.at("org_chart_problems").size()));
        std::vector<std::string> first;
        for (const Json &c : r.at("changes")) {
            if (first.size() < 3) {
                first.push_back(c.at("employee_id").get<std::string>() + " " +
                                c.at("change").get<std::string>());
            }
        }
        detail("first changes: " + join(first) + "; no idempotency key, nothing written");
        return expect(r.at("added") == options_.size, "every employee would be added") &&
               check_health(0);
    }

    bool publish_agreement() {
        const CallOutcome clinician =
            write("clinician.register", program_.coordinator, {"coordinator"},
                  {{"clinician_id", kClinician},
                   {"name", "Dr. Avery Lindqvist, PsyD"},
                   {"license", "PSY-27718"}});
        const CallOutcome agreement =
            write("agreement.publish", program_.coordinator, {"coordinator"},
                  {{"title", "Peer support confidentiality agreement"},
                   {"body",
                    "What I hear as a peer supporter stays with me, within the law and the "
                    "program's limits; I refer when a person needs more than a peer."}});
        if (!expect_ok(clinician, "clinician.register") ||
            !expect_ok(agreement, "agreement.publish")) {
            return false;
        }
        detail("clinician " + std::string(kClinician) + " registered by coordinator " +
               program_.coordinator + "; agreement published: " + agreement.result().dump());
        return true;
    }

    // One volunteer from application to active PSP, each step by the person whose step it is.
    bool select(const Candidate &c, const std::string &panel_psp) {
        const std::string id = c.person->employee_number;
        const std::string day = today();
        std::vector<std::pair<std::string, CallOutcome>> steps;
        steps.emplace_back("apply", write("selection.apply", id, {"employee"}));
        for (const HostEmployee *recommender : {c.supervisor, c.peer}) {
            steps.emplace_back("recommend by " + recommender->employee_number,
                               write("selection.recommend", recommender->employee_number,
                                     {"employee"}, {{"employee_id", id}, {"given_on", day}}));
        }
        steps.emplace_back(
            "HR attests good standing (yes/no, no reason)",
            write("selection.attest_standing", kHrAdmin, {"hr_admin"},
                  {{"employee_id", id}, {"in_good_standing", true}, {"attested_on", day}}));
        Json panel = Json::array({{{"member_id", kClinician}, {"role", "clinician"}},
                                  {{"member_id", program_.coordinator}, {"role", "member"}}});
        if (!panel_psp.empty()) {
            panel.push_back({{"member_id", panel_psp}, {"role", "peer_supporter"}});
        }
        // A member of the panel records its outcome: here the clinician.
        steps.emplace_back("interview with the clinician on the panel",
                           write("selection.record_interview", kClinician, {"clinician"},
                                 {{"employee_id", id},
                                  {"held_on", day},
                                  {"suitable", true},
                                  {"ratings",
                                   {{"maturity", 4},
                                    {"judgment", 4},
                                    {"ethics", 5},
                                    {"credibility", 4},
                                    {"education_training", 3}}},
                                  {"panel", panel}}));
        steps.emplace_back("decision",
                           write("selection.decide", program_.coordinator, {"coordinator"},
                                 {{"employee_id", id}, {"selected", true}, {"decided_on", day}}));
        steps.emplace_back("agreement signed",
                           write("agreement.sign", id, {"employee"}, {{"version", 1}}));
        for (const char *topic : kInitialTopics) {
            steps.emplace_back(std::string("training recorded: ") + topic,
                               write("training.record", program_.coordinator, {"coordinator"},
                                     {{"employee_id", id},
                                      {"date", day},
                                      {"hours", 8},
                                      {"topic", topic},
                                      {"provider", "Regional peer support academy"}}));
        }
        steps.emplace_back("initial training complete",
                           write("selection.complete_training", program_.coordinator,
                                 {"coordinator"}, {{"employee_id", id}}));
        for (const auto &[what, outcome] : steps) {
            if (!outcome.ok()) {
                detail(id + ": " + what + " failed: " + outcome.code() + ": " +
                       outcome.error_message());
                return false;
            }
        }
        const Json member = steps.back().second.result().at("member");
        detail(id + " (" + c.person->title + ", " + c.person->shift + " shift): applied, " +
               "recommended by " + c.supervisor->employee_number + " (supervisor) and " +
               c.peer->employee_number + " (peer), attested by HR " + kHrAdmin +
               ", interviewed (panel: " + kClinician + ", " + program_.coordinator +
               (panel_psp.empty() ? "" : ", " + panel_psp) + "; recorded by " + kClinician +
               "), selected by " + program_.coordinator +
               ", agreement signed, 40 h initial training -> " +
               member.at("status").get<std::string>());
        return expect(member.at("status") == "active", id + " active");
    }

    bool select_team() {
        if (!expect(program_.candidates.size() == 3, "three volunteers of different shifts")) {
            return false;
        }
        bool behaved = true;
        for (const Candidate &c : program_.candidates) {
            const std::string panel_psp = psps_.empty() ? "" : psps_.front();
            if (select(c, panel_psp)) {
                psps_.push_back(c.person->employee_number);
            } else {
                behaved = false;
            }
        }
        return behaved && expect(psps_.size() == 3, "three active PSPs");
    }

    bool critical_incident() {
        if (!expect(!psps_.empty() && !program_.involved.empty(), "a team and people involved")) {
            return false;
        }
        for (const HostEmployee *e : program_.involved) {
            involved_.push_back(e->employee_number);
        }
        const CallOutcome opened = write(
            "incident.open", program_.coordinator, {"coordinator"},
            {{"date", today()}, {"category", "post_critical_incident"}, {"involved", involved_}});
        if (!expect_ok(opened, "incident.open")) {
            return false;
        }
        incident_id_ = opened.result().at("incident").at("incident_id").get<int>();
        detail("incident " + std::to_string(incident_id_) + " opened: " + join(involved_) +
               " involved (no narrative: the schema has no field for what happened)");
        const CallOutcome proposals = call("incident.proposals", program_.coordinator,
                                           {"coordinator"}, {{"incident_id", incident_id_}});
        if (!expect_ok(proposals, "incident.proposals")) {
            return false;
        }
        std::size_t assigned = 0;
        std::size_t checked_in = 0;
        for (const Json &e : proposals.result().at("employees")) {
            const std::string employee = e.at("employee_id").get<std::string>();
            std::vector<std::string> offered;
            for (const Json &p : e.at("psps")) {
                offered.push_back(p.at("psp_id").get<std::string>());
            }
            detail("  " + employee + ": proposed " + (offered.empty() ? "nobody" : join(offered)));
            if (offered.empty()) {
                continue;
            }
            const std::string psp = offered.front();
            const Json ids = {{"incident_id", incident_id_}, {"employee_id", employee}};
            Json params = ids;
            params["psp_id"] = psp;
            const CallOutcome assign =
                write("activation.assign", program_.coordinator, {"coordinator"}, params);
            const CallOutcome ack = write("activation.acknowledge", psp, {"peer_supporter"}, ids);
            if (!expect_ok(assign, "activation.assign") ||
                !expect_ok(ack, "activation.acknowledge")) {
                continue;
            }
            ++assigned;
            session_->host().advance_ms(kOneHourMs);
            const CallOutcome check_in = write("activation.check_in", psp, {"peer_supporter"}, ids);
            if (expect_ok(check_in, "activation.check_in")) {
                ++checked_in;
                detail("    assigned to " + psp + ", acknowledged, checked in: " +
                       check_in.result().at("assignment").at("status").get<std::string>());
            }
        }
        return expect(assigned > 0 && checked_in == assigned,
                      "every assigned PSP acknowledged and checked in");
    }

    bool contact_with_referral_prompt() {
        if (!expect(!psps_.empty(), "the team selected earlier")) {
            return false;
        }
        const std::string psp = psps_.front();
        CallOutcome logged;
        for (int count = 1; count <= 3; ++count) {
            Json params = {{"category", "career_issues"}, {"minutes", 40}};
            if (count > 1) {
                params["repeat_count"] = count;
            }
            logged = write("contact.log", psp, {"peer_supporter"}, params);
            if (!expect_ok(logged, "contact.log")) {
                return false;
            }
        }
        const Json &r = logged.result();
        detail(psp +
               " logs a third contact with the same person (by their own count; the plugin "
               "keeps no identity): referral_prompt " +
               r.at("referral_prompt").dump() + ", suggestions " + r.at("suggestions").dump());
        return expect(r.at("referral_prompt") == true, "a referral prompt");
    }

    bool review() {
        if (!expect(!psps_.empty(), "the team selected earlier")) {
            return false;
        }
        const std::string psp = psps_.back();
        const CallOutcome opened = write("review.open", program_.coordinator, {"coordinator"},
                                         {{"employee_id", psp}, {"grounds", "training_failure"}});
        if (!expect_ok(opened, "review.open")) {
            return false;
        }
        const std::string due =
            format_utc(session_->host().now_ms() + 60 * kOneDayMs).substr(0, 10);
        const CallOutcome decided =
            write("review.decide", program_.coordinator, {"coordinator"},
                  {{"employee_id", psp},
                   {"outcome", "retained"},
                   {"decided_on", today()},
                   {"conditions",
                    Json::array({{{"kind", "catch_up_training"}, {"due", due}, {"hours", 4}}})}});
        if (!expect_ok(decided, "review.decide")) {
            return false;
        }
        detail(psp + ": review opened (" +
               opened.result().at("member").at("status").get<std::string>() +
               ", offered to nobody meanwhile), decided: retained with 4 h catch-up training by " +
               due);
        return true;
    }

    bool command_statistics() {
        if (!expect(!psps_.empty(), "the team selected earlier")) {
            return false;
        }
        const CallOutcome report = call("statistics.report", kCommandStaff, {"command_staff"},
                                        {{"tables", {"contacts", "activations", "referrals"}}});
        if (!expect_ok(report, "statistics.report")) {
            return false;
        }
        std::size_t suppressed = 0;
        std::size_t shown = 0;
        for (const Json &table : report.result().at("tables")) {
            for (const Json &row : table.at("rows")) {
                for (const Json &count : row.at("counts")) {
                    ++(count.is_null() ? suppressed : shown);
                }
            }
        }
        detail("the chief (" + std::string(kCommandStaff) + ", command_staff) sees " +
               std::to_string(shown) + " counts and " + std::to_string(suppressed) +
               " suppressed cells (threshold " + report.result().at("threshold").dump() +
               "): 3 contacts and one incident are too few to publish");
        const CallOutcome names = call("directory.get", kCommandStaff, {"command_staff"},
                                       {{"employee_id", psps_.front()}});
        detail("directory.get as command staff: " + names.code());
        return expect(suppressed > 0, "suppressed cells") &&
               expect(names.code() == "forbidden", "no names for command staff");
    }

    bool training_overdue() {
        if (!expect(!psps_.empty(), "the team selected earlier")) {
            return false;
        }
        const CallOutcome closed = write("incident.close", program_.coordinator, {"coordinator"},
                                         {{"incident_id", incident_id_}});
        if (!expect_ok(closed, "incident.close")) {
            return false;
        }
        session_->host().advance_ms(215 * kOneDayMs);
        const std::size_t notified_before = session_->host().notifications().size();
        const CallOutcome run = write("maintenance.run", kItAdmin, {"it_admin"});
        if (!expect_ok(run, "maintenance.run")) {
            return false;
        }
        maintenance_ = run.result();
        detail("incident closed; the host clock moves 215 days to " +
               format_utc(session_->host().now_ms()) +
               "; maintenance.run: " + run.result().at("tasks").dump());
        const CallOutcome overdue = call("training.overdue", program_.coordinator, {"coordinator"});
        const CallOutcome mine = call("training.compliance", psps_.front(), {"peer_supporter"},
                                      {{"employee_id", psps_.front()}});
        if (!expect_ok(overdue, "training.overdue") || !expect_ok(mine, "training.compliance")) {
            return false;
        }
        std::vector<std::string> late;
        for (const Json &p : overdue.result().at("psps")) {
            late.push_back(p.at("employee_id").get<std::string>() + " (" +
                           p.value("status", std::string("overdue")) + ")");
        }
        const std::size_t notices = session_->host().notifications().size() - notified_before;
        detail("training.overdue: " + (late.empty() ? std::string("none") : join(late)));
        detail(psps_.front() +
               " asks about themself: " + mine.result().at("status").get<std::string>() + ", " +
               mine.result().at("hours_this_period").dump() + " of " +
               mine.result().at("hours_required").dump() + " h this period");
        detail(counted(notices, "notification") +
               " sent through the host (psp-host notifications)");
        return expect(!late.empty(), "overdue PSPs") && expect(notices > 0, "overdue notices");
    }

    bool retention_purge() {
        const Json tasks = maintenance_.value("tasks", Json::object());
        detail(
            "purged by the maintenance run: " + tasks.value("activations_purged", Json(0)).dump() +
            " closed activation(s) past policy.activation.retention_days");
        const std::filesystem::path file =
            work_dir_.plugin_data_dir() / ("psp-" + created_.state.agency_id + ".sqlite3");
        soci::session sql(soci::sqlite3, "db=" + file.string() + " timeout=5");
        long long involved_rows = -1;
        long long assignment_rows = -1;
        long long count_rows = -1;
        sql << "SELECT COUNT(*) FROM incident_involved", soci::into(involved_rows);
        sql << "SELECT COUNT(*) FROM activation_assignments", soci::into(assignment_rows);
        sql << "SELECT COUNT(*) FROM activation_counts", soci::into(count_rows);
        detail("in " + file.filename().string() + ": incident_involved " +
               std::to_string(involved_rows) + " rows, activation_assignments " +
               std::to_string(assignment_rows) + " rows; activation_counts " +
               std::to_string(count_rows) + " rows (anonymous counts by quarter and category)");
        return expect(tasks.value("activations_purged", 0) >= 1, "the closed incident purged") &&
               expect(involved_rows == 0 && assignment_rows == 0, "no identities left") &&
               expect(count_rows > 0, "the counts kept");
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

    static constexpr std::size_t kSteps = 22;

    const TourOptions &options_;
    std::ostream &out_;
    HostWorkDir work_dir_;
    CreatedWorkspace created_;
    TourCast cast_;
    ProgramCast program_;
    std::vector<std::string> psps_;  // the active PSPs the tour selected
    int incident_id_ = 0;
    std::vector<std::string> involved_;  // the incident's involved employees
    std::unique_ptr<AgencySession> session_;
    std::size_t keys_ = 0;
    Json maintenance_;  // the half-year-later maintenance run's answer
    Json incremental_response_;
    std::size_t steps_ = 0;
    std::size_t behaved_ = 0;
};

}  // namespace

bool run_guided_tour(const TourOptions &options, std::ostream &out) {
    return GuidedTour(options, out).run();
}

}  // namespace psp::host_sim
