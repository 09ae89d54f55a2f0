// plugin_lifecycle_test.cpp: the simulated host's plugin manager on the real library: install
// (every check, migrations, health), upgrade over live data and rollback, status (version, ABI,
// health, schema version, scopes granted), disable / enable, and uninstall keeping or exporting
// the plugin's data. Only one release exists so far, so an upgrade installs a copy of the same
// library from another folder; what is tested is the manager's handling of data and registry.
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "host_sim/plugin_manager.hpp"
#include "integration_fixtures.hpp"
#include "plugin/core/sha256.hpp"

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

Json read_json_file(const fs::path &file) {
    std::ifstream in(file);
    return Json::parse(in);
}

// A copy of the built library and its manifest in a folder of its own, to tamper with.
struct PluginCopy {
    TemporaryFolder folder;
    fs::path manifest = folder.path() / "psp_plugin.manifest.json";
    fs::path library;

    PluginCopy() {
        const Json built = read_json_file(built_manifest());
        const std::string file = built["library"]["file"].get<std::string>();
        library = folder.path() / file;
        fs::copy_file(built_manifest().parent_path() / file, library);
        fs::copy_file(built_manifest(), manifest);
        // The screens the manifest lists travel with it (their checksums are checked on install).
        for (const Json &f : built.value("ui", Json::object()).value("files", Json::array())) {
            const fs::path name = f["file"].get<std::string>();
            fs::create_directories((folder.path() / name).parent_path());
            fs::copy_file(built_manifest().parent_path() / name, folder.path() / name);
        }
    }

    void append_a_byte() const { std::ofstream(library, std::ios::app | std::ios::binary) << 'x'; }
};

// A generated agency in a work dir and a manager for it; nothing installed yet.
struct ManagedAgency {
    TemporaryFolder folder;
    HostWorkDir work_dir{folder.path()};
    CreatedWorkspace created =
        create_workspace(work_dir, 11, 120, {{"policy", {{"directory", {{"single_root", true}}}}}});
    PluginManager manager{folder.path()};

    // A full pull from the host through the installed plugin, as HR would start.
    Json pull_directory() const {
        const AgencySession session(installed_plugin(), work_dir, created.state);
        const CallOutcome sync =
            call_as_hr(session, "directory.sync", {{"mode", "full"}, {"source", "host"}}, "pull-1");
        EXPECT_TRUE(sync.ok()) << sync.response.dump();
        return sync.result();
    }

    // Installed from the build's manifest, with the HR directory pulled in (120 employees).
    void install_and_pull() const {
        manager.install(built_manifest());
        pull_directory();
    }
};

TEST(PluginLifecycle, InstallThenStatusReportsVersionAbiHealthSchemaAndScopes) {
    ManagedAgency agency;
    const InstalledPlugin installed = agency.manager.install(built_manifest());
    EXPECT_EQ(installed.name, "psp-peer-support");
    EXPECT_EQ(installed.abi_major, 1u);
    EXPECT_TRUE(installed.enabled);
    EXPECT_EQ(installed.library_sha256, read_json_file(built_manifest())["library"]["sha256"]);

    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.health, "ok") << status.problem;
    EXPECT_EQ(status.installed.version, read_json_file(built_manifest())["version"]);
    ASSERT_TRUE(status.schema_version.has_value());
    EXPECT_GE(*status.schema_version, 1);
    EXPECT_EQ(status.scopes_granted, std::vector<std::string>{"directory"});
    EXPECT_EQ(status.health_result["agency_id"], agency.created.state.agency_id);
}

TEST(PluginLifecycle, StatusWithoutInstallIsRefused) {
    ManagedAgency agency;
    EXPECT_THROW(agency.manager.status(), PluginStateError);
    EXPECT_THROW(agency.manager.disable(), PluginStateError);
    EXPECT_THROW(agency.manager.uninstall(DataOnUninstall::keep), PluginStateError);
}

TEST(PluginLifecycle, SecondInstallIsRefusedAndKeepsTheFirst) {
    ManagedAgency agency;
    agency.manager.install(built_manifest());
    const std::string before = read_json_file(agency.work_dir.plugin_registry_file()).dump();
    EXPECT_THROW(agency.manager.install(built_manifest()), PluginStateError);
    EXPECT_EQ(read_json_file(agency.work_dir.plugin_registry_file()).dump(), before);
}

TEST(PluginLifecycle, TamperedLibraryIsNotInstalledAndNothingIsRecorded) {
    ManagedAgency agency;
    const PluginCopy copy;
    copy.append_a_byte();
    try {
        agency.manager.install(copy.manifest);
        FAIL() << "a tampered library was installed";
    } catch (const ManifestRejected &e) {
        EXPECT_NE(std::string(e.what()).find("does not match its manifest"), std::string::npos);
    }
    EXPECT_FALSE(agency.manager.installed().has_value());
    const fs::path data_dir = agency.work_dir.plugin_data_dir();
    EXPECT_TRUE(!fs::exists(data_dir) || fs::is_empty(data_dir)) << "the plugin ran: " << data_dir;
}

TEST(PluginLifecycle, LibraryChangedAfterInstallShowsAsFailing) {
    ManagedAgency agency;
    const PluginCopy copy;
    agency.manager.install(copy.manifest);
    copy.append_a_byte();
    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.health, "failing");
    EXPECT_NE(status.problem.find("does not match its manifest"), std::string::npos)
        << status.problem;
    EXPECT_FALSE(status.schema_version.has_value());
}

TEST(PluginLifecycle, DisabledPluginIsNotLoadedAndEnableRestoresIt) {
    ManagedAgency agency;
    agency.manager.install(built_manifest());
    agency.manager.disable();
    EXPECT_THROW(agency.manager.disable(), PluginStateError);
    EXPECT_THROW(require_enabled_if_managed(agency.work_dir), PluginStateError);
    const PluginStatus disabled = agency.manager.status();
    EXPECT_EQ(disabled.health, "disabled");
    EXPECT_FALSE(disabled.schema_version.has_value());
    EXPECT_EQ(disabled.scopes_granted, std::vector<std::string>{"directory"});

    agency.manager.enable();
    EXPECT_THROW(agency.manager.enable(), PluginStateError);
    EXPECT_NO_THROW(require_enabled_if_managed(agency.work_dir));
    EXPECT_EQ(agency.manager.status().health, "ok");
}

TEST(PluginLifecycle, UninstallKeepingDataLetsAReinstallContinueWithIt) {
    ManagedAgency agency;
    agency.manager.install(built_manifest());
    EXPECT_EQ(agency.pull_directory()["total"], 120);

    const UninstallReport report = agency.manager.uninstall(DataOnUninstall::keep);
    EXPECT_FALSE(agency.manager.installed().has_value());
    EXPECT_TRUE(report.exported_to.empty());
    EXPECT_FALSE(fs::is_empty(report.data_dir));

    agency.manager.install(built_manifest());
    EXPECT_EQ(agency.manager.status().health_result["employees"], 120);
}

TEST(PluginLifecycle, UninstallExportingDataCopiesItWithChecksumsAndRemovesIt) {
    ManagedAgency agency;
    agency.install_and_pull();
    const TemporaryFolder outside;
    const fs::path export_dir = outside.path() / "psp-export";

    const UninstallReport report = agency.manager.uninstall(DataOnUninstall::export_, export_dir);
    ASSERT_FALSE(report.files.empty());
    EXPECT_FALSE(fs::exists(agency.work_dir.plugin_data_dir()));
    EXPECT_FALSE(agency.manager.installed().has_value());
    const Json listed = read_json_file(export_dir / "export-manifest.json");
    ASSERT_EQ(listed["files"].size(), report.files.size());
    for (const Json &file : listed["files"]) {
        const fs::path exported = export_dir / file["file"].get<std::string>();
        EXPECT_EQ(psp::sha256_file_hex(exported.string()), file["sha256"]) << exported;
    }

    // A reinstall starts from an empty directory: the data left with the export.
    agency.manager.install(built_manifest());
    EXPECT_EQ(agency.manager.status().health_result["employees"], 0);
}

TEST(PluginLifecycle, ExportIntoANonEmptyFolderIsRefusedAndChangesNothing) {
    ManagedAgency agency;
    agency.install_and_pull();
    const TemporaryFolder outside;
    std::ofstream(outside.path() / "someone-elses.txt") << "keep me";

    EXPECT_THROW(agency.manager.uninstall(DataOnUninstall::export_, outside.path()),
                 PluginStateError);
    EXPECT_TRUE(agency.manager.installed().has_value());
    EXPECT_EQ(agency.manager.status().health_result["employees"], 120);
}

// The plugin's database files and their SHA-256, to show data was not touched.
std::map<std::string, std::string> data_fingerprint(const HostWorkDir &work_dir) {
    std::map<std::string, std::string> files;
    for (const auto &entry : fs::recursive_directory_iterator(work_dir.plugin_data_dir())) {
        if (entry.is_regular_file()) {
            files[entry.path().filename().string()] = psp::sha256_file_hex(entry.path().string());
        }
    }
    return files;
}

TEST(PluginLifecycle, UpgradeOverLiveDataKeepsItAndRemembersThePreviousVersion) {
    ManagedAgency agency;
    agency.install_and_pull();
    const PluginCopy next;

    const InstalledPlugin upgraded = agency.manager.upgrade(next.manifest);
    EXPECT_EQ(upgraded.manifest, next.manifest);
    ASSERT_TRUE(agency.manager.previous().has_value());
    EXPECT_EQ(agency.manager.previous()->manifest, built_manifest());
    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.health, "ok") << status.problem;
    EXPECT_EQ(status.health_result["employees"], 120);
}

TEST(PluginLifecycle, FailedUpgradeLeavesTheOldVersionRunningOnUntouchedData) {
    ManagedAgency agency;
    agency.install_and_pull();
    const std::string registry = read_json_file(agency.work_dir.plugin_registry_file()).dump();
    const auto data = data_fingerprint(agency.work_dir);
    const PluginCopy tampered;
    tampered.append_a_byte();

    try {
        agency.manager.upgrade(tampered.manifest);
        FAIL() << "a tampered library was installed as an upgrade";
    } catch (const PluginStateError &e) {
        EXPECT_NE(std::string(e.what()).find("stays installed"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_json_file(agency.work_dir.plugin_registry_file()).dump(), registry);
    EXPECT_EQ(data_fingerprint(agency.work_dir), data);
    EXPECT_EQ(agency.manager.status().health_result["employees"], 120);
}

TEST(PluginLifecycle, RollbackRestoresThePreviousVersionAndItsPreUpgradeData) {
    ManagedAgency agency;
    agency.install_and_pull();
    const PluginCopy next;
    agency.manager.upgrade(next.manifest);
    {  // work done on the new version, lost by the rollback
        const AgencySession session(installed_plugin(), agency.work_dir, agency.created.state);
        const CallOutcome sync =
            call_as_hr(session, "directory.sync",
                       {{"mode", "full"},
                        {"source", "records"},
                        {"records", {{{"id", "E1"}, {"name", "Only One"}, {"category", "sworn"}}}}},
                       "after-upgrade");
        ASSERT_TRUE(sync.ok()) << sync.response.dump();
    }
    EXPECT_EQ(agency.manager.status().health_result["employees"], 1);

    const InstalledPlugin restored = agency.manager.rollback();
    EXPECT_EQ(restored.manifest, built_manifest());
    EXPECT_FALSE(agency.manager.previous().has_value());
    EXPECT_EQ(agency.manager.status().health_result["employees"], 120);
    EXPECT_THROW(agency.manager.rollback(), PluginStateError);
}

TEST(PluginLifecycle, RollbackWithoutAnUpgradeIsRefused) {
    ManagedAgency agency;
    agency.manager.install(built_manifest());
    EXPECT_THROW(agency.manager.rollback(), PluginStateError);
    EXPECT_EQ(agency.manager.status().health, "ok");
}

}  // namespace
}  // namespace psp::host_sim::integration
