// firewall_check.hpp: proving the disciplinary firewall held (IACP 3.10; DESIGN.md).
//
// Two independent checks: the host's fetch log shows no request for a refused scope, and none of
// the HR database's disciplinary marker values occurs in any byte the plugin wrote (every file in
// its data folder: the database, its -wal and -shm) nor in any line it logged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host_sim/simulated_host.hpp"

namespace psp::host_sim {

struct FirewallReport {
    std::vector<std::string> violations;  // one sentence each; empty when the firewall held
    std::size_t fetches_checked = 0;
    std::size_t markers = 0;
    std::size_t files_scanned = 0;
    std::uintmax_t bytes_scanned = 0;
    std::size_t log_lines_scanned = 0;

    bool held() const { return violations.empty(); }
};

FirewallReport check_disciplinary_firewall(const SimulatedHost &host,
                                           const std::vector<std::string> &markers,
                                           const std::filesystem::path &plugin_data_dir);

}  // namespace psp::host_sim
