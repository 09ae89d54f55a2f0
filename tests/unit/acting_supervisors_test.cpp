// acting_supervisors_test.cpp: directory.set_acting and directory.acting through a PluginInstance:
// replace and add, a stored pair's new last day, every bad input refused with nothing changed
// (unknown people named, self, duplicates, bad or past dates), roles, and the revision bump.
#include <gtest/gtest.h>

#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp_test::error_from;
using psp_test::one_role;

Json assignment(const std::string &employee, const std::string &supervisor,
                const std::string &until = "2024-06-30") {
    return {{"employee_id", employee}, {"supervisor_id", supervisor}, {"until", until}};
}

Json set_acting(const std::string &mode, const std::vector<Json> &assignments) {
    return {{"mode", mode}, {"assignments", Json(assignments)}};
}

class ActingSupervisors : public ::testing::Test {
  protected:
    void SetUp() override {
        Json records = Json::array();
        for (const char *id : {"CHIEF", "A", "B", "C"}) {
            Json p = {{"id", id}, {"name", std::string("Name ") + id}};
            if (std::string(id) != "CHIEF") {
                p["supervisor_id"] = "CHIEF";
            }
            records.push_back(p);
        }
        t_.call("directory.sync", one_role().hr_admin,
                {{"mode", "full"}, {"source", "records"}, {"records", records}}, "sync");
    }

    Json listed(const Json &params = Json::object()) {
        return t_.call("directory.acting", {"coordinator"}, params)["assignments"];
    }
    long long revision() { return t_.count("SELECT revision FROM directory_state"); }
    psp::Error refusal(const Json &params,
                       const std::vector<std::string> &roles = one_role().hr_admin) {
        return error_from([&] { t_.call("directory.set_acting", roles, params, "bad"); });
    }
    // A refusal changed nothing: the same assignments, the same revision.
    void expect_unchanged(const Json &before, long long revision_before) {
        EXPECT_EQ(listed(), before);
        EXPECT_EQ(revision(), revision_before);
    }

    psp_test::TestInstance t_;  // host clock: 2023-11-14 UTC
};

TEST_F(ActingSupervisors, AddKeepsEarlierPairsAndReplaceForgetsThem) {
    const long long before = revision();
    Json r = t_.call("directory.set_acting", one_role().hr_admin,
                     set_acting("add", {assignment("A", "B"), assignment("C", "B")}), "k1");
    EXPECT_EQ(r["saved"], 2);
    EXPECT_EQ(r["total"], 2);
    EXPECT_EQ(r["revision"], before + 1);
    r = t_.call("directory.set_acting", one_role().hr_admin,
                set_acting("add", {assignment("A", "B", "2025-01-31"), assignment("B", "C")}),
                "k2");
    EXPECT_EQ(r["total"], 3);
    const Json list = listed();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0], (Json{{"employee_id", "A"},
                             {"supervisor_id", "B"},
                             {"until", "2025-01-31"},
                             {"in_force", true}}));
    r = t_.call("directory.set_acting", one_role().hr_admin,
                set_acting("replace", {assignment("C", "A")}), "k3");
    EXPECT_EQ(r["total"], 1);
    EXPECT_EQ(listed().size(), 1u);
    EXPECT_EQ(revision(), before + 3);
    t_.call("directory.set_acting", one_role().hr_admin, set_acting("replace", {}), "k4");
    EXPECT_TRUE(listed().empty());
}

TEST_F(ActingSupervisors, ListingFiltersByEitherSideAndFlagsPastDays) {
    t_.call("directory.set_acting", one_role().hr_admin,
            set_acting("add", {assignment("A", "B", "2023-11-14"), assignment("C", "CHIEF")}),
            "k1");
    EXPECT_EQ(listed({{"employee_id", "B"}}).size(), 1u);
    EXPECT_EQ(listed({{"employee_id", "CHIEF"}}).size(), 1u);
    EXPECT_TRUE(listed({{"employee_id", "NOBODY"}}).empty());
    EXPECT_EQ(listed()[0]["in_force"], true);  // through its last day
    t_.host.now_ms += 86'400'000LL;
    EXPECT_EQ(listed()[0]["in_force"], false);
    EXPECT_EQ(listed()[1]["in_force"], true);
}

TEST_F(ActingSupervisors, UnknownPeopleAreNamedAndNothingIsStored) {
    t_.call("directory.set_acting", one_role().hr_admin, set_acting("add", {assignment("A", "B")}),
            "k1");
    const Json before = listed();
    const long long rev = revision();
    const psp::Error e = refusal(set_acting(
        "replace", {assignment("C", "B"), assignment("GHOST", "B"), assignment("A", "X9")}));
    EXPECT_EQ(e.code(), ErrorCode::not_found) << e.what();
    EXPECT_EQ(e.records(), (std::vector<std::string>{"GHOST", "X9"}));
    EXPECT_NE(std::string(e.what()).find("GHOST"), std::string::npos);
    expect_unchanged(before, rev);
}

TEST_F(ActingSupervisors, SelfDuplicatesAndBadDatesAreInvalid) {
    const Json before = listed();
    const long long rev = revision();
    struct Case {
        std::vector<Json> assignments;
        std::string field;
    };
    const std::vector<Case> cases = {
        {{assignment("A", "A")}, "/params/assignments/0/supervisor_id"},
        {{assignment("A", "B"), assignment("A", "B", "2024-12-31")}, "/params/assignments/1"},
        {{assignment("A", "B", "2024-02-30")}, "/params/assignments/0/until"},
        {{assignment("A", "B", "30/06/2024")}, "/params/assignments/0/until"},
        {{assignment("A", "B", "2023-11-13")}, "/params/assignments/0/until"},  // yesterday
    };
    for (const Case &c : cases) {
        const psp::Error e = refusal(set_acting("add", c.assignments));
        EXPECT_EQ(e.code(), ErrorCode::invalid_request)
            << Json(c.assignments).dump() << ": " << e.what();
        EXPECT_EQ(e.field(), c.field) << e.what();
    }
    EXPECT_EQ(refusal(set_acting("merge", {})).code(), ErrorCode::invalid_request);
    EXPECT_EQ(refusal({{"mode", "add"},
                       {"assignments", Json::array({assignment("A", "B")})},
                       {"reason", "x"}})
                  .code(),
              ErrorCode::invalid_request);
    expect_unchanged(before, rev);
}

TEST_F(ActingSupervisors, OnlyHrAndItAdminsSetThemAndPeerSupportersCannotRead) {
    EXPECT_EQ(refusal(set_acting("add", {assignment("A", "B")}), {"coordinator"}).code(),
              ErrorCode::forbidden);
    EXPECT_NO_THROW(t_.call("directory.set_acting", {"it_admin"},
                            set_acting("add", {assignment("A", "B")}), "k1"));
    EXPECT_EQ(error_from([&] { t_.call("directory.acting", {"peer_supporter"}); }).code(),
              ErrorCode::forbidden);
    EXPECT_EQ(t_.call("directory.acting", {"hr_admin"})["assignments"].size(), 1u);
}

}  // namespace
