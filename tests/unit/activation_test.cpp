// activation_test.cpp: conflict checks, incidents, proposals, assignments, check-ins, contacts
// and the purge, through the dispatcher on a real SQLite file (ProgramAgency's 13 people).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kOneHour = 3'600'000;

Json psp_pair(const std::string &psp, const std::string &employee) {
    return {{"psp_id", psp}, {"employee_id", employee}};
}

std::vector<std::string> rules(ProgramAgency &p, const std::string &psp,
                               const std::string &employee) {
    return p.as("COORD", one_role().coordinator, "conflict.check", psp_pair(psp, employee))
        .at("rules");
}

int64_t open_activation_incident(ProgramAgency &p, const Json &involved,
                                 const std::string &category = "post_critical_incident") {
    return p
        .as("COORD", one_role().coordinator, "incident.open",
            {{"date", "2023-11-14"}, {"category", category}, {"involved", involved}})
        .at("incident")
        .at("incident_id");
}

std::vector<std::string> proposed(ProgramAgency &p, int64_t incident, const std::string &who) {
    const Json r =
        p.as("COORD", one_role().coordinator, "incident.proposals", {{"incident_id", incident}});
    for (const Json &e : r.at("employees")) {
        if (e.at("employee_id") != who) {
            continue;
        }
        std::vector<std::string> ids;
        for (const Json &psp : e.at("psps")) {
            ids.push_back(psp.at("psp_id"));
        }
        return ids;
    }
    ADD_FAILURE() << who << " not in the proposals";
    return {};
}

Json assign_psp(ProgramAgency &p, int64_t incident, const std::string &employee,
                const std::string &psp) {
    return p.as("COORD", one_role().coordinator, "activation.assign",
                {{"incident_id", incident}, {"employee_id", employee}, {"psp_id", psp}});
}

long long activation_rows(ProgramAgency &p) {
    long long rows = 0;
    for (const char *table : {"incidents", "incident_involved", "activation_assignments",
                              "activation_counts", "declared_conflicts", "contacts"}) {
        rows += p.t.count(std::string("SELECT COUNT(*) FROM ") + table);
    }
    return rows;
}

Json run_maintenance(ProgramAgency &p) {
    return p.as("IT", one_role().it_admin, "maintenance.run");
}

TEST(Conflicts, EachRuleFiresThroughTheMethod) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O4");
    EXPECT_EQ(rules(p, "O1", "O2"), std::vector<std::string>{});
    EXPECT_EQ(rules(p, "O1", "SGT1"), std::vector<std::string>{"chain_of_command"});
    EXPECT_EQ(rules(p, "O1", "CHIEF"), std::vector<std::string>{"chain_of_command"});
    EXPECT_EQ(rules(p, "O1", "O1"), std::vector<std::string>{"self"});
    EXPECT_EQ(rules(p, "O2", "O3"), std::vector<std::string>{"not_a_psp"});
    p.as("O4", one_role().peer_supporter, "leave.start");
    EXPECT_EQ(rules(p, "O4", "O2"), std::vector<std::string>{"psp_unavailable:on_leave"});
    open_activation_incident(p, {"O1", "O2"});
    EXPECT_EQ(rules(p, "O1", "O2"), std::vector<std::string>{"same_incident"});
    const Json bulk = p.as("COORD", one_role().coordinator, "conflict.check_bulk",
                           {{"pairs", {psp_pair("O1", "O3"), psp_pair("O1", "SGT1")}}});
    EXPECT_EQ(bulk.at("results")[0].at("conflict"), false);
    EXPECT_EQ(bulk.at("results")[1].at("conflict"), true);
}

TEST(Conflicts, ChainDepthFollowsPolicy) {
    ProgramAgency p(R"({"policy": {"conflicts": {"chain_of_command_depth": 1}}})");
    p.make_active("O1");
    EXPECT_EQ(rules(p, "O1", "SGT1"), std::vector<std::string>{"chain_of_command"});
    EXPECT_EQ(rules(p, "O1", "LT1"), std::vector<std::string>{});
}

TEST(Conflicts, DeclaredCategoryIsSeenOnlyByThePspAndTheCoordinator) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O4");
    p.as("O1", one_role().peer_supporter, "conflict.declare",
         {{"employee_id", "O2"}, {"category", "family"}});
    const Json by_coordinator =
        p.as("COORD", one_role().coordinator, "conflict.check", psp_pair("O1", "O2"));
    EXPECT_EQ(by_coordinator.at("declared_category"), "family");
    EXPECT_EQ(by_coordinator.at("rules"), Json::array({"declared_conflict"}));
    EXPECT_EQ(p.as("O1", one_role().peer_supporter, "conflict.check", psp_pair("O1", "O2"))
                  .at("declared_category"),
              "family");
    const Json by_clinician =
        p.as("CLIN", one_role().clinician, "conflict.check", psp_pair("O1", "O2"));
    // A declaration is not the clinician's to know (role_scoped_answers_test.cpp).
    EXPECT_EQ(by_clinician.at("conflict"), false);
    EXPECT_FALSE(by_clinician.contains("rules"));
    EXPECT_FALSE(by_clinician.contains("declared_category"));
    EXPECT_EQ(by_clinician.dump().find("declared"), std::string::npos);
    EXPECT_EQ(by_clinician.dump().find("family"), std::string::npos);
    // Another PSP sees neither the pair nor the declarations.
    EXPECT_EQ(
        code_of(p.refused("O4", one_role().peer_supporter, "conflict.check", psp_pair("O1", "O2"))),
        "forbidden");
    EXPECT_EQ(code_of(p.refused("O4", one_role().peer_supporter, "conflict.declarations",
                                {{"psp_id", "O1"}})),
              "forbidden");
    EXPECT_EQ(p.as("O4", one_role().peer_supporter, "conflict.declarations").at("declarations"),
              Json::array());
    EXPECT_EQ(p.as("O1", one_role().peer_supporter, "conflict.declarations")
                  .at("declarations")[0]
                  .at("category"),
              "family");
    EXPECT_EQ(code_of(p.refused("O4", one_role().employee, "conflict.check", psp_pair("O1", "O2"))),
              "forbidden");
    p.as("O1", one_role().peer_supporter, "conflict.withdraw_declaration", {{"employee_id", "O2"}});
    EXPECT_EQ(rules(p, "O1", "O2"), std::vector<std::string>{});
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "conflict.withdraw_declaration",
                                {{"employee_id", "O2"}})),
              "not_found");
}

TEST(Conflicts, BadChecksAreRefused) {
    ProgramAgency p;
    p.make_active("O1");  // declaring needs a member of the team
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "conflict.check",
                                psp_pair("NOBODY", "O1"))),
              "not_found");
    Json many = Json::array();
    for (int i = 0; i < 10001; ++i) {
        many.push_back(psp_pair("O1", "O2"));
    }
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "conflict.check_bulk",
                                {{"pairs", many}})),
              "invalid_request");
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "conflict.declare",
                                {{"employee_id", "O1"}})),
              "invalid_request");
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "conflict.declare",
                                {{"employee_id", "O2"}, {"category", "my brother in law"}})),
              "invalid_request");
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "conflict.declare",
                                {{"employee_id", "NOBODY"}})),
              "not_found");
    EXPECT_EQ(activation_rows(p), 0);
}

TEST(Activation, ProposalsRankSameShiftThenSameWorkThenLoad) {
    ProgramAgency p;
    for (const char *id : {"O1", "O3", "O4", "D1", "X1"}) {
        p.make_active(id);
    }
    const int64_t first = open_activation_incident(p, {"O2"});
    // O2 is sworn on the day shift: O1 and O3 (day, sworn), D1 (day, civilian), O4 (night,
    // sworn), X1 (night, dispatcher).
    EXPECT_EQ(proposed(p, first, "O2"), (std::vector<std::string>{"O1", "O3", "D1", "O4", "X1"}));
    // O1 takes an assignment elsewhere: O3 now carries less load.
    const int64_t second = open_activation_incident(p, {"O5"}, "hospital_visitation");
    assign_psp(p, second, "O5", "O1");
    EXPECT_EQ(proposed(p, first, "O2"), (std::vector<std::string>{"O3", "O1", "D1", "O4", "X1"}));
    // O5 works nights as a sworn officer: O4 (night, sworn), then X1 (night, dispatcher).
    EXPECT_EQ(proposed(p, second, "O5"), (std::vector<std::string>{"O4", "X1", "O3", "O1", "D1"}));
}

TEST(Activation, SmallAgencyWithEveryPspConflictedFallsBackToPartners) {
    ProgramAgency p(R"({"policy": {"coverage": {"partner_agencies": ["county-psp"]}}})");
    p.make_active("O1");
    p.make_active("D1");
    const int64_t id = open_activation_incident(p, {"CHIEF", "O2"});
    const Json r =
        p.as("COORD", one_role().coordinator, "incident.proposals", {{"incident_id", id}});
    const Json &chief = r.at("employees")[0];
    EXPECT_EQ(chief.at("employee_id"), "CHIEF");
    EXPECT_EQ(chief.at("psps"), Json::array());
    EXPECT_EQ(chief.at("partner_agencies"), Json::array({"county-psp"}));
    EXPECT_FALSE(r.at("employees")[1].contains("partner_agencies"));
}

TEST(Activation, EmployeeDecliningTwiceGetsAThirdProposal) {
    ProgramAgency p;
    for (const char *id : {"O1", "O3", "D1"}) {
        p.make_active(id);
    }
    const int64_t id = open_activation_incident(p, {"O2"});
    assign_psp(p, id, "O2", "O1");
    p.as("O2", one_role().employee, "activation.decline", {{"incident_id", id}});
    EXPECT_EQ(proposed(p, id, "O2"), (std::vector<std::string>{"O3", "D1"}));
    const long long rows = activation_rows(p);
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O1"}})),
              "conflict");
    EXPECT_EQ(activation_rows(p), rows);
    assign_psp(p, id, "O2", "O3");
    p.as("O2", one_role().employee, "activation.decline", {{"incident_id", id}});
    EXPECT_EQ(proposed(p, id, "O2"), (std::vector<std::string>{"D1"}));
    assign_psp(p, id, "O2", "D1");
    p.as("D1", one_role().peer_supporter, "activation.acknowledge",
         {{"incident_id", id}, {"employee_id", "O2"}});
    p.as("D1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}});
    const Json counts = p.as("COORD", one_role().coordinator, "activation.stats").at("counts")[0];
    EXPECT_EQ(counts.at("declines"), 2);
    EXPECT_EQ(counts.at("assignments"), 3);
    EXPECT_EQ(counts.at("check_ins_on_time"), 1);
    // Nothing left to decline; another PSP cannot act on D1's assignment.
    EXPECT_EQ(
        code_of(p.refused("O2", one_role().employee, "activation.decline", {{"incident_id", id}})),
        "not_found");
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "activation.check_in",
                                {{"incident_id", id}, {"employee_id", "O2"}})),
              "not_found");
}

TEST(Activation, OverdueCheckInNotifiesTheCoordinatorOnceWithoutNames) {
    ProgramAgency p;
    p.make_active("O1");
    const int64_t id = open_activation_incident(p, {"O2"});
    const Json a = assign_psp(p, id, "O2", "O1").at("assignment");
    EXPECT_EQ(a.at("due_ms").get<int64_t>() - a.at("assigned_ms").get<int64_t>(), 72 * kOneHour);
    p.t.host.notifications.clear();  // the PSP's own notice of the assignment
    p.t.host.now_ms += 71 * kOneHour;
    run_maintenance(p);
    EXPECT_TRUE(p.t.host.notifications.empty());
    p.t.host.now_ms += 2 * kOneHour;
    EXPECT_EQ(run_maintenance(p).at("tasks").at("check_ins_overdue"), 1);
    ASSERT_EQ(p.t.host.notifications.size(), 1u);
    const Json n = Json::parse(p.t.host.notifications[0]);
    EXPECT_EQ(n.at("kind"), "check_in_overdue");
    EXPECT_EQ(n.at("incident_id"), id);
    for (const char *name : {"O1", "O2", "O3", "Name"}) {
        EXPECT_EQ(p.t.host.notifications[0].find(name), std::string::npos) << name;
    }
    run_maintenance(p);
    EXPECT_EQ(p.t.host.notifications.size(), 1u);
    p.as("O1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}});
    EXPECT_EQ(p.as("COORD", one_role().coordinator, "activation.stats")
                  .at("counts")[0]
                  .at("check_ins_late"),
              1);
}

TEST(Activation, CheckInWindowFollowsPolicyFrom24Hours) {
    ProgramAgency p(R"({"policy": {"activation": {"check_in_hours": 24}}})");
    p.make_active("O1");
    const Json a = assign_psp(p, open_activation_incident(p, {"O2"}), "O2", "O1").at("assignment");
    EXPECT_EQ(a.at("due_ms").get<int64_t>() - a.at("assigned_ms").get<int64_t>(), 24 * kOneHour);
    EXPECT_THROW(psp_test::TestInstance(R"({"policy": {"activation": {"check_in_hours": 12}}})"),
                 psp::Error);
}

std::size_t count_occurrences(const std::string &bytes, const std::string &needle) {
    std::size_t n = 0;
    for (std::size_t at = bytes.find(needle); at != std::string::npos;
         at = bytes.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

std::string read_file_bytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// O2 and O3 sit in the same place in the chart; only O2 is involved, and declines a PSP (once
// accepted, once refused). After the purge, the file holds O2 exactly as often as O3 (their
// directory rows): no trace of the involvement is left, in the incident tables, the stored
// answers or the audit log, which withholds the principal of a decline.
TEST(Activation, PurgeAfterRetentionLeavesNoIdentityInTheFile) {
    PSP_SQLITE_FILE_TEST();
    ProgramAgency p(R"({"policy": {"activation": {"retention_days": 30}}})");
    p.make_active("O1");
    p.make_active("O4");
    const int64_t id = open_activation_incident(p, {"O2"});
    assign_psp(p, id, "O2", "O4");
    p.as("O2", one_role().employee, "activation.decline", {{"incident_id", id}});
    EXPECT_EQ(
        code_of(p.refused("O2", one_role().employee, "activation.decline", {{"incident_id", id}})),
        "not_found");
    const Json audit =
        p.as("AUD", std::vector<std::string>{"auditor"}, "audit.read", {{"after_seq", 0}});
    ASSERT_GE(audit.at("entries").size(), 2u);
    for (const Json &e : audit.at("entries")) {
        if (e.at("method") == "activation.decline") {
            EXPECT_EQ(e.at("principal"), "withheld:recipient") << e.dump();
        }
    }
    assign_psp(p, id, "O2", "O1");
    p.as("O1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}});
    p.as("COORD", one_role().coordinator, "incident.close", {{"incident_id", id}});
    const std::string db = p.t.database_path();
    const auto both_files = [&] { return read_file_bytes(db) + read_file_bytes(db + "-wal"); };
    EXPECT_GT(count_occurrences(both_files(), "O2"), count_occurrences(both_files(), "O3"));
    p.t.host.now_ms += 29 * (24 * kOneHour);
    EXPECT_EQ(run_maintenance(p).at("tasks").at("activations_purged"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM incident_involved"), 1);
    p.t.host.now_ms += 2 * (24 * kOneHour);
    EXPECT_EQ(run_maintenance(p).at("tasks").at("activations_purged"), 1);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM incident_involved"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM activation_assignments"), 0);
    const Json counts = p.as("COORD", one_role().coordinator, "activation.stats").at("counts")[0];
    EXPECT_EQ(counts.at("involved"), 1);
    EXPECT_EQ(counts.at("check_ins_on_time"), 1);
    p.t.instance.reset();  // the last connection checkpoints the WAL into the file
    const std::string bytes = both_files();
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(count_occurrences(bytes, "O2"), count_occurrences(bytes, "O3"));
    EXPECT_GT(count_occurrences(bytes, "O3"), 0u);
}

TEST(Activation, BadIncidentsAreRefusedAndChangeNothing) {
    ProgramAgency p;
    p.make_active("O1");
    const auto refused = [&](const Json &params) {
        return code_of(p.refused("COORD", one_role().coordinator, "incident.open", params));
    };
    const Json ok = {
        {"date", "2023-11-10"}, {"category", "post_critical_incident"}, {"involved", {"O2"}}};
    const long long rows = activation_rows(p);
    Json unknown = ok;
    unknown["involved"] = {"O2", "NOBODY"};
    EXPECT_EQ(refused(unknown), "not_found");
    Json twice = ok;
    twice["involved"] = {"O2", "O3", "O2"};
    const psp::Error dup = p.refused("COORD", one_role().coordinator, "incident.open", twice);
    EXPECT_EQ(code_of(dup), "invalid_request");
    EXPECT_EQ(dup.field(), "/params/involved/2");
    Json narrative = ok;
    narrative["narrative"] = "Shots fired at 5th and Main";
    EXPECT_EQ(refused(narrative), "invalid_request");
    Json note = ok;
    note["involved"] = {{{"id", "O2"}, {"note", "wounded"}}};
    EXPECT_EQ(refused(note), "invalid_request");
    Json huge = ok;
    huge["involved"] = Json::array();
    for (int i = 0; i < 100000; ++i) {
        huge["involved"].push_back("E" + std::to_string(i));
    }
    EXPECT_EQ(refused(huge), "invalid_request");
    Json future = ok;
    future["date"] = "2099-01-01";
    EXPECT_EQ(refused(future), "invalid_request");
    Json category = ok;
    category["category"] = "shooting at the mall";
    EXPECT_EQ(refused(category), "invalid_request");
    EXPECT_EQ(activation_rows(p), rows);
    // Assigning despite a conflict, or someone not involved, changes nothing either.
    const int64_t id = open_activation_incident(p, {"SGT1", "O2"});
    const long long after_open = activation_rows(p);
    const psp::Error chain =
        p.refused("COORD", one_role().coordinator, "activation.assign",
                  {{"incident_id", id}, {"employee_id", "SGT1"}, {"psp_id", "O1"}});
    EXPECT_EQ(code_of(chain), "conflict");
    EXPECT_NE(std::string(chain.what()).find("chain_of_command"), std::string::npos);
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O3"}})),
              "conflict");  // O3 is not a PSP
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", id}, {"employee_id", "O5"}, {"psp_id", "O1"}})),
              "not_found");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", 99}, {"employee_id", "O2"}, {"psp_id", "O1"}})),
              "not_found");
    EXPECT_EQ(activation_rows(p), after_open);
    p.as("COORD", one_role().coordinator, "incident.close", {{"incident_id", id}});
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O1"}})),
              "conflict");
}

TEST(Contacts, RepeatCountPromptsReferralAndNoIdentityIsStored) {
    ProgramAgency p;
    p.make_active("O1");
    const Json first = p.as("O1", one_role().peer_supporter, "contact.log",
                            {{"category", "career_issues"}, {"minutes", 30}});
    EXPECT_EQ(first.at("referral_prompt"), false);
    EXPECT_EQ(first.at("suggestions"), Json::array());
    EXPECT_EQ(p.as("O1", one_role().peer_supporter, "contact.log",
                   {{"category", "career_issues"}, {"minutes", 20}, {"repeat_count", 2}})
                  .at("referral_prompt"),
              false);
    const Json third = p.as("O1", one_role().peer_supporter, "contact.log",
                            {{"category", "relationship_issues"},
                             {"minutes", 45},
                             {"referrals", {"eap"}},
                             {"repeat_count", 3}});
    EXPECT_EQ(third.at("referral_prompt"), true);
    EXPECT_EQ(third.at("suggestions"), Json::array({"clinician", "chaplain", "another_psp"}));
    // There is no field for the person: naming them is refused.
    EXPECT_EQ(
        code_of(p.refused("O1", one_role().peer_supporter, "contact.log",
                          {{"category", "career_issues"}, {"minutes", 5}, {"employee_id", "O2"}})),
        "invalid_request");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM contacts"), 3);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM contacts WHERE repeat_contact = 1"), 2);
    for (const char *id :
         {"CHIEF", "LT1", "LT2", "SGT1", "SGT2", "O1", "O2", "O3", "O4", "O5", "D1", "D2", "X1"}) {
        EXPECT_EQ(
            p.t.count(std::string("SELECT COUNT(*) FROM contacts WHERE quarter LIKE '%") + id +
                      "%' OR category LIKE '%" + id + "%' OR referrals LIKE '%" + id + "%'"),
            0)
            << id;
    }
    EXPECT_EQ(p.t.columns_named_like("contacts", {"employee", "psp", "recipient", "token", "hash"}),
              std::vector<std::string>{});
    EXPECT_FALSE(p.t.columns("contacts").empty());
}

}  // namespace
