// transition_worker.hpp: `psp-host transition-worker`, one host process performing the
// transition workload (transition_workload.hpp) on one PSP of a work dir's agency, so tests and
// benchmarks can run several host processes on one database.
//
// Protocol on stdin/stdout, a line each, flushed after every line:
//   in:  go <round>            out: won <round> | conflict <round> <message>
//                                   | error <round> <code> <message>
// With --free-run N --from R it reads nothing and performs rounds R..R+N-1 one after the other,
// printing `ack <round>` after each success (an error line ends the run).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

struct TransitionWorkerOptions {
    std::filesystem::path work_dir;
    std::filesystem::path manifest;
    std::string psp_id;
    // Part of every idempotency key: a restarted worker with the same name re-sends a round with
    // the same key.
    std::string worker = "worker";
    // Merged into the instance config as "storage" when it is an object.
    nlohmann::json storage;
    int64_t free_run = 0;  // 0: answer `go` lines
    int64_t from = 0;
};

// Returns the exit status: 0 at the end of the input or of the free run, 1 after an error line.
int transition_worker_command(const TransitionWorkerOptions &options, std::istream &in,
                              std::ostream &out);

}  // namespace psp::host_sim
