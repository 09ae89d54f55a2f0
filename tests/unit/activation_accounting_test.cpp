// activation_accounting_test.cpp: issue 19 items 3, 4 and 6 through the dispatcher on a real
// database (ProgramAgency's 14 people): everyone involved accounted for against a window that runs
// from the incident's time, assignments a PSP is told about and can act on, many assigned at
// once, assignments released when a PSP leaves the pool, and partner agencies' PSPs as a pool.
#include <gtest/gtest.h>

#include <algorithm>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kHour = 3'600'000;
// The test clock (2023-11-14T22:13:20Z, the agency's zone is UTC): the incident was at 20:00.
constexpr int64_t kIncidentMs = 1'699'992'000'000;

Json coordinator(ProgramAgency &p, const std::string &method, const Json &params = Json::object()) {
    return p.as("COORD", one_role().coordinator, method, params);
}

int64_t open_at_eight(ProgramAgency &p, const Json &involved) {
    return coordinator(p, "incident.open",
                       {{"date", "2023-11-14"},
                        {"time", "20:00"},
                        {"category", "post_critical_incident"},
                        {"involved", involved}})
        .at("incident")
        .at("incident_id");
}

Json assign(ProgramAgency &p, int64_t incident, const std::string &employee,
            const std::string &psp) {
    return coordinator(p, "activation.assign",
                       {{"incident_id", incident}, {"employee_id", employee}, {"psp_id", psp}});
}

Json maintenance(ProgramAgency &p) {
    return p.as("IT", one_role().it_admin, "maintenance.run");
}

// incident.status's entry for `employee` in `incident`.
Json standing(ProgramAgency &p, int64_t incident, const std::string &employee) {
    const Json r = coordinator(p, "incident.status", {{"incident_id", incident}});
    for (const Json &e : r.at("incidents")[0].at("employees")) {
        if (e.at("employee_id") == employee) {
            return e;
        }
    }
    ADD_FAILURE() << employee << " not in incident.status";
    return nullptr;
}

std::vector<Json> notifications_of_kind(ProgramAgency &p, const std::string &kind) {
    std::vector<Json> out;
    for (const std::string &text : p.t.host.notifications) {
        const Json n = Json::parse(text);
        if (n.at("kind") == kind) {
            out.push_back(n);
        }
    }
    return out;
}

TEST(Accounting, WindowRunsFromTheIncidentsTimeNotTheAssignments) {
    ProgramAgency p;
    p.make_active("O1");
    const int64_t id = open_at_eight(p, {"O2", "O3"});
    p.t.host.now_ms += 10 * kHour;  // assigned ten hours later
    const Json a = assign(p, id, "O2", "O1").at("assignment");
    EXPECT_EQ(a.at("due_ms").get<int64_t>(), kIncidentMs + 72 * kHour);
    const Json status = coordinator(p, "incident.status", {{"incident_id", id}});
    EXPECT_EQ(status.at("incidents")[0].at("check_in_due_ms").get<int64_t>(),
              kIncidentMs + 72 * kHour);
    // Without a time, an incident opened days after its date counts from the end of that day.
    const Json late = coordinator(
        p, "incident.open",
        {{"date", "2023-11-10"}, {"category", "hospital_visitation"}, {"involved", {"O4"}}});
    EXPECT_EQ(late.at("incident").at("occurred_ms").get<int64_t>(),
              1'699'660'800'000 - 1);  // 2023-11-11T00:00Z less a millisecond
    // A time still to come is refused.
    const psp::Error future = p.refused("COORD", one_role().coordinator, "incident.open",
                                        {{"date", "2023-11-15"},
                                         {"time", "09:00"},
                                         {"category", "hospital_visitation"},
                                         {"involved", {"O4"}}});
    EXPECT_EQ(code_of(future), "invalid_request");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "incident.open",
                                {{"date", "2023-11-14"},
                                 {"time", "25:00"},
                                 {"category", "hospital_visitation"},
                                 {"involved", {"O4"}}})),
              "invalid_request");
}

TEST(Accounting, EveryInvolvedEmployeeIsCoveredDeclinedUncoveredOrCheckedIn) {
    ProgramAgency p;
    for (const char *id : {"O1", "O4", "D1"}) {
        p.make_active(id);
    }
    const int64_t id = open_at_eight(p, {"O2", "O3", "O5", "X1"});
    assign(p, id, "O2", "O1");
    assign(p, id, "O3", "D1");
    assign(p, id, "O5", "O4");
    p.as("O3", one_role().employee, "activation.decline", {{"incident_id", id}});
    p.as("O4", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O5"}});
    const Json r = coordinator(p, "incident.status").at("incidents");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].at("totals"),
              (Json{{"covered", 1}, {"declined", 1}, {"uncovered", 1}, {"checked_in", 1}}));
    const Json o2 = standing(p, id, "O2");
    EXPECT_EQ(o2.at("state"), "covered");
    EXPECT_EQ(o2.at("name"), "Name O2");
    EXPECT_EQ(o2.at("psp_id"), "O1");
    EXPECT_EQ(o2.at("psp_name"), "Name O1");
    EXPECT_EQ(o2.at("hours_left"), 69);  // 72 hours from 20:00, now 22:13
    EXPECT_EQ(o2.at("past_window"), false);
    EXPECT_EQ(standing(p, id, "O3").at("state"), "declined");
    EXPECT_EQ(standing(p, id, "X1").at("state"), "uncovered");
    EXPECT_EQ(standing(p, id, "O5").at("state"), "checked_in");
    EXPECT_EQ(standing(p, id, "O5").at("on_time"), true);
}

TEST(Accounting, MaintenanceTellsTheCoordinatorWhenSomeonePassesTheWindowUncovered) {
    ProgramAgency p;
    p.make_active("O1");
    const int64_t id = open_at_eight(p, {"O2", "O3", "O5"});
    assign(p, id, "O2", "O1");
    p.t.host.now_ms = kIncidentMs + 71 * kHour;
    EXPECT_EQ(maintenance(p).at("tasks").at("window_passed_uncovered"), 0);
    EXPECT_TRUE(notifications_of_kind(p, "check_in_window_passed_uncovered").empty());
    p.t.host.now_ms = kIncidentMs + 73 * kHour;
    const Json run = maintenance(p);
    EXPECT_EQ(run.at("tasks").at("window_passed_uncovered"), 2);  // O3 and O5, never assigned
    EXPECT_EQ(run.at("tasks").at("check_ins_overdue"), 1);        // O2's PSP is late
    const std::vector<Json> told = notifications_of_kind(p, "check_in_window_passed_uncovered");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].at("audience"), "coordinator");
    EXPECT_EQ(told[0].at("incident_id"), id);
    EXPECT_EQ(told[0].at("uncovered"), 2);
    std::vector<Json> activation_notices = notifications_of_kind(p, "check_in_overdue");
    activation_notices.push_back(told[0]);
    for (const Json &n : activation_notices) {
        for (const char *who : {"O1", "O2", "O3", "O5", "Name"}) {
            EXPECT_EQ(n.dump().find(who), std::string::npos) << who << " in " << n.dump();
        }
    }
    // Once per person: a second run tells nobody again.
    EXPECT_EQ(maintenance(p).at("tasks").at("window_passed_uncovered"), 0);
    EXPECT_EQ(notifications_of_kind(p, "check_in_window_passed_uncovered").size(), 1u);
    EXPECT_EQ(standing(p, id, "O3").at("past_window"), true);
    EXPECT_LT(standing(p, id, "O3").at("hours_left").get<int>(), 0);
}

TEST(Accounting, ClosingCountsCoveredUncoveredAndLate) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O4");
    const int64_t id = open_at_eight(p, {"O2", "O3", "O5"});
    assign(p, id, "O2", "O1");
    assign(p, id, "O5", "O4");
    p.as("O1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}});
    p.t.host.now_ms = kIncidentMs + 80 * kHour;
    p.as("O4", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O5"}});
    coordinator(p, "incident.close", {{"incident_id", id}});
    const Json counts = coordinator(p, "activation.stats").at("counts")[0];
    EXPECT_EQ(counts.at("involved"), 3);
    EXPECT_EQ(counts.at("covered"), 2);
    EXPECT_EQ(counts.at("uncovered"), 1);  // O3 never had a PSP
    EXPECT_EQ(counts.at("late"), 2);       // O5 checked in late, O3 never
    EXPECT_EQ(counts.at("check_ins_on_time"), 1);
    EXPECT_EQ(counts.at("check_ins_late"), 1);
}

TEST(Inbox, AssignedPspIsNotifiedWithAReferenceAndSeesTheAssignment) {
    ProgramAgency p;
    p.make_active("O1");
    const int64_t id = open_at_eight(p, {"O2"});
    p.t.host.notifications.clear();
    assign(p, id, "O2", "O1");
    ASSERT_EQ(p.t.host.notifications.size(), 1u);
    const std::string text = p.t.host.notifications[0];
    const Json n = Json::parse(text);
    EXPECT_EQ(n.at("kind"), "assignment_new");
    EXPECT_EQ(n.at("audience"), "psp");
    EXPECT_EQ(n.at("psp_id"), "O1");
    EXPECT_EQ(n.at("incident_id"), id);
    // A reference, not the story: nobody's name, not whom to support, not what happened.
    for (const char *secret : {"O2", "Name", "post_critical_incident", "Patrol"}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret;
    }
    const Json inbox = p.as("O1", one_role().peer_supporter, "activation.inbox");
    ASSERT_EQ(inbox.at("assignments").size(), 1u);
    const Json &a = inbox.at("assignments")[0];
    EXPECT_EQ(a.at("incident_id"), id);
    EXPECT_EQ(a.at("employee").at("employee_id"), "O2");
    EXPECT_EQ(a.at("employee").at("name"), "Name O2");
    EXPECT_EQ(a.at("employee").at("division"), "Patrol");
    EXPECT_EQ(a.at("employee").at("shift"), "Day");
    EXPECT_EQ(a.at("due_ms").get<int64_t>(), kIncidentMs + 72 * kHour);
    EXPECT_EQ(a.at("hours_left"), 69);
    // Another PSP's inbox is their own; an employee has none.
    p.make_active("O4");
    EXPECT_EQ(p.as("O4", one_role().peer_supporter, "activation.inbox").at("assignments"),
              Json::array());
    EXPECT_EQ(code_of(p.refused("O2", one_role().employee, "activation.inbox")), "forbidden");
    // Checked in, it leaves the inbox.
    p.as("O1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", "O2"}});
    EXPECT_EQ(p.as("O1", one_role().peer_supporter, "activation.inbox").at("assignments"),
              Json::array());
}

TEST(BulkAssign, AcceptsManyAtOnceOrNoneNamingEveryRefusedPair) {
    ProgramAgency p;
    for (const char *id : {"O1", "O4", "D1"}) {
        p.make_active(id);
    }
    const int64_t id = open_at_eight(p, {"O2", "O3", "O5", "SGT1"});
    const auto rows = [&] { return p.t.count("SELECT COUNT(*) FROM activation_assignments"); };
    const Json bad = {{"incident_id", id},
                      {"assignments",
                       {{{"employee_id", "O2"}, {"psp_id", "O1"}},
                        {{"employee_id", "SGT1"}, {"psp_id", "O1"}},
                        {{"employee_id", "O5"}, {"psp_id", "O3"}},
                        {{"employee_id", "O3"}, {"psp_id", "D1"}}}}};
    p.t.host.notifications.clear();
    const psp::Error refused =
        p.refused("COORD", one_role().coordinator, "activation.assign_bulk", bad);
    EXPECT_EQ(code_of(refused), "conflict");
    const std::string message = refused.what();
    EXPECT_NE(message.find("2 of 4"), std::string::npos) << message;
    EXPECT_NE(message.find("SGT1 with O1"), std::string::npos) << message;
    EXPECT_NE(message.find("chain_of_command"), std::string::npos) << message;
    EXPECT_NE(message.find("O5 with O3"), std::string::npos) << message;
    EXPECT_NE(message.find("not_a_psp"), std::string::npos) << message;
    EXPECT_EQ(refused.field(), "/params/assignments/1/psp_id");
    EXPECT_EQ(refused.records(), (std::vector<std::string>{"SGT1", "O5"}));
    EXPECT_EQ(rows(), 0);
    EXPECT_TRUE(p.t.host.notifications.empty());
    const Json ok = coordinator(p, "activation.assign_bulk",
                                {{"incident_id", id},
                                 {"assignments",
                                  {{{"employee_id", "O2"}, {"psp_id", "O1"}},
                                   {{"employee_id", "O5"}, {"psp_id", "O4"}},
                                   {{"employee_id", "O3"}, {"psp_id", "D1"}}}}});
    EXPECT_EQ(ok.at("assigned").size(), 3u);
    EXPECT_EQ(rows(), 3);
    EXPECT_EQ(p.t.host.notifications.size(), 3u);
    // The same employee twice in one request is refused as such.
    const psp::Error twice = p.refused("COORD", one_role().coordinator, "activation.assign_bulk",
                                       {{"incident_id", id},
                                        {"assignments",
                                         {{{"employee_id", "SGT1"}, {"psp_id", "D1"}},
                                          {{"employee_id", "SGT1"}, {"psp_id", "O4"}}}}});
    EXPECT_NE(std::string(twice.what()).find("listed twice"), std::string::npos) << twice.what();
}

TEST(Names, ProposalsAndProgramListShowNamesNextToIds) {
    ProgramAgency p;
    p.make_active("O1");
    const int64_t id = open_at_eight(p, {"O2"});
    const Json r = coordinator(p, "incident.proposals", {{"incident_id", id}});
    EXPECT_EQ(r.at("employees")[0].at("name"), "Name O2");
    EXPECT_EQ(r.at("employees")[0].at("psps")[0].at("name"), "Name O1");
    assign(p, id, "O2", "O1");
    EXPECT_EQ(coordinator(p, "incident.proposals", {{"incident_id", id}})
                  .at("employees")[0]
                  .at("assignment")
                  .at("psp_name"),
              "Name O1");
    const Json list = p.as("HR", one_role().hr_admin, "program.list");
    ASSERT_FALSE(list.at("members").empty());
    EXPECT_EQ(list.at("members")[0].at("employee_id"), "O1");
    EXPECT_EQ(list.at("members")[0].at("name"), "Name O1");
}

// Leave, resignation, a review opened and a deselection each release the PSP's open assignments:
// the person shows as uncovered and flagged, the coordinator is told (naming nobody), and another
// PSP can be assigned.
TEST(Reassignment, APspLeavingThePoolReleasesTheirOpenAssignments) {
    ProgramAgency p;
    for (const char *id : {"O1", "O4", "D1", "X1"}) {
        p.make_active(id);
    }
    const int64_t id = open_at_eight(p, {"O2", "O3", "O5", "D2"});
    assign(p, id, "O2", "O1");
    assign(p, id, "O3", "O4");
    assign(p, id, "O5", "D1");
    assign(p, id, "D2", "X1");
    p.t.host.notifications.clear();
    p.as("O1", one_role().peer_supporter, "leave.start");
    p.as("O4", one_role().peer_supporter, "membership.resign");
    coordinator(p, "review.open", {{"employee_id", "D1"}, {"grounds", "other"}});
    const std::vector<Json> told = notifications_of_kind(p, "reassignment_needed");
    ASSERT_EQ(told.size(), 3u);
    for (const Json &n : told) {
        EXPECT_EQ(n.at("audience"), "coordinator");
        EXPECT_EQ(n.at("incident_id"), id);
        EXPECT_EQ(n.at("assignments"), 1);
        for (const char *who : {"O1", "O2", "O4", "D1", "on_leave", "under_review"}) {
            EXPECT_EQ(n.dump().find(who), std::string::npos) << who;
        }
    }
    EXPECT_EQ(standing(p, id, "O2").at("state"), "uncovered");
    EXPECT_EQ(standing(p, id, "O2").at("needs_reassignment"), "on_leave");
    EXPECT_EQ(standing(p, id, "O3").at("needs_reassignment"), "resigned");
    EXPECT_EQ(standing(p, id, "O5").at("needs_reassignment"), "under_review");
    EXPECT_EQ(p.as("O1", one_role().peer_supporter, "activation.inbox").at("assignments"),
              Json::array());
    // Another PSP takes over O2; the released one no longer bars an assignment.
    assign(p, id, "O2", "X1");
    EXPECT_EQ(standing(p, id, "O2").at("state"), "covered");
    EXPECT_FALSE(standing(p, id, "O2").contains("needs_reassignment"));
    // A deselection releases what was assigned since the review opened (here: nothing) and
    // tells nobody when there is nothing to release.
    p.t.host.notifications.clear();
    coordinator(p, "review.decide",
                {{"employee_id", "D1"}, {"outcome", "deselected"}, {"decided_on", "2023-11-14"}});
    EXPECT_TRUE(notifications_of_kind(p, "reassignment_needed").empty());
    EXPECT_EQ(standing(p, id, "D2").at("state"), "covered");  // X1 still has D2 and O2
}

TEST(Partners, PartnerPspsAreAPoolOfferedWhenNoLocalPspIsEligibleAndCounted) {
    ProgramAgency p(R"({"policy": {"coverage": {"partner_agencies": ["county-psp"]}}})");
    p.make_active("O1");
    const Json added = coordinator(p, "partner.add",
                                   {{"name", "Pat Partner"},
                                    {"agency", "County Sheriff"},
                                    {"training_status", "current"},
                                    {"contact", "+1 555 0100 (county PSP line)"}});
    const int64_t partner = added.at("partner_psp").at("partner_psp_id");
    coordinator(p, "partner.add",
                {{"name", "Lee Lapsed"},
                 {"agency", "County Sheriff"},
                 {"training_status", "lapsed"},
                 {"contact", "+1 555 0101"}});
    EXPECT_EQ(coordinator(p, "partner.list").at("partner_psps").size(), 2u);
    // CHIEF: O1 is in their chain of command, so no local PSP is eligible.
    const int64_t id = open_at_eight(p, {"CHIEF", "O2"});
    const Json r = coordinator(p, "incident.proposals", {{"incident_id", id}});
    const Json &chief = r.at("employees")[0];
    EXPECT_EQ(chief.at("psps"), Json::array());
    ASSERT_EQ(chief.at("partner_psps").size(), 1u) << "only trained partners are offered";
    EXPECT_EQ(chief.at("partner_psps")[0].at("name"), "Pat Partner");
    EXPECT_EQ(chief.at("partner_psps")[0].at("contact"), "+1 555 0100 (county PSP line)");
    EXPECT_FALSE(r.at("employees")[1].contains("partner_psps")) << "O2 has O1";
    // Assigned, the partner has no account: the coordinator records the check-in.
    p.t.host.notifications.clear();
    const Json a =
        coordinator(p, "activation.assign",
                    {{"incident_id", id}, {"employee_id", "CHIEF"}, {"partner_psp_id", partner}});
    EXPECT_EQ(a.at("assignment").at("partner_psp_id"), partner);
    EXPECT_EQ(a.at("partner_psp").at("agency"), "County Sheriff");
    EXPECT_TRUE(p.t.host.notifications.empty()) << "nobody here to notify";
    EXPECT_EQ(standing(p, id, "CHIEF").at("state"), "covered");
    EXPECT_EQ(standing(p, id, "CHIEF").at("partner_psp_id"), partner);
    EXPECT_EQ(code_of(p.refused("O1", one_role().peer_supporter, "activation.check_in",
                                {{"incident_id", id}, {"employee_id", "CHIEF"}})),
              "not_found");
    coordinator(p, "activation.check_in", {{"incident_id", id}, {"employee_id", "CHIEF"}});
    EXPECT_EQ(standing(p, id, "CHIEF").at("state"), "checked_in");
    // The coordinator may not record a check-in for one of our own PSPs.
    assign(p, id, "O2", "O1");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.check_in",
                                {{"incident_id", id}, {"employee_id", "O2"}})),
              "not_found");
    EXPECT_EQ(coordinator(p, "activation.stats").at("counts")[0].at("partner_assignments"), 1);
    // A retired partner is neither offered nor assignable; psp_id and partner_psp_id exclude
    // each other.
    coordinator(p, "partner.update", {{"partner_psp_id", partner}, {"active", false}});
    const int64_t second = open_at_eight(p, {"LT1"});
    EXPECT_EQ(coordinator(p, "incident.proposals", {{"incident_id", second}})
                  .at("employees")[0]
                  .at("partner_psps"),
              Json::array());
    EXPECT_EQ(code_of(p.refused(
                  "COORD", one_role().coordinator, "activation.assign",
                  {{"incident_id", second}, {"employee_id", "LT1"}, {"partner_psp_id", partner}})),
              "not_found");
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "activation.assign",
                                {{"incident_id", second},
                                 {"employee_id", "LT1"},
                                 {"partner_psp_id", partner},
                                 {"psp_id", "O1"}})),
              "invalid_request");
    // No access to our directory follows from being a partner: there is no partner role.
    EXPECT_EQ(code_of(p.refused("COORD", one_role().coordinator, "partner.add",
                                {{"name", "X"},
                                 {"agency", "Y"},
                                 {"training_status", "current"},
                                 {"contact", "z"},
                                 {"roles", {"coordinator"}}})),
              "invalid_request");
}

// Partner PSPs are not recipients: the purge leaves them; everything this item adds about the
// people supported (window notices, released assignments) goes with the incident.
TEST(Accounting, PurgeRemovesEverythingAddedAboutThePeopleInvolved) {
    ProgramAgency p(R"({"policy": {"activation": {"retention_days": 1}}})");
    p.make_active("O1");
    const int64_t id = open_at_eight(p, {"O2", "O3"});
    assign(p, id, "O2", "O1");
    p.as("O1", one_role().peer_supporter, "leave.start");
    p.t.host.now_ms = kIncidentMs + 80 * kHour;
    maintenance(p);  // O2 and O3 pass the window uncovered
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM incident_involved WHERE window_notified = 1"), 2);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM activation_assignments WHERE status = 'released'"),
              1);
    coordinator(p, "incident.close", {{"incident_id", id}});
    p.t.host.now_ms += 2 * 24 * kHour;
    EXPECT_EQ(maintenance(p).at("tasks").at("activations_purged"), 1);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM incident_involved"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM activation_assignments"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM idempotency WHERE method LIKE 'activation.%' OR "
                        "method LIKE 'incident.%'"),
              0);
}

}  // namespace
