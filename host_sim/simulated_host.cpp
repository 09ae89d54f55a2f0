// simulated_host.cpp: the host-services callbacks and the state behind them.
#include "host_sim/simulated_host.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "host_sim/directory_scope_query.hpp"

namespace psp::host_sim {
namespace {

constexpr const char *kDirectoryScope = "directory";

const char *level_name(int32_t level) {
    switch (level) {
        case PSP_LOG_DEBUG:
            return "DEBUG";
        case PSP_LOG_INFO:
            return "INFO";
        case PSP_LOG_WARNING:
            return "WARNING";
        case PSP_LOG_ERROR:
            return "ERROR";
        default:
            return "LOG";
    }
}

// A malloc'd copy the plugin hands back through free_service; NULL when memory runs out.
char *copy_for_plugin(const std::string &text) {
    char *buffer = static_cast<char *>(std::malloc(text.size() + 1));
    if (buffer == nullptr) {
        return nullptr;
    }
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    return buffer;
}

SimulatedHost &host_of(void *host_data) {
    return *static_cast<SimulatedHost *>(host_data);
}

}  // namespace

SimulatedHost::SimulatedHost(const std::filesystem::path &hr_database,
                             const std::set<std::string> &granted_scopes,
                             SimulatedHostOptions options)
    : policy_(granted_scopes),
      options_(std::move(options)),
      hr_(hr_database.string()),
      now_ms_(options_.start_ms) {
    services_.struct_size = sizeof(psp_host_services);
    services_.abi_major = PSP_ABI_VERSION_MAJOR;
    services_.host_data = this;
    services_.now_ms = &SimulatedHost::now_ms_service;
    services_.log = &SimulatedHost::log_service;
    services_.fetch = &SimulatedHost::fetch_service;
    services_.notify = &SimulatedHost::notify_service;
    services_.free = &SimulatedHost::free_service;
}

// ---- The simulation's side ---------------------------------------------------------------------

int64_t SimulatedHost::now_ms() const {
    std::lock_guard lock(mutex_);
    return now_ms_;
}

void SimulatedHost::set_now_ms(int64_t now_ms) {
    std::lock_guard lock(mutex_);
    now_ms_ = now_ms;
}

void SimulatedHost::advance_ms(int64_t delta_ms) {
    std::lock_guard lock(mutex_);
    now_ms_ += delta_ms;
}

std::vector<HostLogLine> SimulatedHost::log_lines() const {
    std::lock_guard lock(mutex_);
    return log_;
}

std::vector<FetchRecord> SimulatedHost::fetch_log() const {
    std::lock_guard lock(mutex_);
    return fetches_;
}

std::size_t SimulatedHost::fetch_count() const {
    std::lock_guard lock(mutex_);
    return fetches_.size();
}

std::vector<std::string> SimulatedHost::notifications() const {
    std::lock_guard lock(mutex_);
    return notifications_;
}

void SimulatedHost::set_log_echo(bool echo) {
    std::lock_guard lock(mutex_);
    options_.echo_log = echo;
}

std::string SimulatedHost::agency_id() {
    std::lock_guard lock(mutex_);
    return hr_.agency_id();
}

void SimulatedHost::with_hr_database(const std::function<void(HrDatabase &)> &work) {
    std::lock_guard lock(mutex_);
    work(hr_);
}

// ---- The plugin's side: C callbacks, each catching everything ---------------------------------

int64_t SimulatedHost::now_ms_service(void *host_data) {
    return host_of(host_data).now_ms();
}

void SimulatedHost::log_service(void *host_data, int32_t level, const char *message) {
    try {
        host_of(host_data).record_log(level, message != nullptr ? message : "");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a lost log line must not reach the plugin
    }
}

psp_status SimulatedHost::fetch_service(void *host_data, const char *scope, const char *query_json,
                                        char **out_json, size_t *out_len) {
    if (out_json == nullptr || out_len == nullptr) {
        return PSP_ERR_INVALID_ARGUMENT;
    }
    *out_json = nullptr;
    *out_len = 0;
    try {
        return host_of(host_data).answer_fetch(scope, query_json, out_json, out_len);
    } catch (...) {
        return PSP_ERR_HOST;
    }
}

psp_status SimulatedHost::notify_service(void *host_data, const char *notification_json) {
    if (notification_json == nullptr) {
        return PSP_ERR_INVALID_ARGUMENT;
    }
    try {
        SimulatedHost &host = host_of(host_data);
        std::lock_guard lock(host.mutex_);
        host.notifications_.emplace_back(notification_json);
        if (!host.options_.notifications_file.empty()) {
            nlohmann::json parsed = nlohmann::json::parse(notification_json, nullptr, false);
            const nlohmann::json line = {
                {"at_ms", host.now_ms_},
                {"notification",
                 parsed.is_discarded() ? nlohmann::json(notification_json) : parsed}};
            std::ofstream out(host.options_.notifications_file, std::ios::app);
            out << line.dump() << '\n';
        }
        return PSP_OK;
    } catch (...) {
        return PSP_ERR_HOST;
    }
}

void SimulatedHost::free_service(void * /*host_data*/, void *ptr) {
    std::free(ptr);
}

void SimulatedHost::record_log(int32_t level, std::string message) {
    std::lock_guard lock(mutex_);
    if (options_.echo_log) {
        std::cerr << "[" << format_utc(now_ms_) << "] " << level_name(level)
                  << " plugin: " << message << '\n';
    }
    log_.push_back({now_ms_, level, std::move(message)});
}

psp_status SimulatedHost::answer_fetch(const char *scope, const char *query_json, char **out_json,
                                       size_t *out_len) {
    std::lock_guard lock(mutex_);
    FetchRecord record;
    record.at_ms = now_ms_;
    record.scope = scope != nullptr ? scope : "";
    record.query = query_json != nullptr ? query_json : "";
    std::string answer;
    record.status = read_scope(record, answer);
    record.granted = record.status == PSP_OK;
    record.bytes = answer.size();
    // Recorded before anything is handed over: an answer the log cannot show is not given.
    keep_fetch_record(record);
    if (!record.granted) {
        return record.status;
    }
    *out_json = copy_for_plugin(answer);
    if (*out_json == nullptr) {
        return PSP_ERR_HOST;
    }
    *out_len = answer.size();
    return PSP_OK;
}

psp_status SimulatedHost::read_scope(FetchRecord &record, std::string &answer) {
    if (is_refused_scope(record.scope)) {
        record.note = "scope refused to every plugin: disciplinary and related records";
        return PSP_ERR_FORBIDDEN;
    }
    if (!policy_.grants(record.scope)) {
        record.note = "scope not granted to this plugin";
        return PSP_ERR_FORBIDDEN;
    }
    if (record.scope != kDirectoryScope) {
        record.note = "the simulated host serves no data for this scope";
        return PSP_ERR_FORBIDDEN;
    }
    return read_directory(record.query, answer, record.note);
}

psp_status SimulatedHost::read_directory(const std::string &query_json, std::string &answer,
                                         std::string &note) {
    try {
        const DirectoryScopeQuery query = parse_directory_scope_query(query_json);
        answer = hr_.directory_page(query.start_index, query.count, query.since);
        return PSP_OK;
    } catch (const std::invalid_argument &e) {
        note = e.what();
        return PSP_ERR_INVALID_REQUEST;
    } catch (const std::exception &e) {
        note = std::string("the HR database failed: ") + e.what();
        return PSP_ERR_HOST;
    }
}

void SimulatedHost::keep_fetch_record(const FetchRecord &record) {
    fetches_.push_back(record);
    if (!options_.fetch_log_file.empty()) {
        append_fetch_record(options_.fetch_log_file, record);
    }
}

}  // namespace psp::host_sim
