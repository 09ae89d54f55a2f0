// main.cpp: psp-host, the bundled host simulator's command line.
//
//   psp-host generate --seed N --size N --out hr.sqlite3 [--config JSON|@FILE]
//   psp-host tour [--seed 7] [--size 500] [--work-dir DIR] [--manifest PATH]
//   psp-host run-scenario FILE [--manifest PATH] [--work-dir DIR]
//   psp-host call --method M [--params JSON|@FILE] [--roles r1,r2] [--principal ID]
//                 [--idempotency-key K] [--config JSON|@FILE] [--out FILE]
//                 [--work-dir DIR] [--manifest PATH]
//   psp-host clock [show | advance 3d | set 2026-03-01T08:00:00Z] [--work-dir DIR]
//   psp-host fetch-log [--work-dir DIR]
//   psp-host notifications [--work-dir DIR]
//   psp-host serve [--work-dir DIR] [--scenario FILE] [--port N] [--exit-after-start]
//   psp-host transition-worker --psp ID [--worker NAME] [--storage JSON]
//                 [--free-run N --from R] [--work-dir DIR] [--manifest PATH]
//   psp-host plugin install|upgrade|rollback|status|disable|enable|uninstall
//                 [--work-dir DIR] [--manifest PATH]
//                 [--json] [--export-data DIR]
//
// The manifest defaults to the one installed with psp-host (<libdir>/psp-plugin/), else to the
// one this build wrote (plugin/psp_plugin.manifest.json).
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "host_sim/default_manifest.hpp"
#include "host_sim/guided_tour.hpp"
#include "host_sim/host_commands.hpp"
#include "host_sim/plugin_manager_command.hpp"
#include "host_sim/scenario_runner.hpp"
#include "host_sim/serve/web_host.hpp"
#include "host_sim/transition_worker.hpp"

namespace {

namespace fs = std::filesystem;
using namespace psp::host_sim;

// Where tour, call and fetch-log meet unless told otherwise.
fs::path default_work_dir() {
    return fs::temp_directory_path() / "psp-host-work";
}

struct Arguments {
    uint64_t seed = 7;
    std::size_t size = 500;
    fs::path out;
    fs::path work_dir = default_work_dir();
    fs::path manifest =
        default_manifest_path(PSP_HOST_INSTALLED_MANIFEST, PSP_HOST_DEFAULT_MANIFEST);
    fs::path scenario;
    bool verbose = false;
    std::string storage_json;
    std::string config_json;
    std::string clock_action = "show";
    std::string clock_argument;
    CallCommand call;
    PluginCommand plugin;
    TransitionWorkerOptions worker;
    ServeOptions serve;
};

void add_manifest_option(CLI::App *command, Arguments &args) {
    command->add_option("--manifest", args.manifest, "the plugin manifest to install from")
        ->capture_default_str();
}

void add_work_dir_option(CLI::App *command, fs::path &work_dir) {
    command->add_option("--work-dir", work_dir, "the simulated agency's folder")
        ->capture_default_str();
}

CLI::App *add_generate(CLI::App &app, Arguments &args) {
    CLI::App *generate = app.add_subcommand("generate", "generate an agency's HR database");
    generate->add_option("--seed", args.seed, "same seed, same agency")->capture_default_str();
    generate->add_option("--size", args.size, "employees, 20 to 100000")->capture_default_str();
    generate->add_option("--out", args.out, "the HR database file to write")->required();
    generate->add_option("--config", args.config_json,
                         "instance configuration merged over the default, JSON or @FILE "
                         "(e.g. policy.directory.mapping, policy.training)");
    return generate;
}

CLI::App *add_tour(CLI::App &app, Arguments &args) {
    CLI::App *tour = app.add_subcommand("tour", "a guided, checked tour of the plugin");
    tour->add_option("--seed", args.seed, "the agency's seed")->capture_default_str();
    tour->add_option("--size", args.size, "employees, 20 to 100000")->capture_default_str();
    add_work_dir_option(tour, args.work_dir);
    add_manifest_option(tour, args);
    tour->add_flag("--verbose", args.verbose, "echo the plugin's log lines to stderr");
    return tour;
}

CLI::App *add_run_scenario(CLI::App &app, Arguments &args) {
    CLI::App *run = app.add_subcommand("run-scenario", "run a scenario file end to end");
    run->add_option("file", args.scenario, "the scenario (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    run->add_option("--work-dir", args.work_dir, "the agency's folder (default: a temp folder)");
    add_manifest_option(run, args);
    run->add_flag("--verbose", args.verbose, "echo the plugin's log lines to stderr");
    run->add_option("--storage", args.storage_json,
                    "the instance config's storage object as JSON, e.g. "
                    R"({"backend":"postgresql","connection":"host=... dbname=..."})");
    return run;
}

CLI::App *add_call(CLI::App &app, Arguments &args) {
    CLI::App *call = app.add_subcommand("call", "one call against a work dir's agency");
    call->add_option("--method", args.call.method, "e.g. directory.search")->required();
    call->add_option("--params", args.call.params_json, "params as a JSON object, or @FILE")
        ->capture_default_str();
    call->add_option("--roles", args.call.roles, "host roles, comma-separated")->delimiter(',');
    call->add_option("--principal", args.call.principal,
                     "the caller's employee id (default: the generated agency's person for the "
                     "first role, printed)");
    call->add_option("--idempotency-key", args.call.idempotency_key,
                     "for writes; generated and printed when not given");
    call->add_option("--config", args.call.config_json,
                     "merge into the agency's instance configuration (kept), JSON or @FILE");
    call->add_option("--out", args.call.out_file,
                     "write the answer here (a CSV or SVG report as the document itself)");
    call->add_flag("--table", args.call.table, "coverage.report as a readable table");
    add_work_dir_option(call, args.work_dir);
    add_manifest_option(call, args);
    return call;
}

CLI::App *add_clock(CLI::App &app, Arguments &args) {
    CLI::App *clock = app.add_subcommand("clock", "show, advance or set a work dir's host clock");
    clock->add_option("action", args.clock_action, "show, advance or set")
        ->check(CLI::IsMember({"show", "advance", "set"}));
    clock->add_option("value", args.clock_argument,
                      "advance: 3d, 12h, 90m, 1d12h; set: 2026-03-01T08:00:00Z");
    add_work_dir_option(clock, args.work_dir);
    return clock;
}

CLI::App *add_plugin(CLI::App &app, Arguments &args) {
    CLI::App *plugin =
        app.add_subcommand("plugin", "the plugin manager: install, upgrade, rollback, status, ...");
    plugin->add_option("action", args.plugin.action, "the plugin manager's action")
        ->required()
        ->check(CLI::IsMember(
            {"install", "upgrade", "rollback", "status", "disable", "enable", "uninstall"}));
    add_work_dir_option(plugin, args.work_dir);
    add_manifest_option(plugin, args);
    plugin->add_flag("--json", args.plugin.json, "status: print JSON");
    plugin->add_option("--export-data", args.plugin.export_to,
                       "uninstall: export the plugin's data to this new folder (default: keep it)");
    return plugin;
}

CLI::App *add_transition_worker(CLI::App &app, Arguments &args) {
    CLI::App *worker = app.add_subcommand(
        "transition-worker", "one host process racing program transitions (tests, benchmarks)");
    worker->add_option("--psp", args.worker.psp_id, "the active PSP to move")->required();
    worker->add_option("--worker", args.worker.worker, "this worker's name, in its keys")
        ->capture_default_str();
    worker->add_option("--storage", args.storage_json, "the instance's storage, a JSON object");
    worker->add_option("--free-run", args.worker.free_run, "perform N rounds without `go` lines");
    worker->add_option("--from", args.worker.from, "the free run's first round");
    add_work_dir_option(worker, args.work_dir);
    add_manifest_option(worker, args);
    return worker;
}

CLI::App *add_serve(CLI::App &app, Arguments &args) {
    CLI::App *serve = app.add_subcommand(
        "serve", "serve the plugin's screens on loopback, signed in as any simulated person");
    add_work_dir_option(serve, args.work_dir);
    add_manifest_option(serve, args);
    serve
        ->add_option("--scenario", args.scenario,
                     "first run this scenario into the work dir (e.g. sample_agency.json)")
        ->check(CLI::ExistingFile);
    serve->add_option("--port", args.serve.port, "the port (0: any free port)")
        ->capture_default_str();
    serve->add_flag("--exit-after-start", args.serve.exit_after_start,
                    "print the URL, check the server answers, then stop (for scripts and CI)");
    return serve;
}

int serve(Arguments &args) {
    if (!args.scenario.empty()) {
        ScenarioOptions options;
        options.manifest = args.manifest;
        options.work_dir = args.work_dir;
        const ScenarioReport report = run_scenario(args.scenario, options, std::cout);
        if (!report.passed()) {
            return 1;
        }
    }
    args.serve.work_dir = args.work_dir;
    args.serve.manifest = args.manifest;
    return serve_command(args.serve, std::cout);
}

// The --storage option: the instance config's "storage" object, or null when not given.
nlohmann::json storage_option(const std::string &text) {
    if (text.empty()) {
        return nullptr;
    }
    nlohmann::json storage = nlohmann::json::parse(text, nullptr, false);
    if (!storage.is_object()) {
        throw std::invalid_argument("--storage must be a JSON object: " + text);
    }
    return storage;
}

int transition_worker(Arguments &args) {
    args.worker.work_dir = args.work_dir;
    args.worker.manifest = args.manifest;
    args.worker.storage = storage_option(args.storage_json);
    return transition_worker_command(args.worker, std::cin, std::cout);
}

int run_scenario_command(const Arguments &args, bool work_dir_given) {
    ScenarioOptions options;
    options.manifest = args.manifest;
    options.work_dir = work_dir_given ? args.work_dir : fs::path();
    options.echo_log = args.verbose;
    options.storage = storage_option(args.storage_json);
    const ScenarioReport report = run_scenario(args.scenario, options, std::cout);
    return report.passed() ? 0 : 1;
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{"psp-host: the Peer Support Program plugin's host simulator"};
    app.require_subcommand(1);
    Arguments args;
    CLI::App *generate = add_generate(app, args);
    CLI::App *tour = add_tour(app, args);
    CLI::App *run = add_run_scenario(app, args);
    CLI::App *call = add_call(app, args);
    CLI::App *plugin = add_plugin(app, args);
    CLI::App *worker = add_transition_worker(app, args);
    CLI::App *clock = add_clock(app, args);
    CLI::App *serve_app = add_serve(app, args);
    CLI::App *fetch_log = app.add_subcommand("fetch-log", "show a work dir's fetch log");
    add_work_dir_option(fetch_log, args.work_dir);
    CLI::App *notifications =
        app.add_subcommand("notifications", "show what the plugin asked the host to tell people");
    add_work_dir_option(notifications, args.work_dir);
    CLI11_PARSE(app, argc, argv);
    try {
        if (*generate) {
            return generate_command(args.seed, args.size, args.out, config_option(args.config_json),
                                    std::cout);
        }
        if (*tour) {
            const TourOptions options{args.seed, args.size, args.work_dir, args.manifest,
                                      args.verbose};
            return run_guided_tour(options, std::cout) ? 0 : 1;
        }
        if (*run) {
            return run_scenario_command(args, run->count("--work-dir") > 0);
        }
        if (*call) {
            args.call.work_dir = args.work_dir;
            args.call.manifest = args.manifest;
            return call_command(args.call, std::cout, std::cerr);
        }
        if (*plugin) {
            args.plugin.work_dir = args.work_dir;
            args.plugin.manifest = args.manifest;
            return plugin_command(args.plugin, std::cout);
        }
        if (*worker) {
            return transition_worker(args);
        }
        if (*clock) {
            return clock_command(args.work_dir, args.clock_action, args.clock_argument, std::cout);
        }
        if (*notifications) {
            return notifications_command(args.work_dir, std::cout);
        }
        if (*serve_app) {
            return serve(args);
        }
        return fetch_log_command(args.work_dir, std::cout);
    } catch (const std::exception &e) {
        std::cerr << "psp-host: " << e.what() << '\n';
        return 2;
    }
}
