// host_assets.hpp: the simulated host's own script and stylesheet (host_sim/web/), compiled into
// psp-host so `serve` needs no files beside the plugin's.
#pragma once

#include <string_view>

namespace psp::host_sim {

std::string_view host_shell_script();
std::string_view host_stylesheet();

}  // namespace psp::host_sim
