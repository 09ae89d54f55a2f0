// role_scoped_answers_test.cpp: attacks by callers the role matrix lets in, asking about someone
// else (issue 20, items 2, 7 and 10(c)). A PSP probing their pairs for who else was in an
// incident, a clinician probing for who is on leave or under review, someone holding the host's
// peer_supporter role without being on the team, an employee recommending or nominating a
// colleague to read their program status; and a sweep of every method as every role that is not
// granted program records, over a program full of secrets, that finds none of them in any answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/methods/catalog.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

Json pair_of(const std::string &psp, const std::string &employee) {
    return {{"psp_id", psp}, {"employee_id", employee}};
}

int64_t open_scoped_incident(ProgramAgency &p, const Json &involved) {
    return p
        .as("COORD", one_role().coordinator, "incident.open",
            {{"date", "2023-11-10"},
             {"category", "post_critical_incident"},
             {"involved", involved}})
        .at("incident")
        .at("incident_id");
}

// `text` with every occurrence of `id` replaced, so two answers about different people compare.
std::string without(std::string text, const std::string &id) {
    return std::regex_replace(text, std::regex("\\b" + id + "\\b"), "<ID>");
}

std::string message(const psp::Error &e) {
    return e.what();
}

TEST(ConflictAnswers, APspNeverLearnsWhoElseWasInAnIncident) {
    ProgramAgency p;
    p.make_active("O1");
    open_scoped_incident(p, {"O1", "O2"});
    // The coordinator, who assigns, sees the rule.
    EXPECT_EQ(
        p.as("COORD", one_role().coordinator, "conflict.check", pair_of("O1", "O2")).at("rules"),
        Json::array({"same_incident"}));
    // O1 checking their own pairs cannot tell O2 (involved) from O3 (not).
    const Json involved =
        p.as("O1", one_role().peer_supporter, "conflict.check", pair_of("O1", "O2"));
    const Json uninvolved =
        p.as("O1", one_role().peer_supporter, "conflict.check", pair_of("O1", "O3"));
    EXPECT_EQ(involved.at("conflict"), false) << involved;
    EXPECT_EQ(without(involved.dump(), "O2"), without(uninvolved.dump(), "O3"));
    EXPECT_EQ(involved.dump().find("incident"), std::string::npos) << involved;
    const Json bulk = p.as("O1", one_role().peer_supporter, "conflict.check_bulk",
                           {{"pairs", {pair_of("O1", "O2"), pair_of("O1", "O3")}}});
    EXPECT_EQ(without(bulk.at("results")[0].dump(), "O2"),
              without(bulk.at("results")[1].dump(), "O3"));
    // The answer says what it considered, so nobody takes it for the coordinator's.
    EXPECT_EQ(std::count(involved.at("considered").begin(), involved.at("considered").end(),
                         "same_incident"),
              0);
}

TEST(ConflictAnswers, AClinicianLearnsOnlyAllowedOrNot) {
    ProgramAgency p;
    for (const char *id : {"O1", "O4", "O5"}) {
        p.make_active(id);
    }
    p.as("O4", one_role().peer_supporter, "leave.start");
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O1"}, {"grounds", "breach_of_confidentiality"}});
    p.as("O5", one_role().peer_supporter, "conflict.declare",
         {{"employee_id", "D1"}, {"category", "family"}});
    open_scoped_incident(p, {"O5", "D2"});
    const auto ask = [&](const std::string &psp, const std::string &employee) {
        return p.as("CLIN", one_role().clinician, "conflict.check", pair_of(psp, employee));
    };
    // On leave, under review, or not on the team at all: the same "no", with no reason.
    const Json on_leave = ask("O4", "D1"), under_review = ask("O1", "D1"), never = ask("O2", "D1");
    EXPECT_EQ(on_leave.at("conflict"), true);
    EXPECT_EQ(without(on_leave.dump(), "O4"), without(under_review.dump(), "O1"));
    EXPECT_EQ(without(on_leave.dump(), "O4"), without(never.dump(), "O2"));
    for (const Json &answer : {on_leave, under_review, never}) {
        EXPECT_FALSE(answer.contains("rules")) << answer;
        for (const char *secret : {"leave", "review", "not_a_psp"}) {
            EXPECT_EQ(answer.dump().find(secret), std::string::npos) << answer;
        }
    }
    // A declaration and an incident are not the clinician's to know: O5 with D1 (declared) and
    // with D2 (same incident) read like O5 with D3... with anyone unrelated.
    const Json declared = ask("O5", "D1"), incident = ask("O5", "D2"), plain = ask("O5", "X1");
    EXPECT_EQ(without(declared.dump(), "D1"), without(plain.dump(), "X1"));
    EXPECT_EQ(without(incident.dump(), "D2"), without(plain.dump(), "X1"));
    EXPECT_EQ(declared.dump().find("family"), std::string::npos);
    // The chain of command is the org chart's, not a secret: still a "no".
    EXPECT_EQ(ask("O5", "SGT2").at("conflict"), true);
}

TEST(ConflictAnswers, TheHostRoleAloneGetsNoAnswer) {
    ProgramAgency p;
    p.make_active("O1");
    open_scoped_incident(p, {"O2", "O3"});
    const long long rows_before = p.program_rows();
    // O2 holds the host's peer_supporter role but is not on the team.
    for (const auto &[method, params] : std::vector<std::pair<std::string, Json>>{
             {"conflict.check", pair_of("O2", "O3")},
             {"conflict.check_bulk", {{"pairs", {pair_of("O2", "O3")}}}},
             {"conflict.declare", {{"employee_id", "O3"}}},
             {"contact.log", {{"category", "career_issues"}, {"minutes", 30}}}}) {
        const psp::Error e = p.refused("O2", one_role().peer_supporter, method, params);
        EXPECT_EQ(code_of(e), "conflict") << method;
        EXPECT_EQ(e.field(), "/principal/id") << method;
        EXPECT_NE(message(e).find("not a member of the peer support team"), std::string::npos)
            << method << ": " << message(e);
        EXPECT_EQ(message(e).find("same_incident"), std::string::npos) << message(e);
    }
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM contacts"), 0);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM declared_conflicts"), 0);
    EXPECT_EQ(p.program_rows(), rows_before);
}

TEST(PspMembership, PspActionsNeedAnActiveMembership) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O4");
    const int64_t incident = open_scoped_incident(p, Json::array({"O2"}));
    p.as("COORD", one_role().coordinator, "activation.assign",
         {{"incident_id", incident}, {"employee_id", "O2"}, {"psp_id", "O1"}});
    const Json assignment = {{"incident_id", incident}, {"employee_id", "O2"}};
    p.as("O1", one_role().peer_supporter, "leave.start");
    // The leave released the assignment for reassignment: it is no longer O1's to act on.
    for (const char *method : {"activation.acknowledge", "activation.check_in"}) {
        const psp::Error e = p.refused("O1", one_role().peer_supporter, method, assignment);
        EXPECT_EQ(code_of(e), "not_found") << method;
        EXPECT_NE(message(e).find("you have no assignment with O2"), std::string::npos)
            << message(e);
    }
    const psp::Error on_leave = p.refused("O1", one_role().peer_supporter, "contact.log",
                                          {{"category", "career_issues"}, {"minutes", 30}});
    EXPECT_NE(message(on_leave).find("logging a contact needs"), std::string::npos)
        << message(on_leave);
    // Back from leave, the same calls work.
    p.as("O1", one_role().peer_supporter, "leave.end");
    p.as("COORD", one_role().coordinator, "activation.assign",
         {{"incident_id", incident}, {"employee_id", "O2"}, {"psp_id", "O1"}});
    p.as("O1", one_role().peer_supporter, "activation.acknowledge", assignment);
    p.as("O1", one_role().peer_supporter, "contact.log",
         {{"category", "career_issues"}, {"minutes", 30}});
    // A resigned PSP still holding the host's role can no longer distort the statistics.
    p.as("O4", one_role().peer_supporter, "membership.resign");
    const psp::Error resigned = p.refused("O4", one_role().peer_supporter, "contact.log",
                                          {{"category", "career_issues"}, {"minutes", 30}});
    EXPECT_NE(message(resigned).find("O4 is resigned"), std::string::npos) << message(resigned);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM contacts"), 1);
}

TEST(ProgramRecords, RecommendingOrNominatingAColleagueTellsNothingOfTheirStatus) {
    ProgramAgency p;
    p.make_active("O1");
    p.make_active("O4");
    p.as("COORD", one_role().coordinator, "review.open",
         {{"employee_id", "O4"}, {"grounds", "breach_of_confidentiality"}});
    p.apply("O3");
    p.recommend("O3", "O2");
    p.recommend("O3", "O5");
    p.attest("O3", false);  // HR's "no": O3 is not_in_good_standing
    const auto refused_recommendation = [&](const std::string &id) {
        return p.refused("SGT1", one_role().employee, "selection.recommend",
                         {{"employee_id", id}, {"given_on", "2023-11-01"}});
    };
    // Not in good standing, an active PSP, under review, never applied: one answer.
    const psp::Error standing = refused_recommendation("O3");
    EXPECT_EQ(message(standing).find("good_standing"), std::string::npos) << message(standing);
    for (const char *other : {"O1", "O4", "D1"}) {
        const psp::Error e = refused_recommendation(other);
        EXPECT_EQ(code_of(e), code_of(standing)) << other;
        EXPECT_EQ(without(message(e), other), without(message(standing), "O3")) << other;
    }
    // Nominating: under review, active, in selection: one answer, never the status.
    const auto refused_nomination = [&](const std::string &id) {
        return p.refused("SGT1", one_role().employee, "selection.nominate", {{"employee_id", id}});
    };
    const psp::Error review = refused_nomination("O4");
    EXPECT_EQ(message(review).find("review"), std::string::npos) << message(review);
    for (const char *other : {"O1", "NEW1"}) {  // NEW1: short of service (a hire date)
        EXPECT_EQ(without(message(refused_nomination(other)), other),
                  without(message(review), "O4"))
            << other;
    }
    // The coordinator still gets the reason.
    EXPECT_NE(message(p.refused("COORD", one_role().coordinator, "selection.nominate",
                                {{"employee_id", "O4"}}))
                  .find("under_review"),
              std::string::npos);
    // A successful recommendation shows the recommender the candidate's id and status only: not
    // how many others recommended, nor the cycle or path (a second cycle, a reinstatement).
    p.apply("D1");
    const Json given = p.as("SGT1", one_role().employee, "selection.recommend",
                            {{"employee_id", "D1"}, {"given_on", "2023-11-01"}});
    EXPECT_EQ(given.at("member"),
              Json({{"employee_id", "D1"}, {"status", "awaiting_recommendations"}}));
    EXPECT_FALSE(given.contains("recommendations")) << given;
}

TEST(ProgramRecords, AClinicianRecordingAnInterviewLearnsNoStanding) {
    ProgramAgency p;
    p.make_active("O1");
    p.apply("O3");
    p.recommend("O3", "O2");
    p.recommend("O3", "O5");
    p.attest("O3", false);
    const psp::Error e = p.refused("CLIN", one_role().clinician, "selection.record_interview",
                                   {{"employee_id", "O3"},
                                    {"held_on", "2023-11-03"},
                                    {"suitable", true},
                                    {"ratings",
                                     {{"maturity", 4},
                                      {"judgment", 4},
                                      {"ethics", 5},
                                      {"credibility", 4},
                                      {"education_training", 3}}},
                                    {"panel", psp_test::default_panel("O1")}});
    EXPECT_EQ(code_of(e), "conflict");
    EXPECT_EQ(message(e).find("good_standing"), std::string::npos) << message(e);
}

// ---- 10(c): every method as every role not granted program records.

// A program full of secrets: who is on leave or under review, a declared conflict and its
// category, who was in an incident with whom, who HR found not in good standing, who was
// deselected. Without secrets: the same people in the same steps, with none of that.
struct Program {
    ProgramAgency p;
    int64_t incident = 0;

    explicit Program(bool secrets) {
        for (const char *id : {"O1", "O4", "O5", "D1", "D2"}) {
            p.make_active(id);
        }
        if (secrets) {
            p.as("O4", one_role().peer_supporter, "leave.start");
            p.as("COORD", one_role().coordinator, "review.open",
                 {{"employee_id", "O5"}, {"grounds", "breach_of_confidentiality"}});
            p.as("D1", one_role().peer_supporter, "conflict.declare",
                 {{"employee_id", "O2"}, {"category", "financial"}});
            p.as("COORD", one_role().coordinator, "review.open",
                 {{"employee_id", "D2"}, {"grounds", "other"}});
            p.as("COORD", one_role().coordinator, "review.decide",
                 {{"employee_id", "D2"}, {"outcome", "deselected"}, {"decided_on", "2023-11-06"}});
        }
        p.apply("O3");
        p.recommend("O3", "O2");
        p.recommend("O3", "SGT1");
        p.attest("O3", !secrets);
        incident = open_scoped_incident(
            p, secrets ? Json::array({"O1", "O2", "X1"}) : Json::array({"O1"}));
    }
};

// Words that say something about a person's program record or an incident.
const std::vector<std::string> &secret_words() {
    static const std::vector<std::string> words = {
        "on_leave", "under_review", "deselected", "good_standing", "breach",          "financial",
        "declared", "incident",     "involved",   "reinstatement", "psp_unavailable", "not_a_psp",
        "O2",       "X1",           "review"};
    return words;
}

// Param sets that name the people holding the secrets, in every shape the methods take; only
// those whose keys the method's schema knows (anything else is refused before it is read).
std::vector<Json> probing_params(const psp::MethodSpec &spec, int64_t incident) {
    std::vector<Json> shapes = {Json::object(), {{"incident_id", incident}}};
    for (const char *id : {"O2", "O3", "O4", "O5", "D1", "D2", "X1"}) {
        shapes.push_back({{"employee_id", id}});
        shapes.push_back({{"employee_id", id}, {"given_on", "2023-11-01"}});
        shapes.push_back({{"psp_id", id}});
        shapes.push_back(pair_of(id, "O2"));
        shapes.push_back(pair_of("O1", id));
        shapes.push_back({{"pairs", {pair_of(id, "O2"), pair_of("O1", id), pair_of(id, "X1")}}});
        shapes.push_back({{"incident_id", incident}, {"employee_id", id}});
    }
    const Json properties = spec.params_schema.value("properties", Json::object());
    std::vector<Json> out;
    for (const Json &q : shapes) {
        bool known = true;
        for (const auto &[key, value] : q.items()) {
            known = known && properties.contains(key);
        }
        if (known) {
            out.push_back(q);
        }
    }
    return out;
}

std::string answer(ProgramAgency &p, const std::string &who, psp::Role role,
                   const std::string &method, const Json &params) {
    try {
        return p.as(who, {std::string(psp::role_name(role))}, method, params).dump();
    } catch (const psp::Error &e) {
        return e.what();
    }
}

bool has_word(const std::string &text, const std::string &word) {
    return std::regex_search(text, std::regex("\\b" + word + "\\b"));
}

// The same calls on the program with secrets and on the one without: a word about someone's
// record that only the first answer carries is a leak. Static documents (plugin.info's schemas,
// the training catalogue) read the same in both and so never count.
TEST(NeedToKnow, NoMethodTellsARoleAboutAThirdPartyBeyondTheRoleMatrix) {
    Program secret(true), plain(false);
    ASSERT_EQ(secret.incident, plain.incident);
    // Who calls as each role: O1 is an active PSP (in the incident, with O2 and X1 where there
    // are secrets); SGT1 is uninvolved in everything. Calls that change the caller's own
    // membership are left out so the caller stays what they are.
    const std::vector<std::pair<psp::Role, std::string>> callers = {
        {psp::Role::peer_supporter, "O1"},
        {psp::Role::employee, "SGT1"},
        {psp::Role::clinician, "CLIN"},
        {psp::Role::command_staff, "CHIEF"}};
    const std::vector<std::string> own_membership = {
        "leave.start",        "leave.end",
        "membership.resign",  "selection.apply",
        "selection.withdraw", "selection.respond_nomination",
        "conflict.declare",   "conflict.withdraw_declaration"};
    int answers = 0;
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        if (std::count(own_membership.begin(), own_membership.end(), spec->name) != 0) {
            continue;
        }
        for (const auto &[role, who] : callers) {
            if (!spec->roles.contains(role)) {
                continue;
            }
            for (const Json &q : probing_params(*spec, secret.incident)) {
                const std::string told = answer(secret.p, who, role, spec->name, q);
                const std::string baseline = answer(plain.p, who, role, spec->name, q);
                for (const std::string &word : secret_words()) {
                    if (has_word(told, word) && !has_word(baseline, word) &&
                        q.dump().find(word) == std::string::npos) {
                        ADD_FAILURE()
                            << spec->name << " as " << psp::role_name(role) << " (" << who
                            << ") with " << q.dump() << " tells \"" << word << "\": " << told
                            << "\n  where there is nothing to tell: " << baseline;
                    }
                }
                ++answers;
            }
        }
    }
    EXPECT_GT(answers, 100);
    // The sweep can fail: the coordinator, who may know, is told.
    EXPECT_TRUE(has_word(
        answer(secret.p, "COORD", psp::Role::coordinator, "conflict.check", pair_of("O1", "O2")),
        "same_incident"));
}

}  // namespace
