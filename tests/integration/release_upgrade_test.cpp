// release_upgrade_test.cpp: the plugin manager upgrading the PREVIOUS RELEASE's library (the
// stripped 0.1.0 build committed in tests/fixtures/, made from the v0.1.0 tag by
// scripts/build-release-fixture.sh) to this build, over data that release created: directory,
// a candidate, an incident and the audit chain survive and the schema moves forward; a rollback
// puts the release back on its own data; and an upgrade whose migrations fail halfway leaves
// the release installed and running on the schema and data it had.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "host_sim/plugin_manager.hpp"
#include "integration_fixtures.hpp"
#include "plugin/storage/migrations.hpp"

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

constexpr int kReleaseSchema = 5;  // what 0.1.0's migrations reach

fs::path release_manifest() {
    return PSP_PREVIOUS_RELEASE_MANIFEST;
}

std::string release_version() {
    std::ifstream in(release_manifest());
    return Json::parse(in).at("version").get<std::string>();
}

struct ReleaseAgency {
    TemporaryFolder folder;
    HostWorkDir work_dir{folder.path()};
    CreatedWorkspace created =
        create_workspace(work_dir, 11, 120, {{"policy", {{"directory", {{"single_root", true}}}}}});
    PluginManager manager{folder.path()};

    // A session on whatever `manifest` names, loaded with every check.
    std::unique_ptr<AgencySession> session(const fs::path &manifest) const {
        return std::make_unique<AgencySession>(
            load_plugin(manifest, HostScopePolicy({"directory"})), work_dir, created.state);
    }

    fs::path database() const {
        return work_dir.plugin_data_dir() / ("psp-" + created.state.agency_id + ".sqlite3");
    }
};

CallOutcome call_as(const AgencySession &s, const std::string &id, const std::string &role,
                    const std::string &method, const Json &params, const std::string &key = "") {
    CallRequest request;
    request.method = method;
    request.principal_id = id;
    request.roles = {role};
    request.params = params;
    request.idempotency_key = key;
    return s.call(request);
}

// The release creates real program data: a full pull, a volunteer, an incident.
void create_release_data(const ReleaseAgency &agency) {
    const auto s = agency.session(release_manifest());
    ASSERT_TRUE(
        call_as_hr(*s, "directory.sync", {{"mode", "full"}, {"source", "host"}}, "pull").ok());
    const CallOutcome applied =
        call_as(*s, "E000009", "employee", "selection.apply", Json::object(), "apply-9");
    ASSERT_TRUE(applied.ok()) << applied.response.dump();
    const CallOutcome opened = call_as(*s, "E000004", "coordinator", "incident.open",
                                       {{"date", "2026-01-02"},
                                        {"category", "post_critical_incident"},
                                        {"involved", {"E000040", "E000041"}}},
                                       "incident-1");
    ASSERT_TRUE(opened.ok()) << opened.response.dump();
}

// Every table's definition and row count: the data as SQL sees it.
std::string logical_dump(const fs::path &database) {
    soci::session sql(soci::sqlite3, "db=\"" + database.string() + "\"");
    std::string dump;
    soci::rowset<soci::row> tables =
        (sql.prepare << "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
    for (const soci::row &t : tables) {
        long long rows = 0;
        sql << "SELECT COUNT(*) FROM \"" + t.get<std::string>(0) + "\"", soci::into(rows);
        dump += t.get<std::string>(1) + " -> " + std::to_string(rows) + "\n";
    }
    return dump;
}

TEST(ReleaseUpgrade, TheFixtureIsThePreviousRelease) {
    const InstalledPlugin release = ReleaseAgency().manager.install(release_manifest());
    EXPECT_EQ(release.version, release_version());
    EXPECT_NE(release.library_sha256, "");
    EXPECT_EQ(release.abi_major, 1u);
}

TEST(ReleaseUpgrade, DataTheReleaseCreatedSurvivesTheUpgradeAndTheChainVerifies) {
    ReleaseAgency agency;
    agency.manager.install(release_manifest());
    create_release_data(agency);
    EXPECT_EQ(agency.manager.status().schema_version, kReleaseSchema);

    const InstalledPlugin upgraded = agency.manager.upgrade(built_manifest());
    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.health, "ok") << status.problem;
    EXPECT_EQ(status.schema_version, psp::schema_migrations().back().version);
    EXPECT_EQ(status.health_result["employees"], 120);
    EXPECT_EQ(agency.manager.previous()->version, release_version());

    const auto s = agency.session(built_manifest());
    const CallOutcome candidate =
        call_as(*s, "E000004", "coordinator", "program.status", {{"employee_id", "E000009"}});
    ASSERT_TRUE(candidate.ok()) << candidate.response.dump();
    EXPECT_EQ(candidate.result()["member"]["status"], "awaiting_recommendations")
        << candidate.response.dump();
    const CallOutcome proposals =
        call_as(*s, "E000004", "coordinator", "incident.proposals", {{"incident_id", 1}});
    ASSERT_TRUE(proposals.ok()) << proposals.response.dump();
    EXPECT_EQ(proposals.result()["employees"].size(), 2u);
    // Entries written by 0.1.0 and by this build form one chain.
    const CallOutcome verified = call_as(*s, "A1", "auditor", "audit.verify", Json::object());
    ASSERT_TRUE(verified.ok()) << verified.response.dump();
    EXPECT_EQ(verified.result()["intact"], true) << verified.response.dump();
    EXPECT_GE(verified.result()["entries_checked"].get<int>(), 3);
}

TEST(ReleaseUpgrade, RollbackPutsTheReleaseBackOnItsOwnSchema) {
    ReleaseAgency agency;
    agency.manager.install(release_manifest());
    create_release_data(agency);
    const std::string before = logical_dump(agency.database());
    agency.manager.upgrade(built_manifest());
    EXPECT_NE(logical_dump(agency.database()), before) << "the upgrade migrated nothing";

    const InstalledPlugin restored = agency.manager.rollback();
    EXPECT_EQ(restored.version, release_version());
    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.health, "ok") << status.problem;
    EXPECT_EQ(status.schema_version, kReleaseSchema);
    EXPECT_EQ(logical_dump(agency.database()), before);
}

// The last table or index the pending migrations create, made beforehand (as a table: both share
// one namespace) in the release's database: the upgrade runs every earlier statement, then fails
// on that one.
std::string sabotage_last_new_table(const fs::path &database) {
    const std::regex create(R"(CREATE (?:UNIQUE )?(?:TABLE|INDEX) (\w+))");
    std::string last;
    std::size_t earlier = 0;
    for (const psp::Migration &m : psp::schema_migrations()) {
        if (m.version <= kReleaseSchema) {
            continue;
        }
        for (const std::string &statement : m.statements) {
            std::smatch match;
            if (std::regex_search(statement, match, create)) {
                earlier += last.empty() ? 0 : 1;
                last = match[1];
            } else {
                ++earlier;
            }
        }
    }
    if (last.empty() || earlier == 0) {
        return {};
    }
    soci::session sql(soci::sqlite3, "db=\"" + database.string() + "\"");
    sql << "CREATE TABLE " + last + " (left_by_an_operator INTEGER)";
    return last;
}

TEST(ReleaseUpgrade, MigrationsFailingHalfwayLeaveTheReleaseRunningOnItsData) {
    ReleaseAgency agency;
    agency.manager.install(release_manifest());
    create_release_data(agency);
    const std::string table = sabotage_last_new_table(agency.database());
    ASSERT_FALSE(table.empty()) << "this build has no migration after 0.1.0's with a statement "
                                   "before its last CREATE TABLE: nothing could fail halfway";
    const std::string before = logical_dump(agency.database());

    try {
        agency.manager.upgrade(built_manifest());
        FAIL() << "the upgrade succeeded over a table its migration creates";
    } catch (const PluginStateError &e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("stays installed"), std::string::npos) << what;
        EXPECT_NE(what.find("schema migration"), std::string::npos) << what;
    }
    EXPECT_EQ(logical_dump(agency.database()), before);
    const PluginStatus status = agency.manager.status();
    EXPECT_EQ(status.installed.version, release_version());
    EXPECT_EQ(status.health, "ok") << status.problem;
    EXPECT_EQ(status.schema_version, kReleaseSchema);
    EXPECT_EQ(status.health_result["employees"], 120);
}

}  // namespace
}  // namespace psp::host_sim::integration
