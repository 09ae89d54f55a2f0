// default_manifest.cpp: the installed manifest beside an installed psp-host, else the build's.
#include "host_sim/default_manifest.hpp"

#include <system_error>

#include <boost/dll/runtime_symbol_info.hpp>

namespace psp::host_sim {

std::filesystem::path default_manifest_path(const std::filesystem::path &installed_relative,
                                            const std::filesystem::path &build_manifest) {
    boost::dll::fs::error_code ignored;
    const std::filesystem::path program = boost::dll::program_location(ignored).string();
    if (program.empty()) {
        return build_manifest;
    }
    const std::filesystem::path installed =
        (program.parent_path() / installed_relative).lexically_normal();
    std::error_code missing;
    return std::filesystem::is_regular_file(installed, missing) ? installed : build_manifest;
}

}  // namespace psp::host_sim
