// transition_worker.cpp: the worker's session, its `go` loop and its free run.
#include "host_sim/transition_worker.hpp"

#include <istream>
#include <memory>
#include <ostream>
#include <sstream>

#include "host_sim/agency_session.hpp"
#include "host_sim/plugin_loader.hpp"
#include "host_sim/transition_workload.hpp"

namespace psp::host_sim {
namespace {

// One line, whatever the plugin put in its message.
std::string one_line(std::string text) {
    for (char &c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

// "won 3", "conflict 3 <message>" or "error 3 <code> <message>".
std::string round_answer(const CallOutcome &outcome, int64_t round, const char *success) {
    const std::string number = std::to_string(round);
    if (outcome.ok()) {
        return success + (" " + number);
    }
    const std::string message = one_line(outcome.error_message());
    if (outcome.code() == "conflict") {
        return "conflict " + number + " " + message;
    }
    return "error " + number + " " + outcome.code() + " " + message;
}

class Worker {
  public:
    explicit Worker(const TransitionWorkerOptions &options)
        : options_(options), work_dir_(options.work_dir) {
        WorkspaceState state = work_dir_.load_state();
        if (options.storage.is_object()) {
            state.instance_config["storage"] = options.storage;
        }
        const AgencySessionOptions session_options;
        session_ = std::make_unique<AgencySession>(
            load_plugin(options.manifest, HostScopePolicy(session_options.granted_scopes)),
            work_dir_, state, session_options);
    }

    CallOutcome perform(int64_t round) const {
        return session_->call(transition_request(options_.worker, options_.psp_id, round));
    }

  private:
    TransitionWorkerOptions options_;
    HostWorkDir work_dir_;
    std::unique_ptr<AgencySession> session_;
};

int answer_go_lines(const Worker &worker, std::istream &in, std::ostream &out) {
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string verb;
        int64_t round = -1;
        if (!(words >> verb >> round) || verb != "go" || round < 0) {
            out << "error - protocol expected `go <round>`, got: " << line << std::endl;
            return 1;
        }
        out << round_answer(worker.perform(round), round, "won") << std::endl;
    }
    return 0;
}

int free_run(const Worker &worker, int64_t from, int64_t count, std::ostream &out) {
    for (int64_t round = from; round < from + count; ++round) {
        const CallOutcome outcome = worker.perform(round);
        out << round_answer(outcome, round, "ack") << std::endl;
        if (!outcome.ok()) {
            return 1;
        }
    }
    return 0;
}

}  // namespace

int transition_worker_command(const TransitionWorkerOptions &options, std::istream &in,
                              std::ostream &out) {
    const Worker worker(options);
    if (options.free_run > 0) {
        return free_run(worker, options.from, options.free_run, out);
    }
    return answer_go_lines(worker, in, out);
}

}  // namespace psp::host_sim
