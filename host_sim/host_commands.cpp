// host_commands.cpp: generate, call, clock, fetch-log and notifications.
#include "host_sim/host_commands.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "host_sim/agency_session.hpp"
#include "host_sim/coverage_table.hpp"
#include "host_sim/default_principals.hpp"
#include "host_sim/fetch_log.hpp"
#include "host_sim/host_work_dir.hpp"
#include "host_sim/plugin_manager.hpp"

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

// What `generate` gives a new agency's plugin instance: a chart with exactly one chief.
Json default_instance_config() {
    return {{"policy", {{"directory", {{"single_root", true}}}}}};
}

// An option's JSON, given inline or as @FILE (a CSV export or a long policy reads better from a
// file than from a shell quote).
std::string json_option_text(const std::string &option, const std::string &text) {
    if (text.empty() || text.front() != '@') {
        return text;
    }
    std::ifstream in(text.substr(1));
    if (!in) {
        throw std::invalid_argument(option + ": cannot read " + text.substr(1));
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

Json parse_params(const std::string &text) {
    Json params =
        Json::parse(json_option_text("--params", text), nullptr, /*allow_exceptions=*/false);
    if (params.is_discarded()) {
        throw std::invalid_argument(
            "--params is not JSON (give a JSON object, or @FILE holding "
            "one): " +
            text);
    }
    return params;
}

// Unique enough for one integrator's retries; printed so the same call can be retried.
std::string generated_key() {
    std::random_device device;
    std::ostringstream key;
    key << "psp-host-" << std::hex << device() << device();
    return key.str();
}

bool method_writes(const LoadedPlugin &plugin, const std::string &method) {
    for (const Json &m : plugin.manifest().methods) {
        if (m.value("name", "") == method) {
            return m.value("writes", false);
        }
    }
    return false;
}

// A report whose answer is a document (statistics.report as CSV or SVG): its content, raw.
const Json *document_of(const CallOutcome &outcome) {
    if (!outcome.ok()) {
        return nullptr;
    }
    const Json &r = outcome.result();
    const auto content = r.find("content");
    const std::string format = r.value("format", "");
    return content != r.end() && content->is_string() && (format == "csv" || format == "svg")
               ? &*content
               : nullptr;
}

int64_t parse_utc(const std::string &text) {
    std::tm tm{};
    char zone = 0;
    const int read = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
                                 &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone);
    if (read != 7 || zone != 'Z') {
        throw std::invalid_argument(
            "clock set takes a UTC time written 2026-03-01T08:00:00Z, not " + text);
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace

Json config_option(const std::string &text) {
    if (text.empty()) {
        return nullptr;
    }
    Json config =
        Json::parse(json_option_text("--config", text), nullptr, /*allow_exceptions=*/false);
    if (!config.is_object()) {
        throw std::invalid_argument(
            "--config must be a JSON object (the instance configuration, e.g. "
            R"({"policy":{"training":{"continuing":{"hours":6}}}}), or @FILE holding one)");
    }
    return config;
}

int generate_command(uint64_t seed, std::size_t size, const std::filesystem::path &hr_database,
                     const Json &config, std::ostream &out) {
    const std::filesystem::path database = std::filesystem::absolute(hr_database);
    const HostWorkDir work_dir(database.parent_path());
    Json instance_config = default_instance_config();
    if (config.is_object()) {
        instance_config.merge_patch(config);
    }
    const CreatedWorkspace created =
        create_workspace(work_dir, seed, size, instance_config, database);
    out << "generated agency " << created.state.agency_id << ": " << created.agency.employees.size()
        << " employees, " << created.agency.disciplinary.size() << " disciplinary records\n"
        << "HR database " << created.state.hr_database.string() << '\n'
        << "work dir " << work_dir.root().string() << " (psp-host call --work-dir ...)\n"
        << "people to act as: " << default_principals_line() << '\n';
    return 0;
}

int call_command(const CallCommand &command, std::ostream &out, std::ostream &notes) {
    const HostWorkDir work_dir(command.work_dir);
    require_enabled_if_managed(work_dir);
    WorkspaceState state = work_dir.load_state();
    if (!command.config_json.empty()) {
        state.instance_config.merge_patch(config_option(command.config_json));
        notes << "instance configuration updated in " << work_dir.state_file().string() << '\n';
    }
    std::string principal = command.principal;
    if (principal.empty()) {
        principal = default_principal(command.roles);
        notes << "acting as " << principal << ", the generated agency's default "
              << command.roles.front() << " (pass --principal to choose)\n";
    }
    const Json params = parse_params(command.params_json);
    const AgencySessionOptions options;
    AgencySession session(load_plugin(command.manifest, HostScopePolicy(options.granted_scopes)),
                          work_dir, state, options);
    std::string key = command.idempotency_key;
    const bool dry_run = params.is_object() && params.value("dry_run", false) == true;
    if (key.empty() && !dry_run && method_writes(session.plugin(), command.method)) {
        key = generated_key();
        notes << "idempotency_key " << key << " (generated; to retry this call, pass "
              << "--idempotency-key " << key << ")\n";
    }
    const CallOutcome outcome =
        session.call({command.method, principal, command.roles, params, key});
    // The configuration is kept only once the plugin accepted it (the instance was created).
    work_dir.save_state(state);
    std::ofstream file;
    if (!command.out_file.empty()) {
        file.open(command.out_file, std::ios::binary | std::ios::trunc);
        if (!file) {
            throw std::invalid_argument("--out: cannot write " + command.out_file.string());
        }
    }
    std::ostream &answer = command.out_file.empty() ? out : file;
    if (command.table && outcome.ok() && command.method == "coverage.report") {
        answer << coverage_table(outcome.result());
    } else if (const Json *document = document_of(outcome)) {
        answer << document->get<std::string>();
    } else {
        answer << outcome.response.dump(2) << '\n';
    }
    if (!command.out_file.empty()) {
        notes << "answer written to " << command.out_file.string() << '\n';
    }
    if (outcome.ok()) {
        return 0;
    }
    if (command.out_file.empty()) {
        return outcome.status != PSP_OK ? outcome.status : 1;
    }
    notes << outcome.response.dump(2) << '\n';
    return outcome.status != PSP_OK ? outcome.status : 1;
}

int64_t parse_duration_ms(std::string_view text) {
    static const std::map<char, int64_t> kUnitMs = {{'w', 7 * 86'400'000LL},
                                                    {'d', 86'400'000LL},
                                                    {'h', 3'600'000LL},
                                                    {'m', 60'000LL},
                                                    {'s', 1'000LL}};
    int64_t total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        int64_t number = 0;
        const std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0 &&
               i - start < 9) {
            number = number * 10 + (text[i++] - '0');
        }
        const auto unit = i < text.size() ? kUnitMs.find(text[i]) : kUnitMs.end();
        if (i == start || unit == kUnitMs.end()) {
            throw std::invalid_argument("'" + std::string(text) +
                                        "' is not a duration: write 3d, 12h, 90m, 45s, 2w or sums "
                                        "such as 1d12h");
        }
        total += number * unit->second;
        ++i;
    }
    if (text.empty()) {
        throw std::invalid_argument("a duration is needed, such as 3d");
    }
    return total;
}

int clock_command(const std::filesystem::path &work_dir_path, const std::string &action,
                  const std::string &argument, std::ostream &out) {
    const HostWorkDir work_dir(work_dir_path);
    WorkspaceState state = work_dir.load_state();
    const int64_t before = state.clock_ms;
    if (action == "advance") {
        state.clock_ms += parse_duration_ms(argument);
    } else if (action == "set") {
        state.clock_ms = parse_utc(argument);
        if (state.clock_ms < before) {
            throw std::invalid_argument("the host clock never goes back: it is " +
                                        format_utc(before) + " already");
        }
    } else if (action != "show") {
        throw std::invalid_argument("clock takes show, advance DURATION or set TIME");
    }
    work_dir.save_state(state);
    out << "host clock " << format_utc(state.clock_ms);
    if (state.clock_ms != before) {
        out << " (was " << format_utc(before) << ")";
    }
    out << '\n';
    return 0;
}

int fetch_log_command(const std::filesystem::path &work_dir_path, std::ostream &out) {
    const HostWorkDir work_dir(work_dir_path);
    const std::vector<FetchRecord> log = read_fetch_log(work_dir.fetch_log_file());
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_scope;  // granted, refused
    for (const FetchRecord &f : log) {
        out << format_utc(f.at_ms) << "  " << f.scope << "  "
            << (f.granted ? "granted" : "REFUSED (status " + std::to_string(f.status) + ")") << "  "
            << f.bytes << " bytes  " << f.query << (f.note.empty() ? "" : "  " + f.note) << '\n';
        auto &[granted, refused] = by_scope[f.scope];
        ++(f.granted ? granted : refused);
    }
    out << log.size() << " requests in " << work_dir.fetch_log_file().string() << '\n';
    for (const auto &[scope, counts] : by_scope) {
        out << "  scope \"" << scope << "\": " << counts.first << " granted, " << counts.second
            << " refused\n";
    }
    return 0;
}

int notifications_command(const std::filesystem::path &work_dir_path, std::ostream &out) {
    const HostWorkDir work_dir(work_dir_path);
    std::ifstream in(work_dir.notifications_file());
    std::size_t count = 0;
    std::string line;
    while (std::getline(in, line)) {
        const Json entry = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (entry.is_discarded()) {
            continue;
        }
        ++count;
        out << format_utc(entry.value("at_ms", int64_t{0})) << "  "
            << entry.value("notification", Json::object()).dump() << '\n';
    }
    out << count << (count == 1 ? " notification" : " notifications") << " in "
        << work_dir.notifications_file().string() << '\n';
    return 0;
}

}  // namespace psp::host_sim
