// program_membership_test.cpp: after selection: agreements re-signed, leave of absence,
// deselection reviews, reinstatement and resignation (IACP 4.3, 4.4, 6.8).
#include <gtest/gtest.h>

#include "plugin/core/agency_calendar.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp::kDayMs;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

std::vector<std::string> roster_ids(ProgramAgency &p, const std::string &viewer,
                                    const Json &filters = Json::object()) {
    std::vector<std::string> ids;
    const Json roster = p.as(viewer, one_role().employee, "roster.available", filters);
    for (const Json &psp : roster.at("psps")) {
        ids.push_back(psp.at("employee_id"));
    }
    return ids;
}

Json unavailable(ProgramAgency &p, const std::string &id) {
    return p.as("COORD", one_role().coordinator, "program.status", {{"employee_id", id}})
        .at("unavailable");
}

TEST(ProgramMembership, MembersMustReSignANewAgreementWithinTheWindow) {
    ProgramAgency p;
    p.make_active("O1");
    EXPECT_EQ(roster_ids(p, "O4"), std::vector<std::string>{"O1"});
    const int v2 = p.publish_agreement();
    EXPECT_EQ(v2, 2);
    p.t.host.now_ms += 29 * kDayMs;
    EXPECT_EQ(roster_ids(p, "O4"), std::vector<std::string>{"O1"}) << "still inside the window";
    p.t.host.now_ms += 2 * kDayMs;
    EXPECT_TRUE(roster_ids(p, "O4").empty()) << "lapsed after 30 days";
    EXPECT_EQ(unavailable(p, "O1"), Json::array({"agreement_not_signed"}));
    EXPECT_EQ(
        code_of(p.refused("O1", one_role().peer_supporter, "agreement.sign", {{"version", 1}})),
        "conflict");
    p.as("O1", one_role().peer_supporter, "agreement.sign", {{"version", v2}});
    EXPECT_EQ(
        code_of(p.refused("O1", one_role().peer_supporter, "agreement.sign", {{"version", v2}})),
        "conflict");
    EXPECT_EQ(roster_ids(p, "O4"), std::vector<std::string>{"O1"});
    EXPECT_EQ(p.status("O1"), "active");
}

TEST(ProgramMembership, LeaveNeedsNoReasonAndEndsAsPlanned) {
    ProgramAgency p;
    p.make_active("O1");
    const long long rows = p.program_rows();
    const psp::Error reason = p.refused("O1", one_role().peer_supporter, "leave.start",
                                        {{"planned_return", "2023-12-01"}, {"reason", "x"}});
    EXPECT_EQ(code_of(reason), "invalid_request");
    EXPECT_EQ(reason.field(), "/params/reason");
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "leave.start",
                                {{"planned_return", "2023-11-01"}})),
              "invalid_request")
        << "a planned return in the past";
    EXPECT_EQ(p.program_rows(), rows);
    p.as("O1", one_role().peer_supporter, "leave.start", {{"planned_return", "2023-12-01"}});
    EXPECT_EQ(p.status("O1"), "on_leave");
    EXPECT_TRUE(roster_ids(p, "O4").empty());
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "leave.start")), "conflict");
    // Maintenance before the date leaves them on leave; after it, they are back.
    p.as("IT", {"it_admin"}, "maintenance.run");
    EXPECT_EQ(p.status("O1"), "on_leave");
    p.t.host.now_ms += 20 * kDayMs;  // 2023-12-04
    const Json run = p.as("IT", {"it_admin"}, "maintenance.run");
    EXPECT_EQ(run.at("tasks").at("leave_returns"), 1);
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM leaves WHERE end_ms > 0"), 1);
    // Back by themself, before any date.
    p.as("O1", one_role().peer_supporter, "leave.start");
    p.as("O1", one_role().peer_supporter, "leave.end");
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_EQ(p.t.columns_named_like("leaves", {"reason"}), std::vector<std::string>{});
    EXPECT_FALSE(p.t.columns("leaves").empty());
}

TEST(ProgramMembership, ReviewRetainedWithConditionsThenDeselectedThenReinstated) {
    ProgramAgency p;
    p.make_active("O1");
    const psp::Error no_attestation =
        p.refused("COORD", one_role().coordinator, "review.open",
                  {{"employee_id", "O1"}, {"grounds", "loss_of_good_standing"}});
    EXPECT_EQ(code_of(no_attestation), "conflict");
    const psp::Error disciplinary =
        p.refused("COORD", one_role().coordinator, "review.open",
                  {{"employee_id", "O1"}, {"grounds", "other"}, {"discipline_case", "IA-2023-17"}});
    EXPECT_EQ(code_of(disciplinary), "invalid_request");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "review.open",
                                {{"employee_id", "O1"}, {"grounds", "misconduct_finding"}})),
              "invalid_request");

    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "review.open",
                                {{"employee_id", "O1"}, {"grounds", "training_failure"}})),
              "conflict")
        << "O1 is not overdue with training";
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "breach_of_confidentiality"}});
    EXPECT_EQ(p.status("O1"), "under_review");
    EXPECT_EQ(unavailable(p, "O1"), Json::array({"under_review"}));
    EXPECT_TRUE(roster_ids(p, "O4").empty());
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "leave.start")), "conflict");
    const Json retained = p.as(
        "COORD", one_role().coordinator, "review.decide",
        {{"employee_id", "O1"},
         {"outcome", "retained"},
         {"decided_on", "2023-11-10"},
         {"conditions", {{{"kind", "catch_up_training"}, {"due", "2024-01-31"}, {"hours", 4}}}}});
    EXPECT_EQ(retained.at("member").at("status"), "active");
    p.as("COORD", one_role().coordinator, "review.conditions_met",
         {{"employee_id", "O1"}, {"met_on", "2023-11-12"}});
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "review.conditions_met",
                                {{"employee_id", "O1"}, {"met_on", "2023-11-12"}})),
              "conflict");

    p.attest("O1", false);
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "loss_of_good_standing"}});
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "review.decide",
                                {{"employee_id", "O1"},
                                 {"outcome", "deselected"},
                                 {"decided_on", "2023-11-13"},
                                 {"conditions", {{{"kind", "other"}, {"due", "2024-01-01"}}}}})),
              "invalid_request");
    p.as("COORD", one_role().coordinator, "review.decide",
         {{"employee_id", "O1"}, {"outcome", "deselected"}, {"decided_on", "2023-11-13"}});
    EXPECT_EQ(p.status("O1"), "deselected");
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "selection.apply")), "conflict");

    // Reinstatement takes the policy's shortened path: standing, agreement, training.
    p.as("COORD", one_role().coordinator, "selection.reinstate", {{"employee_id", "O1"}});
    EXPECT_EQ(p.status("O1"), "awaiting_standing");
    p.attest("O1");
    EXPECT_EQ(p.status("O1"), "awaiting_agreement");
    p.sign("O1");
    p.complete_training("O1");
    EXPECT_EQ(p.status("O1"), "active");
    const Json member =
        p.as("COORD", one_role().coordinator, "program.status", {{"employee_id", "O1"}})
            .at("member");
    EXPECT_EQ(member.at("path"), "reinstatement");
    EXPECT_EQ(member.at("cycle"), 2);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM reviews WHERE decided_role = 'coordinator'"), 2);
}

TEST(ProgramMembership, LapsedTrainingTakesAPspOffTheRosterAndProposesAReview) {
    ProgramAgency p;
    p.make_active("O1");
    p.as("IT", {"it_admin"}, "maintenance.run");
    EXPECT_EQ(roster_ids(p, "O4"), std::vector<std::string>{"O1"});
    // Two quarters without any continuing training: overdue, then past the 30-day grace.
    p.t.host.now_ms += 200 * kDayMs;
    const Json run = p.as("IT", {"it_admin"}, "maintenance.run");
    EXPECT_EQ(run.at("tasks").at("training").at("deselection_proposals"), 1);
    bool proposed = false;
    for (const std::string &n : p.t.host.notifications) {
        proposed = proposed || (n.find("deselection_proposed") != std::string::npos &&
                                n.find("\"O1\"") != std::string::npos);
    }
    EXPECT_TRUE(proposed);
    EXPECT_TRUE(roster_ids(p, "O4").empty());
    EXPECT_EQ(unavailable(p, "O1"), Json::array({"training_overdue"}));
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "training_failure"}});
    EXPECT_EQ(p.status("O1"), "under_review");
    // The proposal is made once a period, not at every run.
    const Json again = p.as("IT", {"it_admin"}, "maintenance.run");
    EXPECT_EQ(again.at("tasks").at("training").at("deselection_proposals"), 0);
}

TEST(ProgramMembership, ActivationFromTrainingRecords) {
    ProgramAgency p(R"({"policy": {"selection": {"initial_training_source": "records"}}})");
    p.publish_agreement();
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    p.interview("O1");
    p.decide("O1");
    p.sign("O1");
    const psp::Error incomplete = p.refused("COORD", one_role().coordinator,
                                            "selection.complete_training", {{"employee_id", "O1"}});
    EXPECT_EQ(code_of(incomplete), "conflict");
    EXPECT_NE(std::string(incomplete.what()).find("0 of 40 hours"), std::string::npos)
        << incomplete.what();
    for (const char *topic : {"confidentiality", "role_conflict", "limits_liability",
                              "suicide_assessment", "referral"}) {
        p.as("COORD", one_role().coordinator, "training.record",
             {{"employee_id", "O1"},
              {"topic", topic},
              {"date", "2023-11-01"},
              {"hours", 8},
              {"provider", "State academy"}});
    }
    p.as("COORD", one_role().coordinator, "selection.complete_training", {{"employee_id", "O1"}});
    EXPECT_EQ(p.status("O1"), "active");
}

TEST(ProgramMembership, AnEmptyReinstatementPathRestoresAtOnce) {
    ProgramAgency p(R"({"policy": {"selection": {"reinstatement_steps": []}}})");
    p.make_active("O1");
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "breach_of_confidentiality"}});
    p.as("COORD", one_role().coordinator, "review.decide",
         {{"employee_id", "O1"}, {"outcome", "deselected"}, {"decided_on", "2023-11-13"}});
    p.as("COORD", one_role().coordinator, "selection.reinstate", {{"employee_id", "O1"}});
    EXPECT_EQ(p.status("O1"), "active");
}

TEST(ProgramMembership, ResignationAtAnyTimeClosesLeaveAndReview) {
    ProgramAgency p;
    p.make_active("O1");
    p.as("O1", one_role().peer_supporter, "leave.start");
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "breach_of_confidentiality"}});
    EXPECT_EQ(
        code_of(p.refused("O1", one_role().peer_supporter, "membership.resign", {{"reason", "x"}})),
        "invalid_request");
    p.as("O1", one_role().peer_supporter, "membership.resign");
    EXPECT_EQ(p.status("O1"), "resigned");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM leaves WHERE end_ms = 0"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM reviews WHERE outcome = ''"), 0);
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "membership.resign")), "conflict");
    EXPECT_EQ(code_of(p.refused("O2", one_role().peer_supporter, "membership.resign")),
              "not_found");
}

TEST(ProgramRoster, EmployeesNeverSeeAPspInTheirChainOfCommand) {
    ProgramAgency p;
    p.make_active("O1");    // Patrol, Day, sworn, under SGT1 < LT1 < CHIEF
    p.make_active("D1");    // Investigations, Day, civilian, under LT2 < CHIEF
    p.make_active("SGT2");  // Patrol, Night, sworn, supervises O4 and O5
    EXPECT_EQ(roster_ids(p, "O2"), (std::vector<std::string>{"D1", "O1", "SGT2"}));
    EXPECT_EQ(roster_ids(p, "O4"), (std::vector<std::string>{"D1", "O1"})) << "SGT2 supervises O4";
    EXPECT_EQ(roster_ids(p, "LT1"), std::vector<std::string>{"D1"}) << "O1 and SGT2 report to LT1";
    EXPECT_TRUE(roster_ids(p, "CHIEF").empty());
    EXPECT_EQ(roster_ids(p, "O1"), (std::vector<std::string>{"D1", "SGT2"})) << "not themself";
    EXPECT_EQ(roster_ids(p, "O2", {{"shift", "Night"}}), std::vector<std::string>{"SGT2"});
    EXPECT_EQ(roster_ids(p, "O2", {{"category", "civilian"}}), std::vector<std::string>{"D1"});
    EXPECT_EQ(roster_ids(p, "O2", {{"division", "Patrol"}, {"shift", "Day"}}),
              std::vector<std::string>{"O1"});
    const Json entry =
        p.as("O2", one_role().employee, "roster.available", {{"category", "civilian"}})
            .at("psps")
            .at(0);
    EXPECT_EQ(entry.at("name"), "Name D1");
    EXPECT_EQ(code_of(p.refused("O2", one_role().employee, "roster.available",
                                {{"category", "janitor"}})),
              "invalid_request");
}

TEST(ProgramRoster, CoordinatorListsEveryoneByStatus) {
    ProgramAgency p;
    p.make_active("O1");
    p.apply("O2");
    p.apply("O3");
    p.as("O3", one_role().employee, "selection.withdraw");
    const Json all = p.as("COORD", one_role().coordinator, "program.list");
    EXPECT_EQ(all.at("members").size(), 3u);
    const Json active =
        p.as("COORD", one_role().coordinator, "program.list", {{"statuses", {"active"}}});
    ASSERT_EQ(active.at("members").size(), 1u);
    EXPECT_EQ(active.at("members")[0].at("employee_id"), "O1");
    const Json page = p.as("COORD", {"hr_admin"}, "program.list", {{"limit", 2}});
    EXPECT_EQ(page.at("next_after_id"), "O2");
    const Json rest =
        p.as("COORD", {"hr_admin"}, "program.list", {{"after_id", "O2"}, {"limit", 2}});
    EXPECT_EQ(rest.at("members").size(), 1u);
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "program.list")), "forbidden");
}

}  // namespace
