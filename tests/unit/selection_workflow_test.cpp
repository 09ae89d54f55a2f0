// selection_workflow_test.cpp: the selection path (IACP 4.1-4.2, 6.8) through the dispatcher on a
// real SQLite file: every path, every out-of-order step, and bad input changing nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

std::vector<std::string> events_of(ProgramAgency &p, const std::string &id) {
    std::vector<std::string> events;
    const Json r = p.as("COORD", one_role().coordinator, "program.status", {{"employee_id", id}});
    for (const Json &e : r.at("history")) {
        events.push_back(e.at("event"));
    }
    return events;
}

TEST(SelectionWorkflow, EveryStepInOrderMakesAnActivePsp) {
    ProgramAgency p;
    p.make_active("O1");
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_EQ(events_of(p, "O1"),
              (std::vector<std::string>{"applied", "recommended", "recommended",
                                        "standing_attested", "interviewed", "decided",
                                        "agreement_signed", "initial_training_completed"}));
    const Json history =
        p.as("COORD", one_role().coordinator, "program.status", {{"employee_id", "O1"}})
            .at("history");
    EXPECT_EQ(history[0]["actor"], "O1");
    EXPECT_EQ(history[1]["detail"]["relation"], "superior");  // CHIEF
    EXPECT_EQ(history[2]["detail"]["relation"], "peer");      // O5
    EXPECT_EQ(history[3]["actor_role"], "hr_admin");
    // Every step is in the audit log under its method.
    std::vector<std::string> audited;
    for (const Json &row : p.t.audit_rows()) {
        audited.push_back(row.at("method"));
    }
    for (const char *m : {"selection.apply", "selection.recommend", "selection.attest_standing",
                          "selection.record_interview", "selection.decide", "agreement.sign",
                          "selection.complete_training"}) {
        EXPECT_NE(std::find(audited.begin(), audited.end(), m), audited.end()) << m;
    }
}

TEST(SelectionWorkflow, StepsOutOfOrderAreRefusedAndChangeNothing) {
    ProgramAgency p;
    p.publish_agreement();
    p.apply("O1");
    const long long rows = p.program_rows();
    const auto expect_conflict = [&](const psp::Error &e) {
        EXPECT_EQ(code_of(e), "conflict") << e.what();
        EXPECT_NE(std::string(e.what()).find("awaiting_recommendations"), std::string::npos)
            << e.what();
    };
    expect_conflict(p.refused(
        "HR", one_role().hr_admin, "selection.attest_standing",
        {{"employee_id", "O1"}, {"in_good_standing", true}, {"attested_on", "2023-11-01"}}));
    expect_conflict(
        p.refused("COORD", one_role().coordinator, "selection.decide",
                  {{"employee_id", "O1"}, {"selected", true}, {"decided_on", "2023-11-01"}}));
    expect_conflict(p.refused("COORD", one_role().coordinator, "selection.complete_training",
                              {{"employee_id", "O1"}}));
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "agreement.sign", {{"version", 1}})),
              "conflict");
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "selection.apply")), "conflict");
    EXPECT_EQ(p.program_rows(), rows);
    EXPECT_EQ(p.status("O1"), "awaiting_recommendations");
}

TEST(SelectionWorkflow, NominationBecomesAnApplicationOnlyWhenAccepted) {
    ProgramAgency p;
    p.as("O2", one_role().employee, "selection.nominate", {{"employee_id", "O1"}});
    EXPECT_EQ(p.status("O1"), "nominated");
    EXPECT_EQ(code_of(p.refused("CHIEF", one_role().employee, "selection.recommend",
                                {{"employee_id", "O1"}, {"given_on", "2023-11-01"}})),
              "conflict");
    p.as("O1", one_role().employee, "selection.respond_nomination", {{"accept", true}});
    EXPECT_EQ(p.status("O1"), "awaiting_recommendations");

    p.as("SGT2", one_role().employee, "selection.nominate", {{"employee_id", "O4"}});
    p.as("O4", one_role().employee, "selection.respond_nomination", {{"accept", false}});
    EXPECT_EQ(p.status("O4"), "nomination_declined");
    // Declining closes the cycle: the person may still volunteer later.
    p.apply("O4");
    EXPECT_EQ(p.status("O4"), "awaiting_recommendations");

    EXPECT_EQ(code_of(p.refused("O3", one_role().employee, "selection.nominate",
                                {{"employee_id", "O3"}})),
              "invalid_request");
    // Whether a colleague is in the directory is not the nominator's to learn either.
    EXPECT_EQ(code_of(p.refused("O3", one_role().employee, "selection.nominate",
                                {{"employee_id", "NOBODY"}})),
              "conflict");
    // Only the nominee answers: O3 has no nomination of their own to answer.
    EXPECT_EQ(code_of(p.refused("O3", one_role().employee, "selection.respond_nomination",
                                {{"accept", true}})),
              "not_found");
}

TEST(SelectionWorkflow, CandidateWithdrawsAtEveryStepWithoutAReason) {
    ProgramAgency p;
    p.publish_agreement();
    p.as("O2", one_role().employee, "selection.nominate", {{"employee_id", "D2"}});
    const std::vector<std::pair<std::string, int>> candidates = {{"O1", 0}, {"O2", 1}, {"O3", 2},
                                                                 {"O4", 3}, {"O5", 4}, {"D1", 5}};
    for (const auto &[id, steps] : candidates) {
        p.apply(id);
        if (steps > 0) {
            p.recommend(id, "CHIEF");
            p.recommend(id, id == "D1" ? "X1" : "D1");
        }
        if (steps > 1) {
            p.attest(id);
        }
        if (steps > 2) {
            p.interview(id);
        }
        if (steps > 3) {
            p.decide(id);
        }
        if (steps > 4) {
            p.sign(id);
        }
    }
    EXPECT_EQ(p.status("D1"), "awaiting_training");
    EXPECT_EQ(p.status("O4"), "awaiting_decision");
    EXPECT_EQ(p.status("O5"), "awaiting_agreement");
    for (const std::string id : {"O1", "O2", "O3", "O4", "O5", "D1", "D2"}) {
        const std::string before = p.status(id);
        p.as(id, one_role().employee, "selection.withdraw");
        EXPECT_EQ(p.status(id), "withdrawn") << "withdrawing from " << before;
    }
    // No reason is accepted.
    p.apply("X1");
    const psp::Error e =
        p.refused("X1", one_role().employee, "selection.withdraw", {{"reason", "personal"}});
    EXPECT_EQ(code_of(e), "invalid_request");
    EXPECT_EQ(p.status("X1"), "awaiting_recommendations");
}

TEST(SelectionWorkflow, NotInGoodStandingEndsTheCycleAndNoReasonIsAccepted) {
    ProgramAgency p;
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    const long long rows = p.program_rows();
    const psp::Error with_reason = p.refused("HR", one_role().hr_admin, "selection.attest_standing",
                                             {{"employee_id", "O1"},
                                              {"in_good_standing", false},
                                              {"attested_on", "2023-11-01"},
                                              {"reason", "pending internal matter"}});
    EXPECT_EQ(code_of(with_reason), "invalid_request");
    EXPECT_EQ(with_reason.field(), "/params/reason");
    EXPECT_EQ(p.program_rows(), rows);
    p.attest("O1", false);
    EXPECT_EQ(p.status("O1"), "not_in_good_standing");
    EXPECT_EQ(code_of(p.refused(
                  "COORD", one_role().coordinator, "selection.decide",
                  {{"employee_id", "O1"}, {"selected", true}, {"decided_on", "2023-11-04"}})),
              "conflict");
    // The table has no column a reason could go into.
    std::vector<std::string> columns = p.t.columns("standing_attestations");
    std::sort(columns.begin(), columns.end());
    EXPECT_EQ(columns, (std::vector<std::string>{"attested_by", "attested_on", "cycle",
                                                 "employee_id", "in_good_standing"}));
    // A date in the future is refused.
    p.apply("O2");
    p.recommend("O2", "CHIEF");
    p.recommend("O2", "O5");
    EXPECT_EQ(
        code_of(p.refused(
            "HR", one_role().hr_admin, "selection.attest_standing",
            {{"employee_id", "O2"}, {"in_good_standing", true}, {"attested_on", "2099-01-01"}})),
        "invalid_request");
}

TEST(SelectionWorkflow, RecommendationsFollowPolicyAndAreNotDuplicated) {
    ProgramAgency p;
    p.apply("O1");
    // Separation of duties: refused as the principal's own step (rule no_self_recommendation).
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "selection.recommend",
                                {{"employee_id", "O1"}, {"given_on", "2023-11-01"}})),
              "forbidden");
    p.recommend("O1", "O2");
    const long long rows = p.program_rows();
    EXPECT_EQ(code_of(p.refused("O2", one_role().employee, "selection.recommend",
                                {{"employee_id", "O1"}, {"given_on", "2023-11-02"}})),
              "conflict");
    // Never applied reads as any other "not now" to a colleague (role_scoped_answers_test.cpp).
    EXPECT_EQ(code_of(p.refused("O2", one_role().employee, "selection.recommend",
                                {{"employee_id", "NOBODY"}, {"given_on", "2023-11-02"}})),
              "conflict");
    EXPECT_EQ(code_of(p.refused("O2", one_role().employee, "selection.recommend",
                                {{"employee_id", "O1"}, {"given_on", "2023-02-30"}})),
              "invalid_request");
    EXPECT_EQ(p.program_rows(), rows);
    EXPECT_EQ(p.status("O1"), "awaiting_recommendations");
    p.recommend("O1", "SGT1");
    EXPECT_EQ(p.status("O1"), "awaiting_standing");

    ProgramAgency superiors_only(
        R"({"policy": {"selection": {"recommendation_relations": ["superior"],
                                     "recommendations_required": 1}}})");
    superiors_only.apply("O1");
    const psp::Error peer =
        superiors_only.refused("O2", one_role().employee, "selection.recommend",
                               {{"employee_id", "O1"}, {"given_on", "2023-11-01"}});
    EXPECT_EQ(code_of(peer), "invalid_request");
    superiors_only.recommend("O1", "SGT1");
    EXPECT_EQ(superiors_only.status("O1"), "awaiting_standing");
}

TEST(SelectionWorkflow, InterviewPanelRules) {
    ProgramAgency p;
    p.make_active("O4");
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    const long long rows = p.program_rows();
    const Json ratings = {{"maturity", 4},
                          {"judgment", 4},
                          {"ethics", 4},
                          {"credibility", 4},
                          {"education_training", 4}};
    const auto panel_error = [&](const Json &panel) {
        return p.refused("COORD", one_role().coordinator, "selection.record_interview",
                         {{"employee_id", "O1"},
                          {"held_on", "2023-11-03"},
                          {"suitable", true},
                          {"ratings", ratings},
                          {"panel", panel}});
    };
    const Json psp = {{"member_id", "O4"}, {"role", "peer_supporter"}};
    const Json clinician = {{"member_id", "CLIN"}, {"role", "clinician"}};
    const psp::Error no_clinician =
        panel_error(Json::array({psp, {{"member_id", "D1"}, {"role", "member"}}}));
    EXPECT_EQ(code_of(no_clinician), "invalid_request");
    EXPECT_NE(std::string(no_clinician.what()).find("clinician"), std::string::npos);
    const psp::Error in_chain =
        panel_error(Json::array({clinician, psp, {{"member_id", "LT1"}, {"role", "member"}}}));
    EXPECT_EQ(code_of(in_chain), "invalid_request");
    EXPECT_EQ(in_chain.records(), std::vector<std::string>{"LT1"});
    const psp::Error subordinate_chain =
        panel_error(Json::array({clinician, psp, {{"member_id", "SGT1"}, {"role", "member"}}}));
    EXPECT_EQ(code_of(subordinate_chain), "invalid_request");
    EXPECT_EQ(code_of(panel_error(
                  Json::array({clinician, {{"member_id", "CLIN2"}, {"role", "clinician"}}}))),
              "invalid_request")
        << "once the team has an active PSP, a panel needs one";
    EXPECT_EQ(code_of(panel_error(
                  Json::array({{{"member_id", "NOT-REGISTERED"}, {"role", "clinician"}}, psp}))),
              "invalid_request");
    EXPECT_EQ(code_of(panel_error(
                  Json::array({clinician, {{"member_id", "O5"}, {"role", "peer_supporter"}}}))),
              "invalid_request")
        << "O5 is not a PSP";
    EXPECT_EQ(code_of(panel_error(
                  Json::array({clinician, psp, {{"member_id", "O1"}, {"role", "member"}}}))),
              "invalid_request");
    EXPECT_EQ(code_of(panel_error(Json::array({clinician, psp, psp}))), "invalid_request");
    EXPECT_EQ(p.program_rows(), rows);
    // Free-text notes are not accepted.
    const psp::Error notes =
        p.refused("COORD", one_role().coordinator, "selection.record_interview",
                  {{"employee_id", "O1"},
                   {"held_on", "2023-11-03"},
                   {"suitable", true},
                   {"notes", "history of ..."},
                   {"ratings", ratings},
                   {"panel", Json::array({clinician, psp})}});
    EXPECT_EQ(notes.field(), "/params/notes");
    p.interview("O1", false, Json::array({clinician, psp}));
    EXPECT_EQ(p.status("O1"), "not_suitable");
}

TEST(SelectionWorkflow, DecisionFollowsTheDecidingBody) {
    ProgramAgency p(R"({"policy": {"selection": {"decided_by": "steering_committee"}}})");
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    p.interview("O1");
    const psp::Error wrong_body = p.refused("COORD", one_role().coordinator, "selection.decide",
                                            {{"employee_id", "O1"},
                                             {"selected", true},
                                             {"decided_on", "2023-11-04"},
                                             {"decided_by", "coordinator"}});
    EXPECT_EQ(code_of(wrong_body), "invalid_request");
    p.as("COORD", one_role().coordinator, "selection.decide",
         {{"employee_id", "O1"},
          {"selected", false},
          {"decided_on", "2023-11-04"},
          {"decided_by", "steering_committee"}});
    EXPECT_EQ(p.status("O1"), "declined");
}

TEST(SelectionWorkflow, SupervisorsMayBeBarredByPolicy) {
    ProgramAgency p(R"({"policy": {"selection": {"supervisors_may_serve": false}}})");
    const psp::Error e = p.refused("SGT1", one_role().employee, "selection.apply");
    EXPECT_EQ(code_of(e), "conflict");
    EXPECT_NE(std::string(e.what()).find("supervisors_may_serve"), std::string::npos);
    EXPECT_EQ(p.program_rows(), 0);
    p.apply("O1");
    EXPECT_EQ(p.status("O1"), "awaiting_recommendations");
}

TEST(SelectionWorkflow, MinimumLengthOfServiceFollowsPolicy) {
    ProgramAgency p;  // the clock reads 2023-11-14; NEW1 was hired on 2023-06-01
    const psp::Error e = p.refused("NEW1", one_role().employee, "selection.apply");
    EXPECT_EQ(code_of(e), "conflict");
    EXPECT_NE(std::string(e.what()).find("eligible from 2024-06-01"), std::string::npos)
        << e.what();
    EXPECT_EQ(code_of(p.refused("O4", one_role().employee, "selection.nominate",
                                {{"employee_id", "NEW1"}})),
              "conflict");
    const Json no_hire_date = {{"id", "NOHIRE"}, {"name", "No Date"}, {"supervisor_id", "SGT2"}};
    p.as(
        "HR", one_role().hr_admin, "directory.sync",
        {{"mode", "incremental"}, {"source", "records"}, {"records", Json::array({no_hire_date})}});
    const psp::Error unknown = p.refused("NOHIRE", one_role().employee, "selection.apply");
    EXPECT_EQ(code_of(unknown), "conflict");
    EXPECT_NE(std::string(unknown.what()).find("no hire date"), std::string::npos)
        << unknown.what();
    EXPECT_EQ(p.program_rows(), 0);
    ProgramAgency five_months(R"({"policy": {"selection": {"min_service_months": 5}}})");
    five_months.apply("NEW1");
    EXPECT_EQ(five_months.status("NEW1"), "awaiting_recommendations");
}

TEST(SelectionWorkflow, UnknownOrInactiveCandidatesAreRefused) {
    ProgramAgency p;
    EXPECT_EQ(code_of(p.refused("NOBODY", one_role().employee, "selection.apply")), "not_found");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "program.status",
                                {{"employee_id", "O1"}})),
              "not_found");
    EXPECT_EQ(code_of(p.refused("HR", one_role().hr_admin, "selection.attest_standing",
                                {{"employee_id", "NOBODY"},
                                 {"in_good_standing", true},
                                 {"attested_on", "2023-11-01"}})),
              "not_found");
    EXPECT_EQ(p.program_rows(), 0);
}

TEST(SelectionWorkflow, TwoHostProcessesRacingOneDecisionHaveOneWinner) {
    ProgramAgency p;
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    p.interview("O1");
    // A second instance on the same database file, as a second host process would open it.
    const std::unique_ptr<psp::PluginInstance> second = p.t.open_again(p.t.host);
    psp::PluginInstance &other = *second;
    const auto decide = [](psp::PluginInstance &instance, bool selected, const char *key) {
        Json request = {
            {"method", "selection.decide"},
            {"principal", {{"id", "COORD"}, {"roles", {"coordinator"}}}},
            {"params",
             {{"employee_id", "O1"}, {"selected", selected}, {"decided_on", "2023-11-04"}}},
            {"idempotency_key", key}};
        return instance.call(psp::to_json_text(request));
    };
    decide(*p.t.instance, true, "first");
    const psp::Error loser = psp_test::error_from([&] { decide(other, false, "second"); });
    EXPECT_EQ(code_of(loser), "conflict");
    EXPECT_EQ(p.status("O1"), "awaiting_agreement");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM program_events WHERE event = 'decided'"), 1);
}

}  // namespace
