// scenario_runner.hpp: running a scenario file end to end against the real plugin.
//
// A scenario names an agency to generate, an instance configuration and a list of steps:
//   {"call": "directory.sync", "as": {"id": "E000001", "roles": ["hr_admin"]},
//    "params": {...}, "idempotency_key": "k1",
//    "expect": "ok" | "<error code>",               (default "ok")
//    "expect_result": {...},                         (partial match, see json_expectation.hpp)
//    "expect_exact": {"/psps": []},                  (the value at each JSON pointer, exactly)
//    "expect_length": {"/psps": 2},                  (the array at each pointer has so many)
//    "label": "first-pull", "expect_same_result_as": "<label>",
//    "expect_fetches": 0}                            (fetch requests the call may make)
//   {"advance_clock_ms": 3600000}
//   {"hr": {"transfer": {"employee_number", "division", "unit", "shift"}}}
//   {"hr": {"deactivate": "E000010"}}
//   {"hr": {"set_manager": {"employee_number", "manager_number"}}}
//   {"check_firewall": true}
//   {"check_need_to_know": true}                    (need_to_know_check.hpp)
// Any step may carry a "note", printed with it. After the last step the runner always adds a
// check_firewall and a check_need_to_know step of its own. The runner prints one line per step and
// keeps going after a failure, so one run reports every broken expectation.
#pragma once

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

struct ScenarioOptions {
    std::filesystem::path manifest;
    std::filesystem::path work_dir;  // empty: psp-scenario-<name> in the temp folder
    bool echo_log = false;
    // The instance config's "storage" object (for example a PostgreSQL schema); null: the
    // scenario's own, else SQLite in the work dir.
    nlohmann::json storage;
};

struct ScenarioReport {
    std::string name;
    std::size_t steps = 0;
    std::vector<std::string> failures;  // "step 4: ..."; empty when every step behaved

    bool passed() const { return failures.empty(); }
};

// Throws std::runtime_error when the scenario file is unreadable or malformed, or when the
// agency or plugin cannot be set up (ManifestRejected when the plugin is refused).
ScenarioReport run_scenario(const std::filesystem::path &scenario_file,
                            const ScenarioOptions &options, std::ostream &out);

}  // namespace psp::host_sim
