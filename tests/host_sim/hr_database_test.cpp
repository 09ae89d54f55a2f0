// hr_database_test.cpp: the HR database round trip, its SCIM pages, cursors and the trap table.
#include "host_sim/hr_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "tests/host_sim/temp_directory.hpp"

namespace psp::host_sim {
namespace {

using nlohmann::json;

constexpr const char *kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr const char *kPluginExtension = "urn:psp:scim:schemas:extension:peer-support:1.0:User";

std::set<std::string> keys_of(const json &object) {
    std::set<std::string> keys;
    for (const auto &[key, value] : object.items()) {
        keys.insert(key);
    }
    return keys;
}

class HrDatabaseTest : public testing::Test {
  protected:
    static constexpr std::size_t kSize = 1'000;

    void SetUp() override {
        agency_ = generate_agency(31337, kSize, "riverton-pd");
        path_ = temp_.file("hr.db");
        HrDatabase::create(path_, agency_);
        db_ = std::make_unique<HrDatabase>(path_);
    }

    json page(std::size_t start, std::size_t count, const std::string &cursor = "") {
        return json::parse(db_->directory_page(start, count, cursor));
    }

    // Every Resource of every page, paging `count` at a time.
    std::vector<json> all_users(std::size_t count, const std::string &cursor = "") {
        std::vector<json> users;
        for (std::size_t start = 1;; start += count) {
            const json p = page(start, count, cursor);
            if (p.at("Resources").empty()) {
                break;
            }
            for (const json &user : p.at("Resources")) {
                users.push_back(user);
            }
        }
        return users;
    }

    const HostEmployee &employee(const std::string &number) const {
        return find([&](const HostEmployee &e) { return e.employee_number == number; });
    }

    const HostEmployee &employee_with_scim_id(const std::string &scim_id) const {
        return find([&](const HostEmployee &e) { return e.scim_id == scim_id; });
    }

    template <typename Predicate>
    const HostEmployee &find(Predicate matches) const {
        const auto it = std::find_if(agency_.employees.begin(), agency_.employees.end(), matches);
        if (it == agency_.employees.end()) {
            throw std::out_of_range("no such employee");
        }
        return *it;
    }

    TempDirectory temp_;
    GeneratedAgency agency_;
    std::string path_;
    std::unique_ptr<HrDatabase> db_;
};

TEST_F(HrDatabaseTest, KnowsItsAgencyAndHeadcount) {
    EXPECT_EQ(db_->agency_id(), "riverton-pd");
    EXPECT_EQ(db_->employee_count(), kSize);
}

TEST_F(HrDatabaseTest, PagingByHundredListsEveryEmployeeExactlyOnceInNumberOrder) {
    std::map<std::string, int> seen;
    std::string previous_number;
    std::size_t pages = 0;
    for (std::size_t start = 1; start <= kSize; start += 100) {
        const json p = page(start, 100);
        ++pages;
        EXPECT_EQ(p.at("totalResults"), kSize);
        EXPECT_EQ(p.at("startIndex"), start);
        EXPECT_EQ(p.at("itemsPerPage"), p.at("Resources").size());
        EXPECT_EQ(p.at("cursor"), "seq:0");
        for (const json &user : p.at("Resources")) {
            ++seen[user.at("id").get<std::string>()];
            const std::string number = user.at(kEnterprise).at("employeeNumber");
            EXPECT_LT(previous_number, number);
            previous_number = number;
        }
    }
    EXPECT_EQ(pages, 10u);
    EXPECT_TRUE(page(kSize + 1, 100).at("Resources").empty());
    EXPECT_EQ(seen.size(), kSize);
    for (const HostEmployee &e : agency_.employees) {
        EXPECT_EQ(seen[e.scim_id], 1) << e.scim_id;
    }
}

// A page that continues the last one starts where it stopped (an index seek, not an OFFSET);
// it must hold exactly what a page counted from the start holds, byte for byte.
TEST_F(HrDatabaseTest, AContinuedPageIsTheCountedPage) {
    HrDatabase fresh(path_);
    for (std::size_t start = 1; start <= kSize + 1; start += 300) {
        EXPECT_EQ(db_->directory_page(start, 300, ""), fresh.directory_page(start, 300, ""))
            << start;
        fresh.directory_page(1, 1, "");  // `fresh` never continues
    }
    // A page asked for out of order, or after a change, is counted again.
    db_->directory_page(1, 100, "");
    db_->transfer(agency_.employees[150].employee_number, "Division X", "Unit X", "Night");
    const json changed = page(101, 100);
    EXPECT_EQ(changed.dump(), json::parse(fresh.directory_page(101, 100, "")).dump());
    EXPECT_EQ(changed.at("cursor"), "seq:1");
    EXPECT_EQ(page(501, 100).dump(), json::parse(fresh.directory_page(501, 100, "")).dump());
    // Another connection's change, too.
    db_->directory_page(1, 100, "");
    HrDatabase(path_).deactivate(agency_.employees[120].employee_number);
    EXPECT_EQ(page(101, 100).dump(), json::parse(fresh.directory_page(101, 100, "")).dump());
}

// The page text is written directly, in the form nlohmann/json writes it.
TEST_F(HrDatabaseTest, PageTextIsCompactJsonInOrder) {
    db_->transfer(agency_.employees[3].employee_number, "Quote \"and\" \\ tab\t", "Unit\x01",
                  "Night");
    const std::string text = db_->directory_page(1, 50, "");
    EXPECT_EQ(nlohmann::ordered_json::parse(text).dump(), text);
    EXPECT_NE(text.find(R"(Quote \"and\" \\ tab\t)"), std::string::npos);
    EXPECT_NE(text.find(R"(Unit\u0001)"), std::string::npos);
}

TEST_F(HrDatabaseTest, PageIsAScimListResponse) {
    const json p = page(1, 5);
    EXPECT_EQ(p.at("schemas"), json::array({"urn:ietf:params:scim:api:messages:2.0:ListResponse"}));
    EXPECT_EQ(keys_of(p), (std::set<std::string>{"schemas", "totalResults", "startIndex",
                                                 "itemsPerPage", "Resources", "cursor"}));
    EXPECT_EQ(p.at("itemsPerPage"), 5);
    EXPECT_EQ(page(1, 0).at("Resources").size(), 0u);
    EXPECT_EQ(page(1, 0).at("totalResults"), kSize);
    EXPECT_EQ(page(kSize - 2, 100).at("itemsPerPage"), 3);
}

TEST_F(HrDatabaseTest, UsersCarryCoreEnterpriseAndPluginAttributes) {
    const std::vector<json> users = all_users(250);
    ASSERT_EQ(users.size(), kSize);
    std::size_t entra_form = 0;
    for (std::size_t i = 0; i < users.size(); ++i) {
        const json &u = users[i];
        const HostEmployee &e = agency_.employees[i];
        EXPECT_EQ(u.at("schemas"), json::array({"urn:ietf:params:scim:schemas:core:2.0:User",
                                                kEnterprise, kPluginExtension}));
        EXPECT_EQ(u.at("id"), e.scim_id);
        EXPECT_EQ(u.at("userName"), e.email);
        EXPECT_EQ(u.at("name").at("givenName"), e.given_name);
        EXPECT_EQ(u.at("name").at("familyName"), e.family_name);
        EXPECT_EQ(u.at("name").at("formatted"), e.given_name + " " + e.family_name);
        EXPECT_EQ(u.at("displayName"), e.given_name + " " + e.family_name);
        EXPECT_EQ(u.at("title"), e.title);
        EXPECT_EQ(u.at("userType"), "Employee");
        EXPECT_EQ(u.at("active"), true);
        EXPECT_EQ(u.at("emails"),
                  json::parse(R"([{"value":")" + e.email + R"(","type":"work","primary":true}])"));
        EXPECT_EQ(u.at("phoneNumbers"),
                  json::parse(R"([{"value":")" + e.phone + R"(","type":"work"}])"));
        EXPECT_EQ(u.at("addresses"),
                  json::parse(R"([{"formatted":")" + e.home_address + R"(","type":"home"}])"));

        const json &plugin = u.at(kPluginExtension);
        EXPECT_EQ(keys_of(plugin),
                  (std::set<std::string>{"staffCategory", "unit", "shift", "hireDate"}));
        EXPECT_EQ(plugin.at("hireDate"), e.hire_date);
        // A plausible hire date: a real day written YYYY-MM-DD, in 1996..2025.
        ASSERT_EQ(e.hire_date.size(), 10u) << e.hire_date;
        EXPECT_GE(e.hire_date, "1996-01-01");
        EXPECT_LE(e.hire_date, "2025-12-28");
        EXPECT_EQ(plugin.at("staffCategory"), e.staff_category);
        EXPECT_EQ(plugin.at("unit"), e.unit);
        EXPECT_EQ(plugin.at("shift"), e.shift);

        const json &enterprise = u.at(kEnterprise);
        EXPECT_EQ(enterprise.at("employeeNumber"), e.employee_number);
        EXPECT_EQ(enterprise.at("organization"), "riverton-pd");
        EXPECT_EQ(enterprise.at("division"), e.division);
        EXPECT_EQ(enterprise.at("department"), e.unit);
        if (e.manager_scim_id.empty()) {
            EXPECT_EQ(keys_of(enterprise), (std::set<std::string>{"employeeNumber", "organization",
                                                                  "division", "department"}));
            continue;
        }
        EXPECT_EQ(keys_of(enterprise),
                  (std::set<std::string>{"employeeNumber", "organization", "division", "department",
                                         "manager"}));
        const json &manager = enterprise.at("manager");
        if (i % 7 == 0) {
            ++entra_form;
            EXPECT_EQ(manager, e.manager_scim_id);  // Entra ID's bare string
            continue;
        }
        EXPECT_EQ(manager.at("value"), e.manager_scim_id);
        const HostEmployee &boss = employee_with_scim_id(e.manager_scim_id);
        EXPECT_EQ(manager.at("displayName"), boss.given_name + " " + boss.family_name);
    }
    EXPECT_EQ(entra_form, (kSize - 1) / 7);  // index 0 is the chief, who has no manager
}

TEST_F(HrDatabaseTest, IncrementalPageListsOnlyChangedEmployeesWithNewValues) {
    const std::string cursor = page(1, 1).at("cursor");
    db_->transfer("E000500", "Investigations", "Property Crimes Team 2", "Evening");
    db_->deactivate("E000750");
    db_->set_manager("E000900", "E000002");

    const json changed = page(1, 100, cursor);
    EXPECT_EQ(changed.at("totalResults"), 3);
    EXPECT_EQ(changed.at("cursor"), "seq:3");
    ASSERT_EQ(changed.at("Resources").size(), 3u);
    const json &moved = changed.at("Resources")[0];
    EXPECT_EQ(moved.at(kEnterprise).at("employeeNumber"), "E000500");
    EXPECT_EQ(moved.at(kEnterprise).at("division"), "Investigations");
    EXPECT_EQ(moved.at(kEnterprise).at("department"), "Property Crimes Team 2");
    EXPECT_EQ(moved.at(kPluginExtension).at("shift"), "Evening");
    EXPECT_EQ(moved.at("active"), true);
    const json &left = changed.at("Resources")[1];
    EXPECT_EQ(left.at(kEnterprise).at("employeeNumber"), "E000750");
    EXPECT_EQ(left.at("active"), false);
    EXPECT_EQ(left.at(kEnterprise).at("division"), employee("E000750").division);
    const json &reassigned = changed.at("Resources")[2];
    EXPECT_EQ(reassigned.at(kEnterprise).at("employeeNumber"), "E000900");
    EXPECT_EQ(reassigned.at(kEnterprise).at("manager").at("value"), employee("E000002").scim_id);

    EXPECT_EQ(page(1, 100, "seq:2").at("totalResults"), 1);
    EXPECT_EQ(page(1, 100, "seq:3").at("totalResults"), 0);
    EXPECT_EQ(page(1, 100).at("totalResults"), kSize);  // a full pull still lists everyone
}

TEST_F(HrDatabaseTest, LaterChangeOfTheSameEmployeeMovesItPastTheOldCursor) {
    db_->transfer("E000010", "Patrol", "Patrol Squad 1", "Night");
    const std::string cursor = page(1, 1).at("cursor");
    EXPECT_EQ(page(1, 100, cursor).at("totalResults"), 0);
    db_->deactivate("E000010");
    const json changed = page(1, 100, cursor);
    ASSERT_EQ(changed.at("Resources").size(), 1u);
    EXPECT_EQ(changed.at("Resources")[0].at("active"), false);
    EXPECT_EQ(changed.at("Resources")[0].at(kPluginExtension).at("shift"), "Night");
}

TEST_F(HrDatabaseTest, CursorsItDidNotIssueAreRejected) {
    for (const char *bad :
         {"bogus", "seq:", "seq:-1", "seq:abc", "seq:1", "SEQ:0", "seq: 0", "seq:0 ", "0"}) {
        EXPECT_THROW(db_->directory_page(1, 10, bad), std::invalid_argument) << bad;
    }
    EXPECT_NO_THROW(db_->directory_page(1, 10, "seq:0"));
}

TEST_F(HrDatabaseTest, ChangesToUnknownEmployeesAreRejected) {
    EXPECT_THROW(db_->transfer("E999999", "Patrol", "Patrol Squad 1", "Day"),
                 std::invalid_argument);
    EXPECT_THROW(db_->deactivate("nobody"), std::invalid_argument);
    EXPECT_THROW(db_->set_manager("E999999", "E000001"), std::invalid_argument);
    EXPECT_THROW(db_->set_manager("E000002", "E999999"), std::invalid_argument);
    // A rejected change leaves no trace in the change log.
    EXPECT_EQ(page(1, 1).at("cursor"), "seq:0");
}

TEST_F(HrDatabaseTest, DisciplinaryMarkersAllCarryTheAgencyMarker) {
    const std::vector<std::string> markers = db_->disciplinary_markers();
    ASSERT_FALSE(markers.empty());
    std::set<std::string> expected;
    for (const DisciplinaryRecord &r : agency_.disciplinary) {
        expected.insert({r.case_number, r.allegation, r.finding});
    }
    EXPECT_EQ(std::set<std::string>(markers.begin(), markers.end()), expected);
    EXPECT_EQ(markers.size(), expected.size());  // distinct
    for (const std::string &m : markers) {
        EXPECT_NE(m.find(agency_.marker), std::string::npos) << m;
    }
}

TEST_F(HrDatabaseTest, DirectoryPagesNeverContainTheDisciplinaryMarker) {
    for (std::size_t start = 1; start <= kSize; start += 500) {
        EXPECT_EQ(db_->directory_page(start, 500, "").find(agency_.marker), std::string::npos);
    }
}

TEST_F(HrDatabaseTest, CreateReplacesAnExistingDatabase) {
    db_.reset();
    const GeneratedAgency smaller = generate_agency(1, 40, "small-pd");
    HrDatabase::create(path_, smaller);
    HrDatabase reopened(path_);
    EXPECT_EQ(reopened.agency_id(), "small-pd");
    EXPECT_EQ(reopened.employee_count(), 40u);
}

TEST(HrDatabaseOpen, MissingFileOrNotADatabaseThrows) {
    TempDirectory temp;
    EXPECT_THROW(HrDatabase(temp.file("missing.db")), std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(temp.file("missing.db")));
    std::ofstream(temp.file("junk.db")) << "this is not a SQLite database, just some text.\n";
    EXPECT_THROW(HrDatabase(temp.file("junk.db")), std::runtime_error);
}

}  // namespace
}  // namespace psp::host_sim
