// schema_migration_bench.cpp: creates one plugin instance per agency schema on PostgreSQL, so the
// plugin's own migrations build every schema (issue 25, item 6; scripts/bench-schemas.sh runs it
// and docs/scaling.md quotes it). A measurement, not a test: it prints timings, asserts nothing.
//
//   psp_schema_bench PLUGIN_SO PLUGIN_CONNINFO SCHEMA_PREFIX FIRST COUNT [JOBS]
//
// Instance i in [FIRST, FIRST + COUNT) uses the schema PREFIX<i>, which must exist and belong to
// the plugin's role (the script creates them). Each instance is created (one pooled connection,
// every migration in one transaction) and destroyed at once, as a host starting an agency would;
// JOBS threads (default 1) do so side by side, as an operator upgrading many agencies would. A
// second pass over the same schemas times opening instances whose schemas are already current,
// which is what a host restart costs. Prints one `key value` line per figure.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "bench_host_services.hpp"
#include "psp_plugin.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Milliseconds each instance took to create, in schema order.
struct Pass {
    std::vector<double> ms;
    double total_s = 0;
};

Pass open_instances(const psp::abi::Api &api, const std::string &conninfo,
                    const std::string &prefix, int first, int count, int jobs,
                    const fs::path &data_dir) {
    const psp_host_services &host = psp_bench::bench_host_services();
    const std::string dir = data_dir.string();
    Pass pass;
    pass.ms.resize(static_cast<std::size_t>(count));
    std::vector<std::string> failures(static_cast<std::size_t>(jobs));
    // Job j opens instances first + j, first + j + jobs, ...; each writes only its own slots.
    const auto work = [&](int job) {
        try {
            for (int k = job; k < count; k += jobs) {
                const std::string schema = prefix + std::to_string(first + k);
                const std::string agency = "agency-" + std::to_string(first + k);
                // One connection: the figure is the migration's, not the pool's.
                const std::string config =
                    R"({"storage": {"backend": "postgresql", "pool_size": 1, "connection": ")" +
                    conninfo + " options='-c search_path=" + schema + "'\"}}";
                const psp_instance_config instance_config = {
                    sizeof(psp_instance_config), agency.c_str(), dir.c_str(), config.c_str()};
                const auto before = Clock::now();
                { const psp::abi::Instance instance(api, host, instance_config); }
                pass.ms[static_cast<std::size_t>(k)] =
                    std::chrono::duration<double, std::milli>(Clock::now() - before).count();
            }
        } catch (const std::exception &e) {
            failures[static_cast<std::size_t>(job)] = e.what();
        }
    };
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int job = 0; job < jobs; ++job) threads.emplace_back(work, job);
    for (std::thread &t : threads) t.join();
    pass.total_s = std::chrono::duration<double>(Clock::now() - start).count();
    for (const std::string &failure : failures) {
        if (!failure.empty()) throw std::runtime_error(failure);
    }
    return pass;
}

double mean(std::vector<double>::const_iterator from, std::vector<double>::const_iterator to) {
    return from == to ? 0 : std::accumulate(from, to, 0.0) / static_cast<double>(to - from);
}

// The pass's figures; the first and last tenth show whether an instance costs more once the
// catalog holds many schemas.
void report(const std::string &name, const Pass &pass) {
    std::vector<double> sorted = pass.ms;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) {
        return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()))];
    };
    const auto tenth = static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, pass.ms.size() / 10));
    std::printf("%s_total_s %.3f\n", name.c_str(), pass.total_s);
    std::printf("%s_mean_ms %.3f\n", name.c_str(), mean(pass.ms.begin(), pass.ms.end()));
    std::printf("%s_median_ms %.3f\n", name.c_str(), at(0.5));
    std::printf("%s_p95_ms %.3f\n", name.c_str(), at(0.95));
    std::printf("%s_first_tenth_mean_ms %.3f\n", name.c_str(),
                mean(pass.ms.begin(), pass.ms.begin() + tenth));
    std::printf("%s_last_tenth_mean_ms %.3f\n", name.c_str(),
                mean(pass.ms.end() - tenth, pass.ms.end()));
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 6 && argc != 7) {
        std::cerr << "usage: psp_schema_bench PLUGIN_SO PLUGIN_CONNINFO SCHEMA_PREFIX FIRST COUNT"
                     " [JOBS]\n";
        return 2;
    }
    const int first = std::atoi(argv[4]);
    const int count = std::atoi(argv[5]);
    const int jobs = argc == 7 ? std::atoi(argv[6]) : 1;
    if (count < 1 || jobs < 1) {
        std::cerr << "COUNT and JOBS must be at least 1\n";
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        std::cerr << dlerror() << '\n';
        return 1;
    }
    const fs::path data_dir =
        fs::temp_directory_path() / ("psp-schema-bench-" + std::to_string(::getpid()));
    fs::create_directories(data_dir);
    int status = 0;
    try {
        const psp::abi::Api api(
            reinterpret_cast<psp_plugin_entry_fn>(dlsym(library, PSP_PLUGIN_ENTRY_SYMBOL)));
        report("migrate", open_instances(api, argv[2], argv[3], first, count, jobs, data_dir));
        report("reopen", open_instances(api, argv[2], argv[3], first, count, jobs, data_dir));
    } catch (const std::exception &e) {
        std::cerr << "psp_schema_bench: " << e.what() << '\n';
        status = 1;
    }
    fs::remove_all(data_dir);
    dlclose(library);
    return status;
}
