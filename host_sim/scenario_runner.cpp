// scenario_runner.cpp: setting up the agency and plugin, then each kind of step.
#include "host_sim/scenario_runner.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "host_sim/agency_session.hpp"
#include "host_sim/counted_noun.hpp"
#include "host_sim/firewall_check.hpp"
#include "host_sim/host_work_dir.hpp"
#include "host_sim/json_expectation.hpp"
#include "host_sim/need_to_know_check.hpp"
#include "host_sim/reidentification_check.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// An expectation the plugin (or the simulated agency) did not meet.
class StepFailed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// An expectation missed at one JSON pointer of the response.
[[noreturn]] void fail_at(const std::string &summary, const std::string &pointer,
                          const std::string &found, const std::string &expected) {
    throw StepFailed(summary + ", but " + pointer + " is " + found + ", expected " + expected);
}

// A step the runner cannot understand: the scenario file is wrong, not the plugin.
class MalformedStep : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

Json read_scenario(const fs::path &file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read the scenario " + file.string());
    }
    Json scenario = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!scenario.is_object() || !scenario.contains("steps") || !scenario["steps"].is_array()) {
        throw std::runtime_error("the scenario " + file.string() +
                                 " must be a JSON object with a \"steps\" array");
    }
    return scenario;
}

void require_only(const Json &step, std::initializer_list<const char *> allowed) {
    for (const auto &[key, value] : step.items()) {
        bool known = key == "note";
        for (const char *name : allowed) {
            known = known || key == name;
        }
        if (!known) {
            throw MalformedStep("unknown key \"" + key + "\" in step " + step.dump());
        }
    }
}

std::string roles_text(const std::vector<std::string> &roles) {
    std::string text;
    for (const std::string &r : roles) {
        text += (text.empty() ? "" : ",") + r;
    }
    return text;
}

CallRequest call_request(const Json &step) {
    CallRequest request;
    request.method = step.at("call").get<std::string>();
    const Json as = step.value("as", Json::object());
    request.principal_id = as.value("id", "E000001");
    request.roles = as.value("roles", std::vector<std::string>{});
    request.params = step.value("params", Json::object());
    request.idempotency_key = step.value("idempotency_key", "");
    return request;
}

class ScenarioRun {
  public:
    ScenarioRun(const Json &scenario, const ScenarioOptions &options, std::ostream &out)
        : scenario_(scenario), options_(options), out_(out) {}

    ScenarioReport run() {
        report_.name = scenario_.value("name", "unnamed scenario");
        out_ << "scenario: " << report_.name << '\n';
        set_up();
        std::size_t number = 0;
        for (const Json &step : scenario_.at("steps")) {
            run_step(++number, step);
        }
        // The disciplinary firewall is checked after every scenario, whatever its steps did, so
        // no scenario can forget it (issue 6): the fetch log, the data folder and the log lines.
        run_step(++number, Json{{"check_firewall", true}, {"note", "closing check of every run"}});
        // So are the answers each role may get about others (issue 20, item 10): conflict checks
        // by every PSP and a clinician, every figure command staff can reach.
        run_step(++number,
                 Json{{"check_need_to_know", true}, {"note", "closing check of every run"}});
        // And what the database, the logs and the directory would give away of who made a
        // confidential call: a brute force over the directory and the joins (item 10 (a), (b)).
        run_step(++number,
                 Json{{"check_reidentification", true}, {"note", "closing check of every run"}});
        report_.steps = number;
        // Later `psp-host call`s in this work dir continue at the scenario's clock.
        state_.clock_ms = session_->host().now_ms();
        HostWorkDir(work_dir_path()).save_state(state_);
        out_ << (report_.passed() ? "PASSED" : "FAILED") << ": " << report_.name << " ("
             << number - report_.failures.size() << "/" << number << " steps as expected)\n";
        return report_;
    }

  private:
    fs::path work_dir_path() const {
        if (!options_.work_dir.empty()) {
            return options_.work_dir;
        }
        std::string folder = "psp-scenario-" + report_.name;
        for (char &c : folder) {
            if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
                c = '_';
            }
        }
        return fs::temp_directory_path() / folder;
    }

    void set_up() {
        const Json agency = scenario_.value("agency", Json::object());
        const HostWorkDir work_dir(work_dir_path());
        Json config = scenario_.value("config", Json::object());
        if (!options_.storage.is_null()) {
            config["storage"] = options_.storage;
        }
        CreatedWorkspace created = create_workspace(work_dir, agency.value("seed", uint64_t{7}),
                                                    agency.value("size", std::size_t{200}), config);
        state_ = created.state;
        out_ << "  agency " << created.state.agency_id << ": " << created.agency.employees.size()
             << " employees, HR database " << created.state.hr_database.string() << '\n';
        const AgencySessionOptions session_options{{"directory"}, options_.echo_log};
        auto plugin =
            load_plugin(options_.manifest, HostScopePolicy(session_options.granted_scopes));
        out_ << "  installed " << plugin->manifest().name << " " << plugin->manifest().version
             << " from " << options_.manifest.string() << " (SHA-256 verified)\n";
        session_ = std::make_unique<AgencySession>(std::move(plugin), work_dir, created.state,
                                                   session_options);
    }

    void run_step(std::size_t number, const Json &step) {
        const std::string note = step.value("note", "");
        std::string summary;
        std::string failure;
        try {
            summary = perform(step);
        } catch (const StepFailed &e) {
            failure = e.what();
        } catch (const MalformedStep &e) {
            failure = std::string("malformed step: ") + e.what();
        } catch (const std::exception &e) {
            failure = std::string("error: ") + e.what();
        }
        const std::string label = note.empty() ? "" : "  (" + note + ")";
        const std::string position = (number < 10 ? "  [" : " [") + std::to_string(number) + "] ";
        if (failure.empty()) {
            out_ << position << "ok    " << summary << label << '\n';
            return;
        }
        out_ << position << "FAIL  " << failure << label << '\n';
        report_.failures.push_back("step " + std::to_string(number) + ": " + failure);
    }

    std::string perform(const Json &step) {
        if (!step.is_object()) {
            throw MalformedStep("a step must be a JSON object");
        }
        if (step.contains("call")) {
            return call_step(step);
        }
        if (step.contains("advance_clock_ms")) {
            return clock_step(step);
        }
        if (step.contains("hr")) {
            return hr_step(step);
        }
        if (step.contains("check_firewall")) {
            return firewall_step(step);
        }
        if (step.contains("check_need_to_know")) {
            return need_to_know_step(step);
        }
        if (step.contains("check_reidentification")) {
            return reidentification_step(step);
        }
        throw MalformedStep(
            "no call, advance_clock_ms, hr, check_firewall, check_need_to_know or "
            "check_reidentification in " +
            step.dump());
    }

    std::string call_step(const Json &step) {
        require_only(step, {"call", "as", "params", "idempotency_key", "expect", "expect_result",
                            "expect_exact", "expect_length", "label", "expect_same_result_as",
                            "expect_fetches"});
        const CallRequest request = call_request(step);
        const std::size_t fetches_before = session_->host().fetch_count();
        const CallOutcome outcome = session_->call(request);
        const std::size_t fetches = session_->host().fetch_count() - fetches_before;
        const std::string summary = request.method + " as " + request.principal_id + " [" +
                                    roles_text(request.roles) + "] -> " + outcome.code();
        check_call(step, outcome, fetches, summary);
        if (is_confidential_method(request.method)) {
            confidential_.push_back(
                {request.method, request.principal_id, request.params, fetches});
        }
        if (step.contains("label")) {
            labelled_[step.at("label").get<std::string>()] = outcome.response;
        }
        return summary + (fetches > 0 ? " (" + counted(fetches, "fetch", "fetches") + ")" : "");
    }

    void check_call(const Json &step, const CallOutcome &outcome, std::size_t fetches,
                    const std::string &summary) {
        const std::string expected = step.value("expect", "ok");
        if (outcome.code() != expected) {
            throw StepFailed(summary + ", expected " + expected +
                             (outcome.ok() ? "" : ": " + outcome.error_message()));
        }
        if (step.contains("expect_result")) {
            const Json &actual = outcome.ok() ? outcome.result() : outcome.response.at("error");
            if (auto problem = json_expectation_mismatch(step.at("expect_result"), actual)) {
                throw StepFailed(summary + ", but " + *problem);
            }
        }
        if (step.contains("expect_exact")) {
            check_exact(step, outcome, summary);
        }
        if (step.contains("expect_length")) {
            check_length(step, outcome, summary);
        }
        if (step.contains("expect_same_result_as")) {
            check_same_as(step, outcome, summary);
        }
        if (step.contains("expect_fetches") &&
            fetches != step.at("expect_fetches").get<std::size_t>()) {
            throw StepFailed(summary + ", but it made " + std::to_string(fetches) +
                             " fetch requests, expected " + step.at("expect_fetches").dump());
        }
    }

    // {"/psps": []}: the value at each JSON pointer equals the expected one exactly (what a
    // partial expectation cannot say: that a list is empty, that an entry is absent).
    void check_exact(const Json &step, const CallOutcome &outcome, const std::string &summary) {
        const Json &actual = outcome.ok() ? outcome.result() : outcome.response.at("error");
        for (const auto &[pointer, expected] : step.at("expect_exact").items()) {
            const Json::json_pointer at(pointer);
            if (!actual.contains(at) || actual.at(at) != expected) {
                fail_at(summary, pointer, actual.contains(at) ? actual.at(at).dump() : "absent",
                        "exactly " + expected.dump());
            }
        }
    }

    // {"/psps": 2}: the array at each JSON pointer has exactly that many elements (that a list
    // holds these and no others, with an expect_result naming them).
    void check_length(const Json &step, const CallOutcome &outcome, const std::string &summary) {
        const Json &actual = outcome.ok() ? outcome.result() : outcome.response.at("error");
        for (const auto &[pointer, expected] : step.at("expect_length").items()) {
            const Json::json_pointer at(pointer);
            const bool array = actual.contains(at) && actual.at(at).is_array();
            if (!array || actual.at(at).size() != expected.get<std::size_t>()) {
                fail_at(
                    summary, pointer,
                    array ? "an array of " + std::to_string(actual.at(at).size()) : "not an array",
                    expected.dump() + " elements");
            }
        }
    }

    void check_same_as(const Json &step, const CallOutcome &outcome, const std::string &summary) {
        const std::string label = step.at("expect_same_result_as").get<std::string>();
        const auto earlier = labelled_.find(label);
        if (earlier == labelled_.end()) {
            throw MalformedStep("no earlier step labelled " + label);
        }
        if (earlier->second != outcome.response) {
            throw StepFailed(summary + ", but the response differs from step '" + label +
                             "': " + outcome.response.dump());
        }
    }

    std::string clock_step(const Json &step) {
        require_only(step, {"advance_clock_ms"});
        session_->host().advance_ms(step.at("advance_clock_ms").get<int64_t>());
        return "clock advanced to " + format_utc(session_->host().now_ms());
    }

    std::string hr_step(const Json &step) {
        require_only(step, {"hr"});
        const Json &hr = step.at("hr");
        if (!hr.is_object() || hr.size() != 1) {
            throw MalformedStep("hr takes exactly one of transfer, deactivate, set_manager");
        }
        const std::string change = hr.begin().key();
        const Json &args = hr.begin().value();
        session_->host().with_hr_database(
            [&](HrDatabase &db) { apply_hr_change(db, change, args); });
        return "HR " + change + " " + args.dump();
    }

    static void apply_hr_change(HrDatabase &db, const std::string &change, const Json &args) {
        if (change == "transfer") {
            db.transfer(args.at("employee_number").get<std::string>(),
                        args.at("division").get<std::string>(), args.at("unit").get<std::string>(),
                        args.at("shift").get<std::string>());
        } else if (change == "deactivate") {
            db.deactivate(args.get<std::string>());
        } else if (change == "set_manager") {
            db.set_manager(args.at("employee_number").get<std::string>(),
                           args.at("manager_number").get<std::string>());
        } else {
            throw MalformedStep("unknown HR change \"" + change + "\"");
        }
    }

    std::string firewall_step(const Json &step) {
        require_only(step, {"check_firewall"});
        std::vector<std::string> markers;
        session_->host().with_hr_database(
            [&](HrDatabase &db) { markers = db.disciplinary_markers(); });
        const FirewallReport report = check_disciplinary_firewall(
            session_->host(), markers, session_->work_dir().plugin_data_dir());
        if (!report.held()) {
            throw StepFailed("firewall breached: " + report.violations.front());
        }
        return "firewall held: " + counted(report.fetches_checked, "fetch", "fetches") +
               ", none for a refused scope; " + counted(report.markers, "marker") + " in none of " +
               counted(report.files_scanned, "file") + " (" + std::to_string(report.bytes_scanned) +
               " bytes) or " + counted(report.log_lines_scanned, "log line");
    }

    std::string reidentification_step(const Json &step) {
        require_only(step, {"check_reidentification"});
        std::vector<std::string> ids;
        session_->host().with_hr_database([&](HrDatabase &db) { ids = db.employee_numbers(); });
        const ReidentificationReport report = check_reidentification(*session_, ids, confidential_);
        if (!report.held()) {
            throw StepFailed("a confidential call can be linked to who made it: " +
                             report.violations.front());
        }
        std::string skipped;
        for (const std::string &s : report.skipped) {
            skipped += "; skipped " + s;
        }
        return "nothing links " + counted(confidential_.size(), "confidential call") +
               " to who made it: " + std::to_string(report.guesses) + " guesses over " +
               counted(ids.size(), "employee") + " against " +
               counted(report.values_scanned, "stored value") + skipped;
    }

    std::string need_to_know_step(const Json &step) {
        require_only(step, {"check_need_to_know"});
        const NeedToKnowReport report = check_need_to_know(*session_);
        if (!report.held()) {
            throw StepFailed("an answer told more than the role grants: " +
                             report.violations.front());
        }
        std::string skipped;
        for (const std::string &s : report.skipped) {
            skipped += "; skipped " + s;
        }
        return "answers held: " + counted(report.pairs_checked, "conflict check") + ", " +
               counted(report.figures_checked, "command staff figure") + skipped;
    }

    const Json &scenario_;
    const ScenarioOptions &options_;
    std::ostream &out_;
    ScenarioReport report_;
    WorkspaceState state_;
    std::unique_ptr<AgencySession> session_;
    std::map<std::string, Json> labelled_;
    std::vector<ConfidentialCall> confidential_;  // the attacker knows all but who called
};

}  // namespace

ScenarioReport run_scenario(const fs::path &scenario_file, const ScenarioOptions &options,
                            std::ostream &out) {
    const Json scenario = read_scenario(scenario_file);
    return ScenarioRun(scenario, options, out).run();
}

}  // namespace psp::host_sim
