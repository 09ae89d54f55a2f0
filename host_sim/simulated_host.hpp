// simulated_host.hpp: the host services a plugin instance gets from the simulated host.
//
// It owns the psp_host_services table the plugin calls back into: a clock the simulation controls,
// a log kept in memory, `fetch` answering only granted scopes from the simulated HR database (and
// writing every request, granted or refused, into the fetch log), `notify` that records what the
// plugin would tell people, and `free`. Every callback is thread-safe (one mutex) and never lets
// an exception reach the plugin.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "host_sim/fetch_log.hpp"
#include "host_sim/host_scope_policy.hpp"
#include "host_sim/hr_database.hpp"
#include "host_sim/utc_time.hpp"
#include "psp_plugin.h"

namespace psp::host_sim {

struct HostLogLine {
    int64_t at_ms = 0;
    int32_t level = PSP_LOG_INFO;
    std::string message;
};

struct SimulatedHostOptions {
    bool echo_log = false;                 // also print each log line to stderr
    std::filesystem::path fetch_log_file;  // also append each fetch here (JSON lines); empty: no
    // Also append each notification here, {"at_ms": ..., "notification": {...}} a line; empty: no.
    std::filesystem::path notifications_file;
    int64_t start_ms = kSimulationStartMs;
};

class SimulatedHost {
  public:
    // Opens the HR database at `hr_database`. Throws std::invalid_argument when a granted scope
    // is one the host refuses to every plugin, std::runtime_error when the database is unusable.
    SimulatedHost(const std::filesystem::path &hr_database,
                  const std::set<std::string> &granted_scopes, SimulatedHostOptions options = {});
    // The table holds `this`: the host cannot move, and must outlive every instance using it.
    SimulatedHost(const SimulatedHost &) = delete;
    SimulatedHost &operator=(const SimulatedHost &) = delete;

    const psp_host_services &services() const { return services_; }
    const HostScopePolicy &policy() const { return policy_; }

    int64_t now_ms() const;
    void set_now_ms(int64_t now_ms);
    void advance_ms(int64_t delta_ms);

    std::vector<HostLogLine> log_lines() const;
    std::vector<FetchRecord> fetch_log() const;
    std::size_t fetch_count() const;
    std::vector<std::string> notifications() const;
    void set_log_echo(bool echo);

    std::string agency_id();
    // HR work (transfers, departures) under the host's lock, as HR staff would make it. `work`
    // must not call back into the host: the lock is not recursive.
    void with_hr_database(const std::function<void(HrDatabase &)> &work);

  private:
    static int64_t now_ms_service(void *host_data);
    static void log_service(void *host_data, int32_t level, const char *message);
    static psp_status fetch_service(void *host_data, const char *scope, const char *query_json,
                                    char **out_json, size_t *out_len);
    static psp_status notify_service(void *host_data, const char *notification_json);
    static void free_service(void *host_data, void *ptr);

    void record_log(int32_t level, std::string message);
    psp_status answer_fetch(const char *scope, const char *query_json, char **out_json,
                            size_t *out_len);
    psp_status read_scope(FetchRecord &record, std::string &answer);
    psp_status read_directory(const std::string &query_json, std::string &answer,
                              std::string &note);
    void keep_fetch_record(const FetchRecord &record);

    mutable std::mutex mutex_;
    HostScopePolicy policy_;
    SimulatedHostOptions options_;
    HrDatabase hr_;
    int64_t now_ms_;
    std::vector<HostLogLine> log_;
    std::vector<FetchRecord> fetches_;
    std::vector<std::string> notifications_;
    psp_host_services services_{};
};

}  // namespace psp::host_sim
