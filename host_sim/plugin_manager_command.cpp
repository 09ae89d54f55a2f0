// plugin_manager_command.cpp: each plugin manager action and what it prints.
#include "host_sim/plugin_manager_command.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "host_sim/plugin_manager.hpp"
#include "host_sim/utc_time.hpp"

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

Json status_json(const PluginStatus &s) {
    return {{"name", s.installed.name},
            {"version", s.installed.version},
            {"abi_major", s.installed.abi_major},
            {"enabled", s.installed.enabled},
            {"health", s.health},
            {"problem", s.problem.empty() ? Json(nullptr) : Json(s.problem)},
            {"schema_version", s.schema_version ? Json(*s.schema_version) : Json(nullptr)},
            {"scopes_granted", s.scopes_granted},
            {"manifest", s.installed.manifest.string()},
            {"library_sha256", s.installed.library_sha256},
            {"installed_at", format_utc(s.installed.installed_at_ms)},
            {"health_result", s.health_result}};
}

void print_status(const PluginStatus &s, std::ostream &out) {
    std::string scopes;
    for (const std::string &scope : s.scopes_granted) {
        scopes += (scopes.empty() ? "" : ", ") + scope;
    }
    out << "plugin    " << s.installed.name << ' ' << s.installed.version << '\n'
        << "abi       major " << s.installed.abi_major << '\n'
        << "state     " << (s.installed.enabled ? "enabled" : "disabled") << '\n'
        << "health    " << s.health << (s.problem.empty() ? "" : ": " + s.problem) << '\n'
        << "schema    "
        << (s.schema_version ? "version " + std::to_string(*s.schema_version) : "unknown") << '\n'
        << "scopes    granted: " << (scopes.empty() ? "none" : scopes) << '\n'
        << "manifest  " << s.installed.manifest.string() << '\n'
        << "library   sha256 " << s.installed.library_sha256 << '\n'
        << "installed " << format_utc(s.installed.installed_at_ms) << '\n';
}

int uninstall(const PluginManager &manager, const PluginCommand &command, std::ostream &out) {
    const bool exporting = !command.export_to.empty();
    const UninstallReport report = manager.uninstall(
        exporting ? DataOnUninstall::export_ : DataOnUninstall::keep, command.export_to);
    out << "uninstalled; ";
    if (exporting) {
        out << report.files.size() << " data files exported to " << report.exported_to.string()
            << " (export-manifest.json lists their SHA-256) and removed from the host\n";
    } else {
        out << "the plugin's data stays in " << report.data_dir.string()
            << " for a later install\n";
    }
    return 0;
}

}  // namespace

int plugin_command(const PluginCommand &command, std::ostream &out) {
    const PluginManager manager(command.work_dir);
    if (command.action == "install" || command.action == "upgrade" ||
        command.action == "rollback") {
        const InstalledPlugin p = command.action == "install"   ? manager.install(command.manifest)
                                  : command.action == "upgrade" ? manager.upgrade(command.manifest)
                                                                : manager.rollback();
        out << command.action << ": " << p.name << ' ' << p.version << " (ABI " << p.abi_major
            << ", sha256 " << p.library_sha256.substr(0, 12) << "...) is installed, health ok, "
            << (p.enabled ? "enabled" : "disabled") << '\n';
        return 0;
    }
    if (command.action == "status") {
        const PluginStatus status = manager.status();
        if (command.json) {
            out << status_json(status).dump(2) << '\n';
        } else {
            print_status(status, out);
        }
        return status.health == "failing" ? 1 : 0;
    }
    if (command.action == "disable") {
        manager.disable();
        out << "disabled; the data stays, calls are refused until `psp-host plugin enable`\n";
        return 0;
    }
    if (command.action == "enable") {
        manager.enable();
        out << "enabled\n";
        return 0;
    }
    if (command.action == "uninstall") {
        return uninstall(manager, command, out);
    }
    throw std::invalid_argument("unknown plugin action '" + command.action + "'");
}

}  // namespace psp::host_sim
