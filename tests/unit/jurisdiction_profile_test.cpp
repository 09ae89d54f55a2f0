// jurisdiction_profile_test.cpp: the shipped jurisdiction profiles and the agency's own: each
// shipped file passes the schema and the checks and says it needs the legal advisor's review;
// malformed or unknown profiles are refused naming the rule and the field; the privilege rules
// applied to facts (training lapse since a period, designation after the incident, a witness).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "domain/privilege_eligibility.hpp"
#include "instance/agency_config.hpp"
#include "instance/jurisdiction_files.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::error_from;

psp::Error refusal(const Json &policy) {
    psp_test::TempDir dir;
    const std::string config = Json{{"policy", policy}}.dump();
    return error_from(
        [&] { psp::parse_agency_config("a", dir.path().string().c_str(), config.c_str()); });
}

psp::JurisdictionProfile active(const Json &policy) {
    psp_test::TempDir dir;
    const std::string config = Json{{"policy", policy}}.dump();
    return psp::parse_agency_config("a", dir.path().string().c_str(), config.c_str()).jurisdiction;
}

Json agency_profile() {
    return {{"format", 1},
            {"id", "metro-la"},
            {"version", "1"},
            {"title", "Metro PD on Louisiana"},
            {"extends", "louisiana"},
            {"legal_review", "Reviewed by the city attorney on 2026-01-02; not legal advice."},
            {"rules",
             {{{"id", "metro-hours"},
               {"kind", "training_requirement"},
               {"initial_hours", 40},
               {"citation", "Metro PD General Order 12"},
               {"summary", "Forty hours of initial training."}}}}};
}

TEST(JurisdictionProfiles, EveryShippedProfileParsesAndNeedsLegalReview) {
    std::size_t profiles = 0;
    for (const psp::EmbeddedFile &f : psp::embedded_jurisdiction_files()) {
        if (f.name == "profile.schema.json") {
            continue;
        }
        const Json json = Json::parse(f.text);
        EXPECT_EQ(std::string(f.name), json.at("id").get<std::string>() + ".json");
        const psp::JurisdictionProfile p = psp::parse_jurisdiction_profile(json, "/x");
        EXPECT_NE(p.legal_review.find("legal advisor"), std::string::npos) << f.name;
        EXPECT_NE(p.legal_review.find("Not legal advice"), std::string::npos) << f.name;
        EXPECT_FALSE(p.confidentiality_limits.empty()) << f.name;
        for (const psp::JurisdictionRule &r : p.rules) {
            EXPECT_FALSE(r.citation.empty()) << r.id;
        }
        ++profiles;
    }
    EXPECT_EQ(profiles, 8u);
    EXPECT_EQ(psp::shipped_profile_ids(),
              (std::vector<std::string>{"california", "federal", "generic", "louisiana", "montana",
                                        "ohio", "virginia", "west_virginia"}));
}

TEST(JurisdictionProfiles, GenericIsTheDefaultAndStatesExtendIt) {
    EXPECT_EQ(active(Json::object()).id, "generic");
    const psp::JurisdictionProfile la = active({{"jurisdiction", "louisiana"}});
    EXPECT_EQ(la.lineage, (std::vector<std::string>{"generic", "louisiana"}));
    EXPECT_TRUE(la.has(psp::RuleKind::designated_before_incident));
    EXPECT_TRUE(la.has(psp::RuleKind::written_procedures));  // IACP 3.5, from generic
    EXPECT_EQ(la.rules.front().profile_id, "generic");
}

TEST(JurisdictionProfiles, AnAgencyProfileExtendsAShippedOne) {
    const psp::JurisdictionProfile p = active({{"jurisdiction_profile", agency_profile()}});
    EXPECT_EQ(p.lineage, (std::vector<std::string>{"generic", "louisiana", "metro-la"}));
    EXPECT_EQ(p.rules.back().id, "metro-hours");
    EXPECT_EQ(p.rules.back().initial_minutes, 40 * 60);
}

TEST(JurisdictionProfiles, AnUnknownProfileIsRefusedListingTheShippedOnes) {
    const psp::Error e = refusal({{"jurisdiction", "texas"}});
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/config/policy/jurisdiction");
    EXPECT_NE(std::string(e.what()).find("texas"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("west_virginia"), std::string::npos);
}

TEST(JurisdictionProfiles, MalformedProfilesAreRefusedNamingTheRuleAndField) {
    const std::string at = "/config/policy/jurisdiction_profile";
    struct Case {
        std::function<void(Json &)> edit;
        std::string field, says;
    };
    const std::vector<Case> cases = {
        {[](Json &p) { p["rules"][0]["kind"] = "vibes"; }, at + "/rules/0/kind", "'metro-hours'"},
        {[](Json &p) { p["rules"][0].erase("citation"); }, at + "/rules/0", "'metro-hours'"},
        {[](Json &p) { p["rules"][0]["colour"] = "red"; }, at + "/rules/0/colour", "colour"},
        {[](Json &p) { p["rules"][0]["kind"] = "contact_24h"; }, at + "/rules/0/initial_hours",
         "training_requirement only"},
        {[](Json &p) {
             p["rules"][0]["kind"] = "not_involved_in_incident";
             p["rules"][0].erase("initial_hours");
         },
         at + "/rules/0/involvement", "needs 'involvement'"},
        {[](Json &p) { p["rules"][0]["id"] = "la-designated"; }, at + "/rules/0/id", "used twice"},
        {[](Json &p) { p["rules"][0]["id"] = "bad id"; }, at + "/rules/0/id", "'bad id'"},
        {[](Json &p) { p["extends"] = "texas"; }, at + "/extends", "unknown profile 'texas'"},
        {[](Json &p) {
             p["id"] = "ohio";
             p.erase("extends");
         },
         at + "/id", "shipped profile"},
        {[](Json &p) { p.erase("legal_review"); }, at, "legal_review"},
        {[](Json &p) { p["format"] = 2; }, at + "/format", ""},
        {[](Json &p) {
             p["roster"] = {{"fields", {"phone"}}, {"citation", "x"}};
         },
         at + "/roster/fields/0", ""},
    };
    for (const Case &c : cases) {
        Json profile = agency_profile();
        c.edit(profile);
        const psp::Error e = refusal({{"jurisdiction_profile", profile}});
        EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request) << profile.dump();
        EXPECT_EQ(e.field(), c.field) << e.what();
        EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos) << e.what();
    }
    const psp::Error e =
        refusal({{"jurisdiction", "ohio"}, {"jurisdiction_profile", agency_profile()}});
    EXPECT_EQ(e.field(), "/config/policy/jurisdiction");
}

// The domain rules on facts alone.
class PrivilegeRules : public ::testing::Test {
  protected:
    psp::JurisdictionProfile la = active({{"jurisdiction", "louisiana"}});
    psp::PspPrivilegeFacts facts;
    void SetUp() override { facts.designated_on = psp::parse_iso_date("2027-01-10"); }
    psp::IncidentPrivilegeFacts on(const char *day) { return {*psp::parse_iso_date(day), {}}; }
};

TEST_F(PrivilegeRules, LapsedTrainingFailsSinceTheFirstUnmetPeriod) {
    facts.training = psp::ComplianceState::lapsed;
    facts.overdue_since = psp::parse_iso_date("2027-04-01");
    const auto r = psp::privilege_eligibility(la, facts, nullptr);
    ASSERT_FALSE(r.eligible);
    ASSERT_EQ(r.failures.size(), 2u);  // generic's iacp-training and la-training
    EXPECT_EQ(r.failures[0].reason, "training requirement not met since 2027-Q1");
    EXPECT_EQ(r.failures[0].since, "2027-04-01");
    facts.training = psp::ComplianceState::overdue;  // overdue: still within grace for "lapsed"
    EXPECT_TRUE(psp::privilege_eligibility(la, facts, nullptr).eligible);
    EXPECT_FALSE(psp::privilege_eligibility(active({{"jurisdiction", "ohio"}}), facts, nullptr)
                     .eligible);  // Ohio's rule fails as soon as overdue
}

TEST_F(PrivilegeRules, LouisianaNeedsDesignationBeforeTheIncident) {
    const auto before = on("2027-01-05");
    const auto r = psp::privilege_eligibility(la, facts, &before);
    ASSERT_EQ(r.failures.size(), 1u);
    EXPECT_EQ(r.failures[0].rule_id, "la-designated");
    EXPECT_EQ(r.failures[0].reason.rfind("designated after the incident", 0), 0u);
    const auto after = on("2027-02-01");
    EXPECT_TRUE(psp::privilege_eligibility(la, facts, &after).eligible);
    EXPECT_TRUE(psp::privilege_eligibility(active(Json::object()), facts, &before).eligible);
}

TEST_F(PrivilegeRules, LouisianaDeniesAWitnessResponderOrPartyButNotOtherInvolvement) {
    auto incident = on("2027-02-01");
    for (auto kind : {psp::Involvement::witness, psp::Involvement::responder,
                      psp::Involvement::party, psp::Involvement::unspecified}) {
        incident.psp_involvement = kind;
        const auto r = psp::privilege_eligibility(la, facts, &incident);
        ASSERT_EQ(r.failures.size(), 1u);
        EXPECT_EQ(r.failures[0].rule_id, "la-not-involved");
    }
    incident.psp_involvement = psp::Involvement::witness;
    EXPECT_EQ(psp::privilege_eligibility(la, facts, &incident).failures[0].reason,
              "witness in the incident");
    incident.psp_involvement = psp::Involvement::other;
    EXPECT_TRUE(psp::privilege_eligibility(la, facts, &incident).eligible);
}

}  // namespace
