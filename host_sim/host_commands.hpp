// host_commands.hpp: the psp-host subcommands that work on a saved work dir: generate an agency
// into one, make a single call against it, move its clock, show its fetch log and the
// notifications the plugin sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

// A --config option: a JSON object given inline or, after '@', as a file's path.
// Throws std::invalid_argument naming what is wrong.
nlohmann::json config_option(const std::string &text);

// Generates an agency, writes its HR database to `hr_database` and makes the folder holding it a
// work dir for `call` and `fetch-log`. `config` (an instance configuration, may be null) is merged
// over the default one (a chart with exactly one chief). Returns the exit status.
int generate_command(uint64_t seed, std::size_t size, const std::filesystem::path &hr_database,
                     const nlohmann::json &config, std::ostream &out);

struct CallCommand {
    std::filesystem::path work_dir;
    std::filesystem::path manifest;
    std::string method;
    std::string params_json = "{}";
    std::vector<std::string> roles;
    // Empty: the generated agency's default person for the first role (default_principals.hpp),
    // else the call is refused before it reaches the plugin.
    std::string principal;
    std::string idempotency_key;     // empty for a write: one is generated and printed
    std::string config_json;         // --config: merged into the workspace's instance configuration
    std::filesystem::path out_file;  // --out: the answer (or a CSV/SVG report) goes here
    bool table = false;              // print a readable table instead of JSON (coverage.report)
};

// Installs the plugin from the manifest, opens the work dir's agency and plugin data, makes the
// call and prints the response (a CSV or SVG report's content raw). Notes (the principal chosen,
// a generated key) go to `notes`. Returns 0 for a success, the psp_status otherwise.
int call_command(const CallCommand &command, std::ostream &out, std::ostream &notes);

// "3d", "12h", "90m", "45s", "2w" and sums such as "1d12h", in milliseconds. Throws
// std::invalid_argument for anything else.
int64_t parse_duration_ms(std::string_view text);

// psp-host clock [show | advance DURATION | set YYYY-MM-DDTHH:MM:SSZ]: the work dir's host clock,
// which every later call, scenario or tour in that work dir starts from.
int clock_command(const std::filesystem::path &work_dir, const std::string &action,
                  const std::string &argument, std::ostream &out);

// Prints the work dir's fetch log, one request a line, and a summary by scope.
int fetch_log_command(const std::filesystem::path &work_dir, std::ostream &out);

// Prints the notifications the plugin sent through the host, oldest first.
int notifications_command(const std::filesystem::path &work_dir, std::ostream &out);

}  // namespace psp::host_sim
