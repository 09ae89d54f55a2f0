// host_pull_test.cpp: the directory pulled from the simulated host through the real .so: a
// 2,000-employee full pull (counts, personal fields dropped by name and never stored, only the
// "directory" scope asked for, no disciplinary marker anywhere in the plugin's files or log), and
// an incremental pull after HR changes that updates exactly the changed employees.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "host_sim/firewall_check.hpp"
#include "host_sim/marker_scanner.hpp"
#include "integration_fixtures.hpp"

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kAgencySize = 2'000;

class FullHostPull : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { agency_ = pull_agency(2026, kAgencySize).release(); }
    static void TearDownTestSuite() {
        delete agency_;
        agency_ = nullptr;
    }
    static PulledAgency *agency_;
};

PulledAgency *FullHostPull::agency_ = nullptr;

TEST_F(FullHostPull, AddsEveryEmployee) {
    ASSERT_TRUE(agency_->full_sync.ok()) << agency_->full_sync.response.dump();
    const Json &result = agency_->full_sync.result();
    EXPECT_EQ(result.at("added"), kAgencySize);
    EXPECT_EQ(result.at("total"), kAgencySize);
    EXPECT_EQ(result.at("source"), "host");
}

TEST_F(FullHostPull, HealthShowsEveryEmployee) {
    const CallOutcome health =
        agency_->session->call({"health", "E000004", {"it_admin"}, Json::object(), ""});
    ASSERT_TRUE(health.ok()) << health.response.dump();
    EXPECT_EQ(health.result().at("employees"), kAgencySize);
    EXPECT_EQ(health.result().at("agency_id"), agency_->created.state.agency_id);
    EXPECT_FALSE(health.result().at("last_directory_sync_ms").is_null());
}

TEST_F(FullHostPull, PersonalFieldsAreDroppedByNameNeverByValue) {
    const auto dropped =
        agency_->full_sync.result().at("dropped_fields").get<std::vector<std::string>>();
    for (const char *field : {"emails", "phoneNumbers", "addresses", "userName"}) {
        EXPECT_NE(std::find(dropped.begin(), dropped.end(), field), dropped.end()) << field;
    }
    const std::string response = agency_->full_sync.response.dump();
    for (const HostEmployee &e : agency_->created.agency.employees) {
        for (const std::string *value : {&e.email, &e.phone, &e.home_address}) {
            ASSERT_EQ(response.find(*value), std::string::npos)
                << "a value in the response: " << *value;
        }
    }
    for (const std::string &name : dropped) {
        EXPECT_EQ(name.find('@'), std::string::npos) << name;
    }
}

TEST_F(FullHostPull, PersonalValuesAreNeverStored) {
    std::vector<std::string> personal;
    for (const HostEmployee &e : agency_->created.agency.employees) {
        personal.insert(personal.end(), {e.email, e.phone, e.home_address});
    }
    const MarkerScanner scanner(personal);
    const std::string bytes = agency_->stored_bytes();
    ASSERT_GT(bytes.size(), kAgencySize * 20) << "every employee is stored somewhere in there";
    const auto found = scanner.find_in(bytes);
    EXPECT_FALSE(found.has_value()) << "stored: " << found.value_or("");
}

TEST_F(FullHostPull, TheFetchLogHoldsOnlyDirectoryRequests) {
    const std::vector<FetchRecord> log = agency_->session->host().fetch_log();
    ASSERT_EQ(log.size(), 2u) << "2,000 employees in pages of 1,000";
    for (const FetchRecord &f : log) {
        EXPECT_EQ(f.scope, "directory");
        EXPECT_TRUE(f.granted) << f.note;
        EXPECT_FALSE(Json::parse(f.query).contains("since")) << "a full pull lists everyone";
    }
    const std::vector<FetchRecord> on_disk =
        read_fetch_log(agency_->session->work_dir().fetch_log_file());
    ASSERT_EQ(on_disk.size(), log.size());
    EXPECT_EQ(on_disk.front().query, log.front().query);
}

TEST_F(FullHostPull, NoDisciplinaryMarkerReachesThePluginsFilesOrLog) {
    const std::vector<std::string> markers = agency_->disciplinary_markers();
    ASSERT_FALSE(markers.empty());
    const FirewallReport report =
        check_disciplinary_firewall(agency_->session->host(), markers, agency_->plugin_data_dir());
    EXPECT_TRUE(report.held()) << report.violations.front();
    // On PostgreSQL the database is not in the data folder: its rows are scanned here.
    const auto in_database = MarkerScanner(markers).find_in(agency_->stored_bytes());
    EXPECT_FALSE(in_database.has_value()) << "stored: " << in_database.value_or("");
    if (psp_test::testing_postgresql()) {
        return;
    }
    EXPECT_GE(report.files_scanned, 1u);
    std::set<std::string> names;
    for (const fs::directory_entry &entry : fs::directory_iterator(agency_->plugin_data_dir())) {
        names.insert(entry.path().filename().string());
    }
    EXPECT_TRUE(std::any_of(names.begin(), names.end(),
                            [](const std::string &n) { return n.ends_with(".sqlite3"); }));
}

TEST_F(FullHostPull, TheFirewallCheckWouldSeeAMarker) {
    // The check itself must be able to fail: plant a marker in a copy of the data folder.
    const std::vector<std::string> markers = agency_->disciplinary_markers();
    TemporaryFolder planted;
    fs::copy(agency_->plugin_data_dir(), planted.path(), fs::copy_options::recursive);
    std::ofstream(planted.path() / "notes.txt") << "prefix " << markers.back() << " suffix";
    const FirewallReport report =
        check_disciplinary_firewall(agency_->session->host(), markers, planted.path());
    ASSERT_FALSE(report.held());
    EXPECT_NE(report.violations.front().find("notes.txt"), std::string::npos);
}

TEST(IncrementalHostPull, UpdatesExactlyTheChangedEmployees) {
    const auto agency = pull_agency(77, kAgencySize);
    ASSERT_TRUE(agency->full_sync.ok()) << agency->full_sync.response.dump();
    const std::map<std::string, Json> before = directory_by_id(*agency->session);
    ASSERT_EQ(before.size(), kAgencySize);

    const auto leaves = employees_without_reports(agency->created.agency);
    ASSERT_GE(leaves.size(), 10u);
    const HostEmployee &moved = *leaves[0];
    const HostEmployee &post = *leaves[leaves.size() / 2];  // another unit, likely another division
    const HostEmployee &leaver = *leaves[1];
    const HostEmployee &reassigned = *leaves[2];
    const HostEmployee &new_manager = agency->created.agency.employees[1];
    agency->session->host().with_hr_database([&](HrDatabase &hr) {
        hr.transfer(moved.employee_number, post.division, post.unit, "Night");
        hr.deactivate(leaver.employee_number);
        hr.set_manager(reassigned.employee_number, new_manager.employee_number);
    });
    agency->session->host().advance_ms(3'600'000);

    const std::size_t fetches_before = agency->session->host().fetch_count();
    const CallOutcome sync = call_as_hr(*agency->session, "directory.sync",
                                        {{"mode", "incremental"}, {"source", "host"}}, "incr");
    ASSERT_TRUE(sync.ok()) << sync.response.dump();
    EXPECT_EQ(sync.result().at("updated"), 3);
    EXPECT_EQ(sync.result().at("added"), 0);
    EXPECT_EQ(sync.result().at("removed"), 0);
    EXPECT_EQ(sync.result().at("unchanged"), 0) << "only changed employees are listed";
    const std::vector<FetchRecord> log = agency->session->host().fetch_log();
    ASSERT_EQ(log.size(), fetches_before + 1);
    EXPECT_TRUE(Json::parse(log.back().query).contains("since"));

    std::map<std::string, Json> expected = before;
    expected[moved.employee_number]["division"] = post.division;
    expected[moved.employee_number]["unit"] = post.unit;
    expected[moved.employee_number]["shift"] = "Night";
    expected[leaver.employee_number]["active"] = false;
    expected[reassigned.employee_number]["supervisor_id"] = new_manager.employee_number;
    const std::map<std::string, Json> after = directory_by_id(*agency->session);
    ASSERT_EQ(after.size(), expected.size());
    for (const auto &[id, record] : expected) {
        EXPECT_EQ(after.at(id), record) << id;
    }
}

TEST(IncrementalHostPull, NothingChangedMeansNothingUpdated) {
    const auto agency = pull_agency(78, 300);
    ASSERT_TRUE(agency->full_sync.ok());
    const CallOutcome sync = call_as_hr(*agency->session, "directory.sync",
                                        {{"mode", "incremental"}, {"source", "host"}}, "incr");
    ASSERT_TRUE(sync.ok()) << sync.response.dump();
    EXPECT_EQ(sync.result().at("updated"), 0);
    EXPECT_EQ(sync.result().at("total"), 300);
}

}  // namespace
}  // namespace psp::host_sim::integration
