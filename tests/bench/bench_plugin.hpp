// bench_plugin.hpp: what the benchmarks share: the plugin loaded through dlopen with a minimal
// host, and a department-shaped generated directory.
#pragma once

#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bench_host_services.hpp"
#include "plugin/domain/employee.hpp"
#include "psp_plugin.hpp"

namespace soci {
class session;
}

namespace psp_bench {

// Writes, inside the caller's transaction, a 40-hour course covering the default initial
// training topics and one attendance of it per PSP: members written straight into
// program_members need it, or they are never offered (initial_training_incomplete).
void add_initial_training(soci::session &sql, const std::vector<std::string> &psp_ids);

// Writes `count` active PSPs straight into the plugin's database at `database` (selection
// through the ABI thousands of times would be set-up, not the figure): every 25th employee from
// E100007 (psp_id_at), each with initial training on record. Returns their ids.
std::vector<std::string> add_active_psps(const std::string &database, std::size_t count);
std::string psp_id_at(std::size_t k);

// A department-shaped tree: each supervisor has eight reports, employee 0 at the top; ids
// "E100000" upwards, five divisions, three shifts.
std::vector<psp::EmployeeRecord> make_chart(std::size_t size);

// A directory.sync request (`mode` "full" or "incremental", source records) listing `chart`.
std::string sync_request(const std::vector<psp::EmployeeRecord> &chart, const std::string &mode,
                         const std::string &idempotency_key);
// A directory.sync request (full, records) for `chart`, with idempotency key "bench-<key>".
std::string records_request(const std::vector<psp::EmployeeRecord> &chart, int key);

// The plugin loaded through dlopen (RTLD_NOW | RTLD_LOCAL), one instance on a fresh data
// folder, removed afterwards.
class LoadedPlugin {
  public:
    LoadedPlugin();
    // With the instance's configuration JSON (NULL-free text; "" for the defaults).
    explicit LoadedPlugin(const std::string &config_json);
    // With other host services (a host that answers fetch, say).
    LoadedPlugin(const psp_host_services &host, const std::string &config_json);
    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin &) = delete;
    LoadedPlugin &operator=(const LoadedPlugin &) = delete;

    psp::abi::CallResult call(const std::string &request) const { return instance_->call(request); }
    // The instance's SQLite file, for set-up SQL a benchmark does not time.
    std::string database_path() const;

    static std::filesystem::path fresh_dir(const std::string &what);

  private:
    std::filesystem::path dir_;
    void *handle_ = nullptr;
    psp_host_services host_{};
    std::optional<psp::abi::Api> api_;
    std::optional<psp::abi::Instance> instance_;
};

void require_ok(benchmark::State &state, const psp::abi::CallResult &result);

}  // namespace psp_bench
