// selection_integrity_test.cpp: issue 19 items 1, 2 and 8 through the dispatcher on a real
// database: no PSP serves before initial training (one fact every reader agrees on), separation
// of duties in selection and deselection (each refusal naming its rule), and errors a person can
// act on (allowed values, a date's form, an object's shape; "today" by the host clock).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>

#include "plugin/storage/database.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// Every step but the last: `id` awaits initial training.
void up_to_training(ProgramAgency &p, const std::string &id) {
    if (p.t.count("SELECT COUNT(*) FROM agreement_versions") == 0) {
        p.publish_agreement();
    }
    p.apply(id);
    p.recommend(id, "CHIEF");
    p.recommend(id, id == "O5" ? "O4" : "O5");
    p.attest(id);
    p.interview(id);
    p.decide(id);
    p.sign(id);
}

std::vector<std::string> roster_ids_seen_by(ProgramAgency &p, const std::string &viewer) {
    std::vector<std::string> ids;
    // Kept in a local: a range-for over .at() of a temporary reads a destroyed object (C++20).
    const Json roster = p.as(viewer, one_role().employee, "roster.available");
    for (const Json &psp : roster.at("psps")) {
        ids.push_back(psp.at("employee_id"));
    }
    return ids;
}

std::vector<std::string> proposed_for(ProgramAgency &p, const std::string &employee) {
    const int64_t incident = p.as("COORD", one_role().coordinator, "incident.open",
                                  {{"date", "2023-11-10"},
                                   {"category", "post_critical_incident"},
                                   {"involved", Json::array({employee})}})
                                 .at("incident")
                                 .at("incident_id");
    std::vector<std::string> ids;
    const Json r =
        p.as("COORD", one_role().coordinator, "incident.proposals", {{"incident_id", incident}});
    for (const Json &e : r.at("employees")) {
        for (const Json &psp : e.at("psps")) {
            ids.push_back(psp.at("psp_id"));
        }
    }
    return ids;
}

bool has(const std::vector<std::string> &ids, const std::string &id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// ---- Item 1: no PSP serves before initial training ----

// On main, the default policy ("attestation") let a candidate with no training record go active
// with a bare completed_on, and incident.proposals offered them.
TEST(InitialTraining, ACandidateWithNoTrainingRecordDoesNotGoActive) {
    ProgramAgency p;
    up_to_training(p, "O1");
    const psp::Error e = p.refused("COORD", one_role().coordinator, "selection.complete_training",
                                   {{"employee_id", "O1"}});
    EXPECT_EQ(code_of(e), "conflict") << e.what();
    EXPECT_TRUE(contains(e.what(), "0 of 40 hours")) << e.what();
    EXPECT_TRUE(contains(e.what(), "training.record")) << e.what();
    EXPECT_EQ(p.status("O1"), "awaiting_training");
    // The old call, a bare date, is refused naming the policy: nothing is attested by a date.
    const psp::Error old = p.refused("COORD", one_role().coordinator, "selection.complete_training",
                                     {{"employee_id", "O1"}, {"completed_on", "2023-11-05"}});
    EXPECT_EQ(old.field(), "/params/completed_on");
    EXPECT_TRUE(contains(old.what(), "initial_training_source")) << old.what();
    EXPECT_FALSE(has(proposed_for(p, "D1"), "O1"));
    // With the records, the same call activates them.
    p.record_initial_training("O1");
    p.as("COORD", one_role().coordinator, "selection.complete_training", {{"employee_id", "O1"}});
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_TRUE(has(proposed_for(p, "D1"), "O1"));
}

TEST(InitialTraining, AnAttestationRecordsWhatWasDoneAsAttendance) {
    ProgramAgency p(R"({"policy": {"selection": {"initial_training_source": "attestation"}}})");
    up_to_training(p, "O1");
    // Short of the policy: refused, and nothing is stored.
    const psp::Error short_of =
        p.refused("COORD", one_role().coordinator, "selection.complete_training",
                  {{"employee_id", "O1"},
                   {"hours", 8},
                   {"topics", Json::array({"confidentiality"})},
                   {"provider", "X"}});
    EXPECT_EQ(code_of(short_of), "conflict") << short_of.what();
    EXPECT_TRUE(contains(short_of.what(), "8 of 40 hours")) << short_of.what();
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM training_attendance"), 0);
    // What was done is required: a bare date attests nothing.
    EXPECT_EQ(p.refused("COORD", one_role().coordinator, "selection.complete_training",
                        {{"employee_id", "O1"}, {"completed_on", "2023-11-05"}})
                  .field(),
              "/params/course");
    p.as("COORD", one_role().coordinator, "selection.complete_training",
         {{"employee_id", "O1"},
          {"completed_on", "2023-11-05"},
          {"hours", 40},
          {"topics",
           {"confidentiality", "role_conflict", "limits_liability", "suicide_assessment",
            "referral"}},
          {"provider", "State POST academy"}});
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM training_attendance WHERE employee_id = 'O1'"
                        " AND source = 'attestation' AND provider = 'State POST academy'"),
              5);
    EXPECT_EQ(p.t.count("SELECT SUM(minutes) FROM training_attendance WHERE employee_id = 'O1'"),
              40 * 60);
    const Json c =
        p.as("COORD", one_role().coordinator, "training.compliance", {{"employee_id", "O1"}});
    EXPECT_EQ(c.at("initial").at("complete"), true);
    EXPECT_NE(c.at("status"), "initial_training_incomplete");
}

// A member whose records do not meet the initial policy (activated by a bare attestation before
// this release): every reader says the same thing, at once, without a maintenance run.
TEST(InitialTraining, IncompleteInitialTrainingIsOneFactEveryReaderAgreesOn) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O2");
    {
        psp::Database db(p.t.storage_config());
        db.write([](soci::session &sql) {
            sql << "DELETE FROM training_attendance WHERE employee_id = 'O2'";
            sql << "DELETE FROM training_minutes WHERE employee_id = 'O2'";
        });
    }
    const Json c =
        p.as("COORD", one_role().coordinator, "training.compliance", {{"employee_id", "O2"}});
    EXPECT_EQ(c.at("status"), "initial_training_incomplete");
    EXPECT_EQ(c.at("initial").at("complete"), false);
    EXPECT_EQ(p.as("COORD", one_role().coordinator, "training.compliance", {{"employee_id", "O1"}})
                  .at("status"),
              "compliant");
    const Json overdue = p.as("COORD", one_role().coordinator, "training.overdue").at("psps");
    ASSERT_EQ(overdue.size(), 1u);
    EXPECT_EQ(overdue[0].at("employee_id"), "O2");

    const Json eligibility =
        p.as("COORD", one_role().coordinator, "jurisdiction.eligibility", {{"employee_id", "O2"}})
            .at("psps")
            .at(0);
    EXPECT_EQ(eligibility.at("eligible"), false);
    EXPECT_EQ(eligibility.at("training"), "initial_training_incomplete");
    EXPECT_TRUE(contains(eligibility.at("failures").dump(), "initial training not complete"));

    bool readiness_checked = false;
    const Json report = p.as("COORD", one_role().coordinator, "readiness.report");
    for (const Json &item : report.at("items")) {
        if (item.at("kind") == "training_requirement") {
            EXPECT_EQ(item.at("state"), "not_met");
            EXPECT_TRUE(contains(item.at("detail"), "1 of 2 PSPs")) << item.dump();
            readiness_checked = true;
        }
    }
    EXPECT_TRUE(readiness_checked);

    const std::vector<std::string> roster = roster_ids_seen_by(p, "D1");
    EXPECT_TRUE(has(roster, "O1"));
    EXPECT_FALSE(has(roster, "O2"));
    const std::vector<std::string> proposals = proposed_for(p, "D1");
    EXPECT_TRUE(has(proposals, "O1"));
    EXPECT_FALSE(has(proposals, "O2"));

    // Recording the training ends it everywhere, at once.
    p.record_initial_training("O2");
    EXPECT_EQ(p.as("COORD", one_role().coordinator, "training.compliance", {{"employee_id", "O2"}})
                  .at("status"),
              "compliant");
    EXPECT_TRUE(has(roster_ids_seen_by(p, "D1"), "O2"));
}

// ---- Item 2: separation of duties ----

void expect_rule(const psp::Error &e, const std::string &rule) {
    EXPECT_EQ(code_of(e), "forbidden") << e.what();
    EXPECT_EQ(e.field(), "/principal/id");
    EXPECT_TRUE(contains(e.what(), "rule " + rule)) << e.what();
}

TEST(SeparationOfDuties, NobodyAttestsTheirOwnStanding) {
    ProgramAgency p;
    p.publish_agreement();
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    const long long rows = p.program_rows();
    expect_rule(p.refused("O1", {"hr_admin"}, "selection.attest_standing",
                          {{"employee_id", "O1"}, {"in_good_standing", true}}),
                "no_self_attestation");
    EXPECT_EQ(p.program_rows(), rows);
    expect_rule(
        p.refused("O1", one_role().employee, "selection.recommend", {{"employee_id", "O1"}}),
        "no_self_recommendation");
}

TEST(SeparationOfDuties, AnInterviewIsRecordedByAMemberOfItsPanel) {
    ProgramAgency p;
    p.publish_agreement();
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    const Json params = {{"employee_id", "O1"},
                         {"suitable", true},
                         {"ratings",
                          {{"maturity", 4},
                           {"judgment", 4},
                           {"ethics", 5},
                           {"credibility", 4},
                           {"education_training", 3}}},
                         {"panel", psp_test::default_panel()}};
    // On main the coordinator recorded it from outside the panel.
    expect_rule(p.refused("COORD", one_role().coordinator, "selection.record_interview", params),
                "interview_recorded_by_panel_member");
    expect_rule(p.refused("O1", {"clinician"}, "selection.record_interview", params),
                "no_self_interview");
    EXPECT_EQ(p.status("O1"), "awaiting_interview");
    p.as("CLIN2", {"clinician"}, "selection.record_interview", params);
    EXPECT_EQ(p.status("O1"), "awaiting_decision");
}

TEST(SeparationOfDuties, ADecisionIsMadeOutsideTheCandidatesChainOfCommand) {
    ProgramAgency p;
    p.publish_agreement();
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.attest("O1");
    p.interview("O1");
    const Json decision = {{"employee_id", "O1"}, {"selected", true}};
    expect_rule(p.refused("O1", one_role().coordinator, "selection.decide", decision),
                "no_self_decision");
    // SGT1 supervises O1; LT1 supervises SGT1.
    expect_rule(p.refused("LT1", one_role().coordinator, "selection.decide", decision),
                "decider_outside_chain_of_command");
    EXPECT_EQ(p.status("O1"), "awaiting_decision");
    p.as("LT2", one_role().coordinator, "selection.decide", decision);  // another division
    EXPECT_EQ(p.status("O1"), "awaiting_agreement");
}

TEST(SeparationOfDuties, DeselectionIsDecidedOutsideTheChainToo) {
    ProgramAgency p;
    p.make_active("O1");
    expect_rule(p.refused("O1", one_role().coordinator, "review.open",
                          {{"employee_id", "O1"}, {"grounds", "other"}}),
                "no_self_review");
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "other"}});
    expect_rule(p.refused("SGT1", one_role().coordinator, "review.decide",
                          {{"employee_id", "O1"}, {"outcome", "deselected"}}),
                "decider_outside_chain_of_command");
    EXPECT_EQ(p.status("O1"), "under_review");
    p.as("COORD", one_role().coordinator, "review.decide",
         {{"employee_id", "O1"}, {"outcome", "retained"}});
    EXPECT_EQ(p.status("O1"), "active");
}

TEST(SeparationOfDuties, AnAgencyMayTurnItOffByPolicy) {
    ProgramAgency p(R"({"policy": {"selection": {"separation_of_duties": false}}})");
    p.publish_agreement();
    p.apply("O1");
    p.recommend("O1", "CHIEF");
    p.recommend("O1", "O5");
    p.as("O1", {"hr_admin"}, "selection.attest_standing",
         {{"employee_id", "O1"}, {"in_good_standing", true}});
    EXPECT_EQ(p.status("O1"), "awaiting_interview");
    // A self-recommendation is never one, whatever the policy.
    p.apply("O2");
    expect_rule(
        p.refused("O2", one_role().employee, "selection.recommend", {{"employee_id", "O2"}}),
        "no_self_recommendation");
}

// ---- Item 7: oversight as records, not flags ----

Json readiness_item(ProgramAgency &p, const std::string &kind) {
    const Json report = p.as("COORD", one_role().coordinator, "readiness.report");
    for (const Json &item : report.at("items")) {
        if (item.at("kind") == kind) {
            return item;
        }
    }
    ADD_FAILURE() << kind << " not in the readiness report";
    return Json::object();
}

TEST(Oversight, TheClinicalConsultationLogCountsForReadiness) {
    ProgramAgency p;
    // A clinician on the register is not yet consultation (on main this was already "met").
    EXPECT_EQ(readiness_item(p, "clinician_required").at("state"), "not_tracked");
    const Json logged = p.as("CLIN", {"clinician"}, "consultation.log",
                             {{"clinician_id", "CLIN"}, {"kind", "team_consultation"}});
    EXPECT_EQ(logged.at("consultation").at("held_on"), "2023-11-14");  // today by default
    const Json item = readiness_item(p, "clinician_required");
    EXPECT_EQ(item.at("state"), "met");
    EXPECT_TRUE(contains(item.at("detail"), "1 clinical consultation(s)")) << item.dump();
    // Nothing about content or the people supported can be sent.
    const psp::Error e =
        p.refused("COORD", one_role().coordinator, "consultation.log",
                  {{"clinician_id", "CLIN"}, {"kind", "individual_consultation"}, {"about", "O1"}});
    EXPECT_EQ(e.field(), "/params/about");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "consultation.log",
                                {{"clinician_id", "NOT-REGISTERED"}, {"kind", "training"}})),
              "not_found");
    EXPECT_EQ(p.as("COORD", one_role().coordinator, "consultation.list").at("consultations").size(),
              1u);
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "consultation.list")), "forbidden");
    // A year later, with nothing logged since, it is no longer met.
    p.t.host.now_ms += int64_t{400} * 86'400'000;
    EXPECT_EQ(readiness_item(p, "clinician_required").at("state"), "not_met");
}

TEST(Oversight, TheManualAndThePolicyArePublishedForEveryEmployee) {
    ProgramAgency p;
    EXPECT_EQ(readiness_item(p, "written_procedures").at("state"), "not_tracked");
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "document.current",
                                {{"kind", "procedures_manual"}})),
              "not_found");
    for (int v = 1; v <= 2; ++v) {
        const Json r = p.as("COORD", one_role().coordinator, "document.publish",
                            {{"kind", "procedures_manual"},
                             {"title", "Peer support procedures"},
                             {"body", "Version " + std::to_string(v) + " of the procedures."}});
        EXPECT_EQ(r.at("document").at("version"), v);
    }
    p.as("COORD", one_role().coordinator, "document.publish",
         {{"kind", "confidentiality_policy"},
          {"title", "Departmental confidentiality policy"},
          {"body", "What PSPs keep confidential, and its limits."}});
    for (const char *role : {"employee", "peer_supporter", "command_staff", "hr_admin", "clinician",
                             "auditor", "it_admin", "coordinator"}) {
        const Json d =
            p.as("O1", {role}, "document.current", {{"kind", "procedures_manual"}}).at("document");
        EXPECT_EQ(d.at("version"), 2) << role;
        EXPECT_EQ(d.at("body"), "Version 2 of the procedures.") << role;
    }
    EXPECT_EQ(
        p.as("O1", one_role().employee, "document.current", {{"kind", "confidentiality_policy"}})
            .at("document")
            .at("version"),
        1);
    EXPECT_EQ(code_of(p.refused("O1", one_role().employee, "document.publish",
                                {{"kind", "procedures_manual"}, {"title", "x"}, {"body", "y"}})),
              "forbidden");
    const Json item = readiness_item(p, "written_procedures");
    EXPECT_EQ(item.at("state"), "met");
    EXPECT_TRUE(contains(item.at("detail"), "version 2")) << item.dump();
}

// ---- Item 8: errors a person can act on; "today" by the host clock ----

TEST(ActionableErrors, AnEnumErrorListsTheAllowedValues) {
    ProgramAgency p;
    const psp::Error e =
        p.refused("COORD", one_role().coordinator, "incident.open",
                  {{"date", "2023-11-10"}, {"category", "shooting"}, {"involved", {"O1"}}});
    EXPECT_EQ(e.field(), "/params/category");
    EXPECT_TRUE(contains(e.what(), "expected one of \"")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\"post_critical_incident\"")) << e.what();
    EXPECT_FALSE(contains(e.what(), "Failed to match against any enum values")) << e.what();
}

TEST(ActionableErrors, ADateErrorShowsADate) {
    ProgramAgency p;
    p.publish_agreement();
    p.apply("O1");
    const psp::Error e = p.refused("CHIEF", one_role().employee, "selection.recommend",
                                   {{"employee_id", "O1"}, {"given_on", "1/12/26"}});
    EXPECT_EQ(e.field(), "/params/given_on");
    EXPECT_TRUE(contains(e.what(), "a date like 2026-12-04 (YYYY-MM-DD)")) << e.what();
    EXPECT_FALSE(contains(e.what(), "no fewer than 10 characters")) << e.what();
}

TEST(ActionableErrors, ATypeErrorSaysWhatShapeIsExpected) {
    ProgramAgency p;
    const psp::Error e = p.refused("CLIN", {"clinician"}, "selection.record_interview",
                                   {{"employee_id", "O1"},
                                    {"suitable", true},
                                    {"ratings",
                                     {{"maturity", 4},
                                      {"judgment", 4},
                                      {"ethics", 5},
                                      {"credibility", 4},
                                      {"education_training", 3}}},
                                    {"panel", {"CLIN", "CLIN2"}}});
    EXPECT_EQ(e.field(), "/params/panel/0");
    EXPECT_TRUE(contains(e.what(), "Expected an object with member_id")) << e.what();
    EXPECT_TRUE(contains(e.what(), "role (one of \"clinician\", \"peer_supporter\" or \"member\")"))
        << e.what();
}

TEST(ActionableErrors, DatesThatMeanTodayDefaultToTheAgencysLocalDate) {
    // 1,700,000,000,000 ms is 2023-11-14 22:13 UTC: already the 15th in Auckland.
    ProgramAgency p(R"({"policy": {"time_zone": "Pacific/Auckland"}})");
    p.publish_agreement();
    p.apply("O1");
    p.as("CHIEF", one_role().employee, "selection.recommend", {{"employee_id", "O1"}});
    const Json history =
        p.as("COORD", one_role().coordinator, "program.status", {{"employee_id", "O1"}})
            .at("history");
    EXPECT_EQ(history.back().at("detail").at("given_on"), "2023-11-15");
    const Json fact = p.as("COORD", one_role().coordinator, "readiness.record",
                           {{"fact", "coordinator_designated"}, {"value", true}});
    EXPECT_EQ(fact.at("as_of"), "2023-11-15");
}

TEST(ActionableErrors, OneTrainingRecordFailsAsThatRecord) {
    ProgramAgency p;
    const psp::Error e = p.refused(
        "COORD", one_role().coordinator, "training.record",
        {{"employee_id", "O1"}, {"date", "2023-11-01"}, {"hours", 2}, {"topic", "no_such_topic"}});
    EXPECT_EQ(code_of(e), "invalid_request");
    EXPECT_EQ(e.field(), "/params/topic");
    EXPECT_TRUE(contains(e.what(), "'no_such_topic' is not a topic in the catalogue")) << e.what();
    EXPECT_FALSE(contains(e.what(), "import")) << e.what();
    EXPECT_FALSE(contains(e.what(), "row 1")) << e.what();
    const psp::Error who = p.refused(
        "COORD", one_role().coordinator, "training.record",
        {{"employee_id", "NOBODY"}, {"date", "2023-11-01"}, {"hours", 2}, {"topic", "referral"}});
    EXPECT_EQ(who.field(), "/params/employee_id");
}

}  // namespace
