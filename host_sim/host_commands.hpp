// host_commands.hpp: the psp-host subcommands that work on a saved work dir: generate an agency
// into one, make a single call against it, show its fetch log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace psp::host_sim {

// Generates an agency, writes its HR database to `hr_database` and makes the folder holding it a
// work dir for `call` and `fetch-log`. Returns the exit status.
int generate_command(uint64_t seed, std::size_t size, const std::filesystem::path &hr_database,
                     std::ostream &out);

struct CallCommand {
    std::filesystem::path work_dir;
    std::filesystem::path manifest;
    std::string method;
    std::string params_json = "{}";
    std::vector<std::string> roles;
    std::string principal = "E000001";
    std::string idempotency_key;
    bool table = false;  // print a readable table instead of JSON (coverage.report)
};

// Installs the plugin from the manifest, opens the work dir's agency and plugin data, makes the
// call and prints the response. Returns 0 for a success, the psp_status otherwise.
int call_command(const CallCommand &command, std::ostream &out);

// Prints the work dir's fetch log, one request a line, and a summary by scope.
int fetch_log_command(const std::filesystem::path &work_dir, std::ostream &out);

}  // namespace psp::host_sim
