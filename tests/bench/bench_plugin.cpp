// bench_plugin.cpp: loading the plugin for benchmarks, and the generated directory.
#include "bench_plugin.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "plugin/core/json_text.hpp"

namespace psp_bench {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::vector<psp::EmployeeRecord> make_chart(std::size_t size) {
    static const char *const kShifts[] = {"Day", "Evening", "Night"};
    std::vector<psp::EmployeeRecord> chart(size);
    for (std::size_t i = 0; i < size; ++i) {
        psp::EmployeeRecord &e = chart[i];
        e.id = "E" + std::to_string(100000 + i);
        e.name = "Employee " + std::to_string(i);
        e.title = i == 0 ? "Chief of Police" : (i < 512 ? "Sergeant" : "Officer");
        e.division = "Division " + std::to_string(i % 5);
        e.unit = "Unit " + std::to_string(i % 97);
        e.shift = kShifts[i % 3];
        e.supervisor_id = i == 0 ? "" : chart[(i - 1) / 8].id;
    }
    return chart;
}

std::string sync_request(const std::vector<psp::EmployeeRecord> &chart, const std::string &mode,
                         const std::string &idempotency_key) {
    psp::Json records = psp::Json::array();
    for (const psp::EmployeeRecord &e : chart) {
        records.push_back({{"id", e.id},
                           {"name", e.name},
                           {"title", e.title},
                           {"category", "sworn"},
                           {"division", e.division},
                           {"unit", e.unit},
                           {"shift", e.shift},
                           {"supervisor_id", e.supervisor_id}});
    }
    return psp::to_json_text(
        {{"method", "directory.sync"},
         {"principal", {{"id", "bench"}, {"roles", {"hr_admin"}}}},
         {"idempotency_key", idempotency_key},
         {"params", {{"mode", mode}, {"source", "records"}, {"records", records}}}});
}

std::string records_request(const std::vector<psp::EmployeeRecord> &chart, int key) {
    return sync_request(chart, "full", "bench-" + std::to_string(key));
}

LoadedPlugin::LoadedPlugin() : LoadedPlugin(std::string()) {}

LoadedPlugin::LoadedPlugin(const std::string &config_json)
    : LoadedPlugin(bench_host_services(), config_json) {}

LoadedPlugin::LoadedPlugin(const psp_host_services &host, const std::string &config_json)
    : dir_(fresh_dir("plugin")) {
    handle_ = dlopen(PSP_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) throw std::runtime_error(dlerror());
    auto entry = reinterpret_cast<psp_plugin_entry_fn>(dlsym(handle_, PSP_PLUGIN_ENTRY_SYMBOL));
    api_.emplace(entry);
    host_ = host;
    const std::string dir = dir_.string();
    const psp_instance_config config = {sizeof(psp_instance_config), "bench", dir.c_str(),
                                        config_json.empty() ? nullptr : config_json.c_str()};
    instance_.emplace(*api_, host_, config);
}

LoadedPlugin::~LoadedPlugin() {
    instance_.reset();
    api_.reset();
    dlclose(handle_);
    fs::remove_all(dir_);
}

std::string LoadedPlugin::database_path() const {
    return (dir_ / "psp-bench.sqlite3").string();
}

fs::path LoadedPlugin::fresh_dir(const std::string &what) {
    static std::atomic<int> counter{0};
    fs::path dir =
        fs::temp_directory_path() /
        ("psp-bench-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir);
    return dir;
}

void require_ok(benchmark::State &state, const psp::abi::CallResult &result) {
    if (!result.ok()) state.SkipWithError(result.response.substr(0, 300).c_str());
}

std::string psp_id_at(std::size_t k) {
    return "E" + std::to_string(100000 + 7 + k * 25);
}

std::vector<std::string> add_active_psps(const std::string &database, std::size_t count) {
    soci::session sql(soci::sqlite3, "db=\"" + database + "\"");
    soci::transaction tx(sql);
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < count; ++k) {
        const std::string id = psp_id_at(k);
        sql << "INSERT INTO program_members (employee_id, status, path, cycle, revision,"
               " nominated_by, status_since_ms, active_since_ms)"
               " VALUES (:id, 'active', 'full', 1, 1, '', 1, 1)",
            soci::use(id);
        ids.push_back(id);
    }
    add_initial_training(sql, ids);
    tx.commit();
    return ids;
}

void add_initial_training(soci::session &sql, const std::vector<std::string> &psp_ids) {
    sql << "INSERT INTO training_courses (code, title, minutes, provider, added_ms)"
           " VALUES ('basic_peer_support', 'Basic peer support', 2400, '', 0)";
    for (const char *topic : {"confidentiality", "role_conflict", "limits_liability",
                              "suicide_assessment", "referral"}) {
        const std::string code = topic;
        sql << "INSERT INTO training_course_topics (course_code, topic_code)"
               " VALUES ('basic_peer_support', :t)",
            soci::use(code);
    }
    long long seq = 900'000'000;
    for (const std::string &id : psp_ids) {
        // 2020-01-15: day 18276, month index 2020 * 12.
        sql << "INSERT INTO training_attendance (seq, employee_id, day, month_index, course_code,"
               " topic_code, minutes, provider, source, statement_id, recorded_ms)"
               " VALUES (:q, :e, 18276, 24240, 'basic_peer_support', '', 2400, '', 'entry',"
               " NULL, 0)",
            soci::use(seq), soci::use(id);
        ++seq;
    }
}

}  // namespace psp_bench
