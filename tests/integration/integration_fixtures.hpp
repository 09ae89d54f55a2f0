// integration_fixtures.hpp: what the integration tests share: the manifest this build wrote, a
// scratch folder per test, and an agency generated, installed and pulled through the real .so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/agency_session.hpp"
#include "host_sim/host_work_dir.hpp"
#include "host_sim/plugin_loader.hpp"
#include "test_backend.hpp"

namespace psp::host_sim::integration {

using Json = nlohmann::json;

// plugin/psp_plugin.manifest.json in this build tree.
std::filesystem::path built_manifest();

// The plugin installed from the built manifest with the simulator's default policy, loaded once
// per test process (as a host loads a plugin once and creates instances per agency).
std::shared_ptr<const LoadedPlugin> installed_plugin();

// A folder of its own under the temp folder, removed with everything in it.
class TemporaryFolder {
  public:
    TemporaryFolder();
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder &) = delete;
    TemporaryFolder &operator=(const TemporaryFolder &) = delete;
    const std::filesystem::path &path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// One agency in its own work dir and database (a SQLite file in the work dir, or a PostgreSQL
// schema when PSP_TEST_BACKEND=postgresql: tests/unit/test_backend.hpp), with the plugin's
// instance and the full pull's response.
struct PulledAgency {
    TemporaryFolder folder;
    std::unique_ptr<psp_test::TestStorage> storage;
    CreatedWorkspace created;
    std::unique_ptr<AgencySession> session;
    CallOutcome full_sync;

    std::filesystem::path plugin_data_dir() const;
    // Every byte the plugin stored: the files of its data folder and, on PostgreSQL, the text of
    // every row of every table in its schema.
    std::string stored_bytes() const;
    std::vector<std::string> disciplinary_markers();
};

// Generates the agency, creates the instance and pulls the whole directory from the host.
std::unique_ptr<PulledAgency> pull_agency(uint64_t seed, std::size_t size);

// A call as an HR administrator (E000002 with role hr_admin).
CallOutcome call_as_hr(const AgencySession &session, const std::string &method,
                       const Json &params = Json::object(), const std::string &key = "");

// Every employee record in the plugin's directory, by id (paged through directory.search).
std::map<std::string, Json> directory_by_id(const AgencySession &session);

// Employees nobody reports to: changing them cannot break the org chart.
std::vector<const HostEmployee *> employees_without_reports(const GeneratedAgency &agency);

}  // namespace psp::host_sim::integration
