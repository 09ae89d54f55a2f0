// plugin_manager_command.hpp: `psp-host plugin install|upgrade|rollback|status|disable|enable|
// uninstall`, the
// plugin manager (plugin_manager.hpp) as an operator drives it, one action per process.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace psp::host_sim {

struct PluginCommand {
    std::string action;  // install, upgrade, rollback, status, disable, enable, uninstall
    std::filesystem::path work_dir;
    std::filesystem::path manifest;   // install, upgrade
    std::filesystem::path export_to;  // uninstall: export the data here; empty: keep it in place
    bool json = false;                // status: print JSON instead of text
};

// Returns 0 when the action happened (status: when the plugin is healthy or disabled on
// purpose), 1 when status finds it failing. Throws what PluginManager throws.
int plugin_command(const PluginCommand &command, std::ostream &out);

}  // namespace psp::host_sim
