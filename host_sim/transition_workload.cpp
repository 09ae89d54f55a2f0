// transition_workload.cpp: the four-round transition cycle and the selection path that makes PSPs
// for it.
#include "host_sim/transition_workload.hpp"

#include <stdexcept>

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

struct RoundSpec {
    const char *method;
    const char *event;
    const char *status_after;
    bool by_coordinator;
};

const RoundSpec kRounds[kTransitionCycle] = {
    {"leave.start", "leave_started", "on_leave", false},
    {"leave.end", "leave_ended", "active", false},
    {"review.open", "review_opened", "under_review", true},
    {"review.decide", "review_decided", "active", true},
};

const RoundSpec &round_spec(int64_t round) {
    return kRounds[round % kTransitionCycle];
}

Json round_params(const RoundSpec &spec, const std::string &psp_id) {
    if (!spec.by_coordinator) {
        return Json::object();
    }
    if (spec.status_after == std::string("under_review")) {
        return {{"employee_id", psp_id}, {"grounds", "other"}};
    }
    return {{"employee_id", psp_id}, {"outcome", "retained"}, {"decided_on", "2026-01-02"}};
}

// Set-up calls: each must succeed, each with its own idempotency key.
class SetUpCaller {
  public:
    explicit SetUpCaller(const AgencySession &session) : session_(session) {}

    Json call(const std::string &principal, const std::string &role, const std::string &method,
              Json params = Json::object()) {
        const CallOutcome outcome = session_.call({method,
                                                   principal,
                                                   {role},
                                                   std::move(params),
                                                   "workload-setup-" + std::to_string(++key_)});
        if (!outcome.ok()) {
            throw std::runtime_error("setting up the transition workload: " + method + " as " +
                                     principal + " failed: " + outcome.response.dump());
        }
        return outcome.result();
    }

  private:
    const AgencySession &session_;
    int key_ = 0;
};

// Employees with the twelve months' service the default policy asks for at the simulated start
// (2026-01-05), skipping the first two, who recommend every candidate.
std::vector<std::string> candidates(const GeneratedAgency &agency, std::size_t count) {
    std::vector<std::string> ids;
    for (std::size_t i = 2; i < agency.employees.size() && ids.size() < count; ++i) {
        const HostEmployee &e = agency.employees[i];
        if (e.active && e.hire_date < "2025-01-01") {
            ids.push_back(e.employee_number);
        }
    }
    if (ids.size() < count) {
        throw std::runtime_error("the agency has only " + std::to_string(ids.size()) +
                                 " employees eligible to become PSPs, " + std::to_string(count) +
                                 " asked for");
    }
    return ids;
}

void prepare_program(SetUpCaller &setup, const std::string &coordinator) {
    setup.call("E000002", "it_admin", "directory.sync", {{"mode", "full"}, {"source", "host"}});
    for (const char *clinician : {"CLIN-1", "CLIN-2"}) {
        setup.call(coordinator, "coordinator", "clinician.register",
                   {{"clinician_id", clinician},
                    {"name", "Dr. " + std::string(clinician)},
                    {"license", "LMHP-" + std::string(clinician)}});
    }
    setup.call(coordinator, "coordinator", "agreement.publish",
               {{"title", "Peer support confidentiality agreement"},
                {"body", "I keep what I hear in confidence, within the limits the law sets."}});
    // Initial training comes from the records: a course covering policy.training.initial.
    setup.call(coordinator, "coordinator", "training.add_course",
               {{"code", "basic_peer_support"},
                {"title", "Basic peer support"},
                {"hours", 40},
                {"topics",
                 {"confidentiality", "role_conflict", "limits_liability", "suicide_assessment",
                  "referral"}}});
}

// Every step up to the interview, with a founding panel (two clinicians, no PSP yet).
void select_candidate(SetUpCaller &setup, const GeneratedAgency &agency, const std::string &id) {
    setup.call(id, "employee", "selection.apply");
    for (const std::string &by :
         {agency.employees.at(0).employee_number, agency.employees.at(1).employee_number}) {
        setup.call(by, "employee", "selection.recommend",
                   {{"employee_id", id}, {"given_on", "2025-12-01"}});
    }
    setup.call("E000002", "hr_admin", "selection.attest_standing",
               {{"employee_id", id}, {"in_good_standing", true}, {"attested_on", "2025-12-02"}});
    const Json panel = Json::array({{{"member_id", "CLIN-1"}, {"role", "clinician"}},
                                    {{"member_id", "CLIN-2"}, {"role", "clinician"}}});
    setup.call("CLIN-1", "clinician", "selection.record_interview",  // a panel member records it
               {{"employee_id", id},
                {"held_on", "2025-12-03"},
                {"suitable", true},
                {"ratings",
                 {{"maturity", 4},
                  {"judgment", 4},
                  {"ethics", 5},
                  {"credibility", 4},
                  {"education_training", 3}}},
                {"panel", panel}});
}

void activate_candidate(SetUpCaller &setup, const std::string &coordinator, const std::string &id) {
    setup.call(coordinator, "coordinator", "selection.decide",
               {{"employee_id", id}, {"selected", true}, {"decided_on", "2025-12-04"}});
    setup.call(id, "employee", "agreement.sign", {{"version", 1}});
    setup.call(coordinator, "coordinator", "training.record",
               {{"employee_id", id},
                {"date", "2025-12-05"},
                {"hours", 40},
                {"course", "basic_peer_support"}});
    setup.call(coordinator, "coordinator", "selection.complete_training", {{"employee_id", id}});
}

}  // namespace

CallRequest transition_request(const std::string &worker, const std::string &psp_id,
                               int64_t round) {
    const RoundSpec &spec = round_spec(round);
    CallRequest request;
    request.method = spec.method;
    request.principal_id = spec.by_coordinator ? kWorkloadCoordinator : psp_id;
    request.roles = {spec.by_coordinator ? "coordinator" : "peer_supporter"};
    request.params = round_params(spec, psp_id);
    request.idempotency_key = worker + "-" + psp_id + "-" + std::to_string(round);
    return request;
}

std::string transition_event(int64_t round) {
    return round_spec(round).event;
}

std::string status_after_rounds(int64_t rounds) {
    return rounds == 0 ? "active" : round_spec(rounds - 1).status_after;
}

std::vector<std::string> activate_psps(const AgencySession &session, const GeneratedAgency &agency,
                                       std::size_t count) {
    std::vector<std::string> ids = candidates(agency, count);
    const std::string coordinator = kWorkloadCoordinator;
    SetUpCaller setup(session);
    prepare_program(setup, coordinator);
    for (const std::string &id : ids) {
        select_candidate(setup, agency, id);
    }
    for (const std::string &id : ids) {
        activate_candidate(setup, coordinator, id);
    }
    return ids;
}

}  // namespace psp::host_sim
