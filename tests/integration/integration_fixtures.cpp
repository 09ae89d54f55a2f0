// integration_fixtures.cpp: scratch folders, the installed plugin and pulled agencies.
#include "integration_fixtures.hpp"

#include <soci/soci.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

Json instance_config(const psp_test::TestStorage &storage) {
    Json config = {{"policy", {{"directory", {{"single_root", true}}}}}};
    if (psp_test::testing_postgresql()) {
        config["storage"] = Json::parse(storage.config_json());
    }
    return config;
}

std::string all_bytes_under(const fs::path &folder) {
    std::string bytes;
    for (const fs::directory_entry &entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
}

}  // namespace

fs::path built_manifest() {
    return PSP_TEST_MANIFEST;
}

std::shared_ptr<const LoadedPlugin> installed_plugin() {
    static const std::shared_ptr<const LoadedPlugin> plugin =
        load_plugin(built_manifest(), HostScopePolicy({"directory"}));
    return plugin;
}

TemporaryFolder::TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "psp-integration-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary folder");
    }
    path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

fs::path PulledAgency::plugin_data_dir() const {
    return session->work_dir().plugin_data_dir();
}

std::string PulledAgency::stored_bytes() const {
    std::string bytes = all_bytes_under(plugin_data_dir());
    if (!psp_test::testing_postgresql()) {
        return bytes;
    }
    psp::Database db(storage->config_with_pool(1));
    for (const std::string &table : psp_test::table_names(db)) {
        db.read([&](soci::session &sql) {
            soci::rowset<std::string> rows = sql.prepare
                                             << "SELECT CAST(t.* AS TEXT) FROM " + table + " AS t";
            for (const std::string &row : rows) {
                bytes.append(row).push_back('\n');
            }
        });
    }
    return bytes;
}

std::vector<std::string> PulledAgency::disciplinary_markers() {
    std::vector<std::string> markers;
    session->host().with_hr_database([&](HrDatabase &hr) { markers = hr.disciplinary_markers(); });
    return markers;
}

std::unique_ptr<PulledAgency> pull_agency(uint64_t seed, std::size_t size) {
    auto agency = std::make_unique<PulledAgency>();
    const HostWorkDir work_dir(agency->folder.path());
    agency->storage = std::make_unique<psp_test::TestStorage>(
        (agency->folder.path() / "unused-on-sqlite").string());
    agency->created = create_workspace(work_dir, seed, size, instance_config(*agency->storage));
    agency->session =
        std::make_unique<AgencySession>(installed_plugin(), work_dir, agency->created.state);
    agency->full_sync = call_as_hr(*agency->session, "directory.sync",
                                   {{"mode", "full"}, {"source", "host"}}, "full-pull");
    return agency;
}

CallOutcome call_as_hr(const AgencySession &session, const std::string &method, const Json &params,
                       const std::string &key) {
    return session.call({method, "E000002", {"hr_admin"}, params, key});
}

std::map<std::string, Json> directory_by_id(const AgencySession &session) {
    std::map<std::string, Json> directory;
    Json after = "";
    while (after.is_string()) {
        const CallOutcome page =
            call_as_hr(session, "directory.search", {{"after_id", after}, {"limit", 500}});
        if (!page.ok()) {
            throw std::runtime_error("directory.search failed: " + page.response.dump());
        }
        for (const Json &e : page.result().at("employees")) {
            directory[e.at("id")] = e;
        }
        after = page.result().at("next_after_id");
    }
    return directory;
}

std::vector<const HostEmployee *> employees_without_reports(const GeneratedAgency &agency) {
    std::set<std::string> managers;
    for (const HostEmployee &e : agency.employees) {
        managers.insert(e.manager_scim_id);
    }
    std::vector<const HostEmployee *> leaves;
    for (const HostEmployee &e : agency.employees) {
        if (!e.manager_scim_id.empty() && managers.count(e.scim_id) == 0) {
            leaves.push_back(&e);
        }
    }
    return leaves;
}

}  // namespace psp::host_sim::integration
