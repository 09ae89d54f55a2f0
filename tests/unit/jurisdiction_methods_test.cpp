// jurisdiction_methods_test.cpp: the jurisdiction profiles through the dispatcher on a real SQLite
// file (ProgramAgency): eligibility when training lapses, a Louisiana PSP who witnessed the
// incident or was designated after it (and the warning at assignment), a Montana recipient
// refusing their PSP and never offered their supervisor, Virginia readiness missing a clinician
// and a 24-hour contact, and the West Virginia roster with no contact fields.
#include <gtest/gtest.h>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kOneDay = 86'400'000;

std::string config_for(const std::string &jurisdiction) {
    return Json{{"policy", {{"jurisdiction", jurisdiction}}}}.dump();
}

Json psp_of(ProgramAgency &p, const std::string &id, const Json &params = Json::object()) {
    Json q = params;
    q["employee_id"] = id;
    return p.as("COORD", one_role().coordinator, "jurisdiction.eligibility", q).at("psps").at(0);
}

int64_t open_incident_on(ProgramAgency &p, const std::string &day, const Json &involved,
                         const Json &involvement = nullptr) {
    Json params = {{"date", day}, {"category", "post_critical_incident"}, {"involved", involved}};
    if (!involvement.is_null()) {
        params["involvement"] = involvement;
    }
    return p.as("COORD", one_role().coordinator, "incident.open", params)
        .at("incident")
        .at("incident_id");
}

Json item(const Json &report, const std::string &rule) {
    for (const Json &i : report.at("items")) {
        if (i.at("rule") == rule) {
            return i;
        }
    }
    ADD_FAILURE() << rule << " not in the readiness report";
    return Json::object();
}

TEST(JurisdictionMethods, APspBecomesIneligibleWhenTrainingLapses) {
    const std::string config = config_for("ohio");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    Json o3 = psp_of(p, "O3");
    EXPECT_TRUE(o3.at("meets_requirements").get<bool>()) << o3.dump();
    // HB 545's enactment is not confirmed: meeting the conditions is not a privilege.
    EXPECT_FALSE(o3.at("eligible").get<bool>()) << o3.dump();
    EXPECT_EQ(o3.at("answer").get<std::string>().rfind("no privilege claimed", 0), 0u)
        << o3.at("answer");
    EXPECT_EQ(o3.at("designated_on"), "2023-11-04");
    p.t.host.now_ms += 80 * kOneDay;  // 2024-02-02: Q4's hours never recorded, past the grace
    o3 = psp_of(p, "O3");
    EXPECT_FALSE(o3.at("meets_requirements").get<bool>());
    EXPECT_FALSE(o3.at("eligible").get<bool>());
    EXPECT_EQ(o3.at("training"), "lapsed");
    const Json failure = o3.at("failures").at(1);  // generic's iacp-training, then oh-training
    EXPECT_EQ(failure.at("rule"), "oh-training");
    EXPECT_EQ(failure.at("basis"), "agency_policy");
    EXPECT_EQ(failure.at("reason"), "training requirement not met since 2023-Q4");
    EXPECT_EQ(failure.at("since"), "2024-01-01");
    const Json roster = p.as("COORD", one_role().coordinator, "jurisdiction.roster");
    EXPECT_EQ(roster.at("rows").at(0).at("privilege_status"), "does_not_meet_requirements");
    EXPECT_EQ(roster.at("citation"), "R.C. 2317.023");
}

TEST(JurisdictionMethods, ALouisianaWitnessIsNotPrivilegedForThatIncident) {
    const std::string config = config_for("louisiana");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    const int64_t id = open_incident_on(p, "2023-11-10", {"O2", "O3"},
                                        {{{"employee_id", "O3"}, {"kind", "witness"}}});
    const Json o3 = psp_of(p, "O3", {{"incident_id", id}});
    EXPECT_FALSE(o3.at("eligible").get<bool>());
    EXPECT_EQ(o3.at("failures").at(0).at("rule"), "la-not-involved");
    EXPECT_EQ(o3.at("failures").at(0).at("reason"), "witness in the incident");
    EXPECT_TRUE(psp_of(p, "O3").at("eligible").get<bool>());  // no incident: no incident rules
    // Assigning a PSP involved in the same incident is refused anyway (same_incident).
    const psp::Error e = p.refused("COORD", one_role().coordinator, "activation.assign",
                                   {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O3"}});
    EXPECT_EQ(code_of(e), "conflict");
}

TEST(JurisdictionMethods, AssignmentWarnsWhenThePspWasDesignatedAfterTheIncident) {
    const std::string config = config_for("louisiana");
    ProgramAgency p(config.c_str());
    p.make_active("O3");  // designated 2023-11-04
    const int64_t id = open_incident_on(p, "2023-11-01", {"O2"});
    const Json r = p.as("COORD", one_role().coordinator, "activation.assign",
                        {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O3"}});
    const Json &privilege = r.at("privilege");
    EXPECT_FALSE(privilege.at("eligible").get<bool>());
    EXPECT_EQ(privilege.at("warnings").at(0).at("rule"), "la-designated");
    EXPECT_EQ(privilege.at("profile"), "louisiana");
    bool louisiana_limit = false;
    for (const Json &l : privilege.at("confidentiality_limits")) {
        louisiana_limit |= l.at("citation") == "La. C.E. art. 518";
    }
    EXPECT_TRUE(louisiana_limit);
    const int64_t later = open_incident_on(p, "2023-11-10", {"O1"});
    EXPECT_TRUE(p.as("COORD", one_role().coordinator, "activation.assign",
                     {{"incident_id", later}, {"employee_id", "O1"}, {"psp_id", "O3"}})
                    .at("privilege")
                    .at("eligible")
                    .get<bool>());
}

TEST(JurisdictionMethods, AnInvolvementOutsideTheInvolvedListChangesNothing) {
    ProgramAgency p;
    const long long before = p.t.count("SELECT COUNT(*) FROM incidents");
    for (const Json &bad : {Json{{{"employee_id", "O1"}, {"kind", "witness"}}},
                            Json{{{"employee_id", "O2"}, {"kind", "witness"}},
                                 {{"employee_id", "O2"}, {"kind", "party"}}},
                            Json{{{"employee_id", "O2"}, {"kind", "bystander_notes"}}}}) {
        const psp::Error e = p.refused("COORD", one_role().coordinator, "incident.open",
                                       {{"date", "2023-11-10"},
                                        {"category", "post_critical_incident"},
                                        {"involved", {"O2"}},
                                        {"involvement", bad}});
        EXPECT_EQ(code_of(e), "invalid_request");
        EXPECT_EQ(e.field().rfind("/params/involvement/", 0), 0u) << e.field();
    }
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM incidents"), before);
}

// Montana: an employee cannot be required to use their supervisor, and may use several PSPs.
TEST(JurisdictionMethods, AMontanaRecipientRefusesAPspAndIsOfferedTheNextNeverTheirSupervisor) {
    const std::string config = config_for("montana");
    ProgramAgency p(config.c_str());
    for (const char *id : {"O4", "SGT1", "O3"}) {
        p.make_active(id);  // panels: never SGT1 for O3
    }
    const int64_t id = open_incident_on(p, "2023-11-10", {"O1"});
    auto offered = [&] {
        std::vector<std::string> ids;
        const Json r =
            p.as("COORD", one_role().coordinator, "incident.proposals", {{"incident_id", id}});
        for (const Json &psp : r.at("employees").at(0).at("psps")) {
            ids.push_back(psp.at("psp_id"));
        }
        return ids;
    };
    EXPECT_EQ(offered(), (std::vector<std::string>{"O3", "O4"}));  // SGT1, O1's supervisor: never
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", id}, {"employee_id", "O1"}, {"psp_id", "SGT1"}})),
              "conflict");
    p.as("COORD", one_role().coordinator, "activation.assign",
         {{"incident_id", id}, {"employee_id", "O1"}, {"psp_id", "O3"}});
    p.as("O1", {"employee"}, "activation.decline", {{"incident_id", id}});
    EXPECT_EQ(offered(), (std::vector<std::string>{"O4"}));
    const Json r = p.as("COORD", one_role().coordinator, "activation.assign",
                        {{"incident_id", id}, {"employee_id", "O1"}, {"psp_id", "O4"}});
    // Montana's statute is about the program; what it protects was not verified: no claim.
    EXPECT_FALSE(r.at("privilege").at("eligible").get<bool>());
    EXPECT_EQ(r.at("privilege").at("answer").get<std::string>().rfind("no privilege claimed", 0),
              0u);
    const Json report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "mt-not-supervisor").at("state"), "met");
    EXPECT_EQ(item(report, "mt-no-recording").at("state"), "met");
    EXPECT_EQ(item(report, "mt-several").at("state"), "met");
}

TEST(JurisdictionMethods, VirginiaReadinessShowsAMissingClinicianAnd24HourContact) {
    const std::string config = config_for("virginia");
    ProgramAgency p(config.c_str());
    for (const char *c : {"CLIN", "CLIN2"}) {
        p.as("COORD", one_role().coordinator, "clinician.register",
             {{"clinician_id", c}, {"name", "Dr. Gone"}, {"license", "L-1"}, {"active", false}});
    }
    Json report = p.as("CMD", {"command_staff"}, "readiness.report");
    EXPECT_EQ(item(report, "iacp-clinical").at("state"), "not_met");
    EXPECT_NE(item(report, "iacp-clinical").at("detail").get<std::string>().find("clinician"),
              std::string::npos);
    EXPECT_EQ(item(report, "va-contact-24h").at("citation"), "Va. Code 32.1-111.3(A)(13)");
    EXPECT_EQ(item(report, "va-contact-24h").at("basis"), "accreditation_criterion");
    EXPECT_EQ(item(report, "va-contact-24h").at("state"), "not_tracked");
    EXPECT_EQ(item(report, "iacp-procedures").at("state"), "not_tracked");
    EXPECT_EQ(item(report, "va-records").at("state"), "met");
    p.as("COORD", one_role().coordinator, "readiness.record",
         {{"fact", "contact_24h_in_place"}, {"value", false}, {"as_of", "2023-11-01"}});
    report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "va-contact-24h").at("state"), "not_met");
    p.as("COORD", one_role().coordinator, "readiness.record",
         {{"fact", "contact_24h_in_place"}, {"value", true}, {"as_of", "2023-11-02"}});
    p.as("COORD", one_role().coordinator, "readiness.record",
         {{"fact", "team_meeting_held"}, {"value", true}, {"as_of", "2023-06-01"}});
    report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "va-contact-24h").at("state"), "met");
    EXPECT_EQ(item(report, "va-contact-24h").at("as_of"), "2023-11-02");
    EXPECT_EQ(item(report, "va-meetings").at("state"), "not_met");  // none in Q3 or Q4
    p.as("COORD", one_role().coordinator, "readiness.record",
         {{"fact", "team_meeting_held"}, {"value", true}, {"as_of", "2023-07-03"}});
    EXPECT_EQ(
        item(p.as("COORD", one_role().coordinator, "readiness.report"), "va-meetings").at("state"),
        "met");
}

TEST(JurisdictionMethods, ReadinessFactsRefuseFreeTextAndFutureDates) {
    ProgramAgency p;
    const long long before = p.t.count("SELECT COUNT(*) FROM readiness_facts");
    for (const Json &bad :
         {Json{{"fact", "manual_notes"}, {"value", true}, {"as_of", "2023-11-01"}},
          Json{{"fact", "contact_24h_in_place"}, {"value", "yes"}, {"as_of", "2023-11-01"}},
          Json{{"fact", "contact_24h_in_place"}, {"value", true}, {"as_of", "2030-01-01"}},
          Json{{"fact", "contact_24h_in_place"},
               {"value", true},
               {"as_of", "2023-11-01"},
               {"note", "call Bob"}}}) {
        EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "readiness.record", bad)),
                  "invalid_request")
            << bad.dump();
    }
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM readiness_facts"), before);
}

TEST(JurisdictionMethods, TheWestVirginiaRosterHasNameAndStatusOnly) {
    const std::string config = config_for("west_virginia");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    p.make_active("D1");
    const Json roster = p.as("COORD", one_role().coordinator, "jurisdiction.roster");
    EXPECT_EQ(roster.at("fields"), Json({"name", "privilege_status"}));
    ASSERT_EQ(roster.at("rows").size(), 2u);
    for (const Json &row : roster.at("rows")) {
        EXPECT_EQ(row.size(), 2u) << row.dump();
        EXPECT_TRUE(row.contains("name") && row.contains("privilege_status")) << row.dump();
    }
    EXPECT_EQ(roster.at("rows").at(0).at("name"), "Name D1");
}

TEST(JurisdictionMethods, TheProfileInForceIsPublishedWithItsLegalNotice) {
    const std::string config = config_for("california");
    ProgramAgency p(config.c_str());
    const Json profile = p.as("IT", {"it_admin"}, "jurisdiction.profile");
    EXPECT_EQ(profile.at("id"), "california");
    EXPECT_EQ(profile.at("lineage"), Json({"generic", "california"}));
    EXPECT_NE(profile.at("legal_review").get<std::string>().find("legal advisor"),
              std::string::npos);
    const Json list = p.as("IT", {"it_admin"}, "jurisdiction.profiles");
    EXPECT_EQ(list.at("active"), "california");
    EXPECT_EQ(list.at("profiles").size(), 14u);
    EXPECT_EQ(profile.at("protection").at("citation"), "Cal. Gov. Code 8669.4");
    EXPECT_TRUE(profile.at("protection").at("privileged").get<bool>());
    // California's approved course: met once the catalogue has one.
    Json report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "ca-course").at("state"), "not_met");
    p.as("COORD", one_role().coordinator, "training.add_topic",
         {{"code", "basics"}, {"title", "Basics"}});
    p.as("COORD", one_role().coordinator, "training.add_course",
         {{"code", "psp40"}, {"title", "Peer support"}, {"hours", 40}, {"topics", {"basics"}}});
    report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "ca-course").at("state"), "met");
}

TEST(JurisdictionMethods, EligibilityOfSomeoneOutsideTheTeamOrAPurgedIncidentIsRefused) {
    ProgramAgency p;
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "jurisdiction.eligibility",
                                {{"employee_id", "O1"}})),
              "not_found");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "jurisdiction.eligibility",
                                {{"incident_id", 99}})),
              "not_found");
}

// Issue 24: a Virginia PSP is privileged only for a critical incident they did not witness.
TEST(JurisdictionMethods, VirginiaEligibilityDependsOnTheIncidentAndTheSupportersRole) {
    const std::string config = config_for("virginia");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    Json o3 = psp_of(p, "O3");
    EXPECT_TRUE(o3.at("meets_requirements").get<bool>());
    EXPECT_FALSE(o3.at("eligible").get<bool>());  // no incident: not about a critical incident
    EXPECT_EQ(o3.at("failures").at(0).at("rule"), "va-critical-incident");
    const int64_t shooting = open_incident_on(p, "2023-11-10", {"O2", "O3"},
                                              {{{"employee_id", "O3"}, {"kind", "witness"}}});
    o3 = psp_of(p, "O3", {{"incident_id", shooting}});
    EXPECT_FALSE(o3.at("eligible").get<bool>());
    EXPECT_EQ(o3.at("failures").at(0).at("rule"), "va-not-witness");
    const int64_t other = open_incident_on(p, "2023-11-12", {"O1"});
    o3 = psp_of(p, "O3", {{"incident_id", other}});
    EXPECT_TRUE(o3.at("eligible").get<bool>()) << o3.dump();
    EXPECT_EQ(o3.at("answer"),
              "privileged under Va. Code 19.2-271.4, within the limits the "
              "recipient is told");
    const int64_t visit =
        p.as("COORD", one_role().coordinator, "incident.open",
             {{"date", "2023-11-12"}, {"category", "hospital_visitation"}, {"involved", {"O1"}}})
            .at("incident")
            .at("incident_id");
    EXPECT_FALSE(psp_of(p, "O3", {{"incident_id", visit}}).at("eligible").get<bool>());
}

TEST(JurisdictionMethods, WestVirginiaEligibilityAnswersNoStatutoryPrivilege) {
    const std::string config = config_for("west_virginia");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    const Json all = p.as("COORD", one_role().coordinator, "jurisdiction.eligibility");
    EXPECT_EQ(all.at("protection").at("kind"), "none");
    EXPECT_FALSE(all.at("protection").at("privileged").get<bool>());
    const Json o3 = all.at("psps").at(0);
    EXPECT_TRUE(o3.at("meets_requirements").get<bool>());
    EXPECT_FALSE(o3.at("eligible").get<bool>());
    EXPECT_EQ(o3.at("answer").get<std::string>().rfind("no statutory privilege", 0), 0u);
}

// Issue 19, item 5: the people confidentiality protects read its limits, and each check-in
// records (yes or no, nothing else) that they were explained at the outset.
TEST(JurisdictionMethods, EmployeesAndPspsReadTheLimitsAndCheckInsCountTheirExplanation) {
    const std::string config = config_for("new_york");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    for (const auto &[who, role] : std::vector<std::pair<std::string, std::string>>{
             {"O1", "employee"}, {"O3", "peer_supporter"}, {"CMD", "command_staff"}}) {
        const Json limits = p.as(who, {role}, "jurisdiction.limits");
        EXPECT_EQ(limits.at("profile").at("id"), "new_york");
        EXPECT_NE(limits.at("profile").at("legal_review").get<std::string>().find("legal advisor"),
                  std::string::npos);
        EXPECT_EQ(limits.at("protection").at("kind"), "confidentiality");
        bool investigation = false;
        for (const Json &l : limits.at("confidentiality_limits")) {
            investigation |= l.at("citation") == "IACP Peer Support Guidelines 3.10";
        }
        EXPECT_TRUE(investigation) << who;
    }
    Json report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "ny-notice").at("state"), "not_tracked");
    const int64_t id = open_incident_on(p, "2023-11-10", {"O1", "O2"});
    for (const char *employee : {"O1", "O2"}) {
        p.as("COORD", one_role().coordinator, "activation.assign",
             {{"incident_id", id}, {"employee_id", employee}, {"psp_id", "O3"}});
    }
    const long long before = p.t.count("SELECT COUNT(*) FROM limits_explained_counts");
    for (const Json &bad :
         {Json{{"incident_id", id}, {"employee_id", "O1"}, {"limits_explained", "yes"}},
          Json{{"incident_id", id}, {"employee_id", "O1"}, {"limits_note", "told"}}}) {
        EXPECT_EQ(code_of(p.refused("O3", {"peer_supporter"}, "activation.check_in", bad)),
                  "invalid_request")
            << bad.dump();
    }
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM limits_explained_counts"), before);
    p.as("O3", {"peer_supporter"}, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O1"}, {"limits_explained", true}});
    report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "ny-notice").at("state"), "met");
    p.as("O3", {"peer_supporter"}, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}, {"limits_explained", false}});
    const Json stats = p.as("COORD", one_role().coordinator, "activation.stats");
    ASSERT_EQ(stats.at("limits_explained").size(), 1u);
    EXPECT_EQ(stats.at("limits_explained").at(0).at("explained"), 1);
    EXPECT_EQ(stats.at("limits_explained").at(0).at("not_explained"), 1);
    EXPECT_EQ(stats.at("limits_explained").at(0).at("quarter"), "2023-Q4");
    report = p.as("COORD", one_role().coordinator, "readiness.report");
    EXPECT_EQ(item(report, "ny-notice").at("state"), "not_met");
    // Counts only: nothing names the assignment, the PSP or the person supported.
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM limits_explained_counts"), 1);
}

TEST(JurisdictionMethods, TexasProtectsPublicRecordsNotTestimony) {
    const std::string config = config_for("texas");
    ProgramAgency p(config.c_str());
    p.make_active("O3");
    const Json o3 = psp_of(p, "O3");
    EXPECT_TRUE(o3.at("meets_requirements").get<bool>());
    EXPECT_FALSE(o3.at("eligible").get<bool>());
    EXPECT_EQ(o3.at("answer").get<std::string>().rfind("no testimonial privilege", 0), 0u);
    const Json limits = p.as("O1", {"employee"}, "jurisdiction.limits");
    EXPECT_EQ(limits.at("protection").at("kind"), "public_records_confidentiality");
}

}  // namespace
