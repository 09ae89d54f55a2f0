// firewall_check.cpp: the fetch log, the plugin's files and its log lines against the markers.
#include "host_sim/firewall_check.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "host_sim/host_scope_policy.hpp"
#include "host_sim/marker_scanner.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;

std::string file_bytes(const fs::path &file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void check_fetch_log(const SimulatedHost &host, FirewallReport &report) {
    for (const FetchRecord &fetch : host.fetch_log()) {
        ++report.fetches_checked;
        if (is_refused_scope(fetch.scope)) {
            report.violations.push_back("the plugin requested the refused scope '" + fetch.scope +
                                        "' at " + format_utc(fetch.at_ms));
        }
    }
}

void check_files(const fs::path &data_dir, const MarkerScanner &scanner, FirewallReport &report) {
    if (!fs::exists(data_dir)) {
        return;
    }
    for (const fs::directory_entry &entry : fs::recursive_directory_iterator(data_dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        const std::string bytes = file_bytes(entry.path());
        ++report.files_scanned;
        report.bytes_scanned += bytes.size();
        if (const auto marker = scanner.find_in(bytes)) {
            report.violations.push_back("the plugin's file " + entry.path().string() +
                                        " contains the disciplinary marker '" + *marker + "'");
        }
    }
}

void check_log_and_notifications(const SimulatedHost &host, const MarkerScanner &scanner,
                                 FirewallReport &report) {
    for (const HostLogLine &line : host.log_lines()) {
        ++report.log_lines_scanned;
        if (const auto marker = scanner.find_in(line.message)) {
            report.violations.push_back("a plugin log line at " + format_utc(line.at_ms) +
                                        " contains the disciplinary marker '" + *marker + "'");
        }
    }
    for (const std::string &notification : host.notifications()) {
        if (const auto marker = scanner.find_in(notification)) {
            report.violations.push_back("a plugin notification contains the disciplinary marker '" +
                                        *marker + "'");
        }
    }
}

}  // namespace

FirewallReport check_disciplinary_firewall(const SimulatedHost &host,
                                           const std::vector<std::string> &markers,
                                           const fs::path &plugin_data_dir) {
    FirewallReport report;
    const MarkerScanner scanner(markers);
    report.markers = scanner.marker_count();
    if (report.markers == 0) {
        // An empty trap proves nothing; say so rather than pass.
        report.violations.push_back("the HR database has no disciplinary markers to look for");
    }
    check_fetch_log(host, report);
    check_files(plugin_data_dir, scanner, report);
    check_log_and_notifications(host, scanner, report);
    return report;
}

}  // namespace psp::host_sim
