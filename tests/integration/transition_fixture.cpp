// transition_fixture.cpp: the transition tests' agency, its database and the checks by call.
#include "transition_fixture.hpp"

#include <cstdlib>
#include <stdexcept>

#include "host_sim/transition_workload.hpp"

namespace psp::host_sim::integration {
namespace {

Json result_of(const CallOutcome &outcome) {
    if (!outcome.ok()) {
        throw std::runtime_error(outcome.response.dump());
    }
    return outcome.result();
}

}  // namespace

bool testing_postgresql() {
    const char *backend = std::getenv("PSP_TEST_BACKEND");
    return backend != nullptr && std::string(backend) == "postgresql";
}

int64_t env_count(const char *name, int64_t fallback) {
    const char *value = std::getenv(name);
    return value == nullptr || *value == '\0' ? fallback : std::stoll(value);
}

TransitionAgency::TransitionAgency(std::size_t psps) {
    if (testing_postgresql()) {
        schema_ = std::make_unique<ScratchSchema>();
    }
    workspace_ = std::make_unique<TransitionWorkspace>(folder_.path(), installed_plugin(), psps,
                                                       schema_ ? schema_->storage() : Json());
}

std::vector<std::string> TransitionAgency::worker_argv(
    const std::string &psp, const std::string &worker,
    const std::vector<std::string> &extra) const {
    return workspace_->worker_argv(PSP_HOST_EXE, built_manifest(), psp, worker, extra);
}

CallOutcome TransitionAgency::call(const std::string &method, const std::string &principal,
                                   const std::string &role, const Json &params) const {
    const HostWorkDir &work_dir = workspace_->work_dir();
    const AgencySession session(installed_plugin(), work_dir, work_dir.load_state());
    return session.call({method, principal, {role}, params, ""});
}

std::vector<std::string> TransitionAgency::history(const std::string &psp) const {
    const Json status = result_of(
        call("program.status", kWorkloadCoordinator, "coordinator", {{"employee_id", psp}}));
    std::vector<std::string> events;
    for (const Json &e : status.at("history")) {
        events.push_back(e.at("event"));
    }
    return events;
}

std::string TransitionAgency::status(const std::string &psp) const {
    return result_of(
               call("program.status", kWorkloadCoordinator, "coordinator", {{"employee_id", psp}}))
        .at("member")
        .at("status");
}

Json TransitionAgency::audit_verification() const {
    return result_of(call("audit.verify", "E000002", "auditor", Json::object()));
}

}  // namespace psp::host_sim::integration
