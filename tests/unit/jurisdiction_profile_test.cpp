// jurisdiction_profile_test.cpp: the shipped jurisdiction profiles and the agency's own: each
// shipped file passes the schema and the checks and says it needs the legal advisor's review;
// malformed or unknown profiles are refused naming the rule and the field; the privilege rules
// applied to facts (training lapse since a period, designation after the incident, a witness).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "plugin/config/agency_config.hpp"
#include "plugin/config/jurisdiction_files.hpp"
#include "plugin/core/error.hpp"
#include "plugin/domain/privilege_eligibility.hpp"
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

std::vector<std::string> shipped_ids() {
    return {"california", "colorado",  "federal",    "florida",      "generic",
            "illinois",   "louisiana", "montana",    "new_york",     "ohio",
            "texas",      "virginia",  "washington", "west_virginia"};
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
        EXPECT_TRUE(json.contains("protection")) << f.name << ": says what the law protects";
        for (const psp::JurisdictionRule &r : p.rules) {
            EXPECT_FALSE(r.citation.empty()) << r.id;
        }
        ++profiles;
    }
    EXPECT_EQ(profiles, shipped_ids().size());
    EXPECT_EQ(psp::shipped_profile_ids(), shipped_ids());
}

// Issue 24, item 1: each rule and each limit carries its citation, the source it was checked
// against, the law's status and the date it was verified; each rule says what it rests on.
TEST(JurisdictionProfiles, EveryRuleAndLimitRestsOnASource) {
    const std::set<std::string> statuses = {"enacted", "passed_not_confirmed", "pending", "failed",
                                            "not_law"};
    auto check_source = [&](const Json &owner, const std::string &where) {
        ASSERT_TRUE(owner.contains("source")) << where << " has no source";
        const Json &s = owner.at("source");
        EXPECT_EQ(s.at("url").get<std::string>().rfind("http", 0), 0u) << where;
        EXPECT_TRUE(statuses.count(s.at("status").get<std::string>())) << where;
        EXPECT_GE(s.at("verified").get<std::string>().size(), 7u) << where;
    };
    for (const std::string &id : shipped_ids()) {
        const Json &json = *psp::shipped_profile_json(id);
        check_source(json.at("protection"), id + " protection");
        for (const Json &r : json.at("rules")) {
            const std::string where = id + " rule " + r.at("id").get<std::string>();
            EXPECT_TRUE(r.contains("basis")) << where << " does not say what it rests on";
            check_source(r, where);
        }
        for (const char *list : {"confidentiality_limits", "open_questions"}) {
            for (const Json &l : json.value(list, Json::array())) {
                // Only a limit that is the agency's policy (CIRMA's advice) may lack a law.
                if (l.value("basis", "") != "agency_policy") {
                    check_source(l, id + " " + list + ": " + l.at("text").get<std::string>());
                }
            }
        }
    }
}

// A wrong "yes" is the worst error: only an enacted testimonial privilege answers "privileged".
TEST(JurisdictionProfiles, OnlyAnEnactedTestimonialPrivilegeIsClaimed) {
    std::set<std::string> claiming;
    for (const std::string &id : shipped_ids()) {
        if (id == "federal") {
            continue;  // needs policy.federal_agency
        }
        if (active({{"jurisdiction", id}}).protection.claims_privilege()) {
            claiming.insert(id);
        }
    }
    EXPECT_EQ(claiming, (std::set<std::string>{"california", "colorado", "florida", "louisiana",
                                               "virginia", "washington"}));
}

TEST(JurisdictionProfiles, WestVirginiaMakesNoPrivilegeClaim) {
    const psp::JurisdictionProfile wv = active({{"jurisdiction", "west_virginia"}});
    EXPECT_EQ(wv.protection.kind, psp::ProtectionKind::none);
    ASSERT_TRUE(wv.protection.source);
    EXPECT_EQ(wv.protection.source->status, psp::LawStatus::failed);
    psp::PspPrivilegeFacts trained;
    trained.designated_on = psp::parse_iso_date("2027-01-10");
    const auto r = psp::privilege_eligibility(wv, trained, nullptr);
    EXPECT_TRUE(r.meets_requirements);
    EXPECT_FALSE(r.eligible);
    EXPECT_EQ(r.answer.rfind("no statutory privilege", 0), 0u) << r.answer;
    bool says_so = false;
    for (const psp::ConfidentialityLimit &l : wv.confidentiality_limits) {
        says_so |= l.profile_id == "west_virginia" &&
                   l.text.find("no law that makes what you tell a peer supporter privileged") !=
                       std::string::npos;
        EXPECT_EQ(l.text.find("are privileged"), std::string::npos) << l.text;
    }
    EXPECT_TRUE(says_so);
}

// The IACP guidelines and public-records confidentiality are not a privilege either.
TEST(JurisdictionProfiles, GenericAndTexasAnswerWithoutClaimingAPrivilege) {
    const psp::PspPrivilegeFacts trained;
    const auto generic = psp::privilege_eligibility(active(Json::object()), trained, nullptr);
    EXPECT_FALSE(generic.eligible);
    EXPECT_EQ(generic.answer.rfind("no statutory privilege", 0), 0u) << generic.answer;
    const psp::JurisdictionProfile tx = active({{"jurisdiction", "texas"}});
    EXPECT_EQ(tx.protection.kind, psp::ProtectionKind::public_records_confidentiality);
    const auto texas = psp::privilege_eligibility(tx, trained, nullptr);
    EXPECT_TRUE(texas.meets_requirements);
    EXPECT_FALSE(texas.eligible);
    EXPECT_EQ(texas.answer.rfind("no testimonial privilege", 0), 0u) << texas.answer;
}

TEST(JurisdictionProfiles, TheFederalProfileAppliesOnlyToAFederalAgency) {
    const psp::Error e = refusal({{"jurisdiction", "federal"}});
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/config/policy/jurisdiction");
    EXPECT_NE(std::string(e.what()).find("policy.federal_agency"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Federal agency"), std::string::npos) << e.what();
    const psp::JurisdictionProfile f =
        active({{"jurisdiction", "federal"}, {"federal_agency", true}});
    EXPECT_TRUE(f.has(psp::RuleKind::designated_by_agency));
    EXPECT_TRUE(f.has(psp::RuleKind::notice_before_first_session));
    // An agency's own profile on top of the federal one is held to the same scope.
    Json own = agency_profile();
    own["extends"] = "federal";
    own["rules"][0]["id"] = "own-hours";
    EXPECT_EQ(refusal({{"jurisdiction_profile", own}}).field(), "/config/policy/jurisdiction");
}

// Rules stricter than the statute are the agency's policy (or the IACP's recommendation), never
// "the law requires".
TEST(JurisdictionProfiles, RulesStricterThanTheLawAreMarkedAgencyPolicy) {
    const std::map<std::string, std::pair<std::string, std::string>> stricter = {
        {"federal-training", {"federal", "agency_policy"}},
        {"la-training", {"louisiana", "agency_policy"}},
        {"ca-training", {"california", "agency_policy"}},
        {"oh-training", {"ohio", "agency_policy"}},
        {"iacp-training", {"generic", "iacp_recommendation"}},
        {"iacp-quarterly-training", {"generic", "iacp_recommendation"}}};
    for (const auto &[rule_id, expected] : stricter) {
        Json policy = {{"jurisdiction", expected.first}, {"federal_agency", true}};
        const psp::JurisdictionProfile p = active(policy);
        const std::string &wanted = rule_id;  // clang 14 cannot capture a structured binding
        const auto rule =
            std::find_if(p.rules.begin(), p.rules.end(),
                         [&](const psp::JurisdictionRule &r) { return r.id == wanted; });
        ASSERT_NE(rule, p.rules.end()) << rule_id;
        EXPECT_EQ(psp::rule_basis_name(rule->basis), expected.second) << rule_id;
    }
    for (const std::string &id : shipped_ids()) {
        for (const Json &r : psp::shipped_profile_json(id)->at("rules")) {
            const std::string text = r.at("summary").get<std::string>();
            EXPECT_EQ(text.find("law requires"), std::string::npos) << id << ": " << text;
        }
    }
    // An agency rule that names no basis is its own policy, not the law.
    EXPECT_EQ(active({{"jurisdiction_profile", agency_profile()}}).rules.back().basis,
              psp::RuleBasis::agency_policy);
}

TEST(JurisdictionProfiles, EveryProfileCarriesTheIacp310PointAndCorrectCitations) {
    for (const std::string &id : shipped_ids()) {
        const psp::JurisdictionProfile p = active({{"jurisdiction", id}, {"federal_agency", true}});
        bool investigation = false;
        for (const psp::ConfidentialityLimit &l : p.confidentiality_limits) {
            investigation |= l.citation == "IACP Peer Support Guidelines 3.10" &&
                             l.text.find("investigation") != std::string::npos;
            // "Admission of a crime" is CIRMA's advice (reference 003), not the IACP's.
            if (l.citation.rfind("IACP", 0) == 0) {
                EXPECT_EQ(l.text.find("crime"), std::string::npos) << id << ": " << l.text;
            }
        }
        EXPECT_TRUE(investigation) << id << " lacks the 3.10 point";
        EXPECT_NE(p.legal_review.find("legal advisor"), std::string::npos) << id;
    }
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
    const psp::Error e = refusal({{"jurisdiction", "nevada"}});
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/config/policy/jurisdiction");
    EXPECT_NE(std::string(e.what()).find("nevada"), std::string::npos);
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
        {[](Json &p) { p["extends"] = "nevada"; }, at + "/extends", "unknown profile 'nevada'"},
        {[](Json &p) { p["rules"][0]["basis"] = "hunch"; }, at + "/rules/0/basis", "'metro-hours'"},
        {[](Json &p) {
             p["rules"][0]["source"] = {
                 {"url", "ftp://x"}, {"status", "enacted"}, {"verified", "2026"}};
         },
         at + "/rules/0/source/url", "'metro-hours'"},
        {[](Json &p) {
             p["protection"] = {{"kind", "maybe"}, {"citation", "x"}, {"summary", "y"}};
         },
         at + "/protection/kind", ""},
        {[](Json &p) { p["rules"][0]["incident_categories"] = {"post_critical_incident"}; },
         at + "/rules/0/incident_categories", "critical_incident_only only"},
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
    // The generic profile has no designation rule (and, being no law, claims no privilege).
    EXPECT_TRUE(
        psp::privilege_eligibility(active(Json::object()), facts, &before).meets_requirements);
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

TEST_F(PrivilegeRules, CaliforniaRefusesASupporterWhoWasAParticipantOrWitness) {
    const psp::JurisdictionProfile ca = active({{"jurisdiction", "california"}});
    auto incident = on("2027-02-01");
    EXPECT_TRUE(psp::privilege_eligibility(ca, facts, &incident).eligible);
    for (auto kind : {psp::Involvement::witness, psp::Involvement::responder,
                      psp::Involvement::party, psp::Involvement::other}) {
        incident.psp_involvement = kind;
        const auto r = psp::privilege_eligibility(ca, facts, &incident);
        EXPECT_FALSE(r.eligible);
        ASSERT_EQ(r.failures.size(), 1u);
        EXPECT_EQ(r.failures[0].rule_id, "ca-not-involved");
        EXPECT_EQ(r.failures[0].citation, "Cal. Gov. Code 8669.5(c)");
    }
    EXPECT_EQ(ca.protection.citation, "Cal. Gov. Code 8669.4");
    std::string limits;
    for (const psp::ConfidentialityLimit &l : ca.confidentiality_limits) {
        limits += l.text + "\n";
    }
    EXPECT_NE(limits.find("criminal proceeding"), std::string::npos) << limits;
    EXPECT_NE(limits.find("juvenile delinquency proceeding"), std::string::npos) << limits;
    EXPECT_NE(limits.find("prevent death, bodily harm or a crime"), std::string::npos) << limits;
    EXPECT_NE(limits.find("written consent"), std::string::npos) << limits;
}

TEST_F(PrivilegeRules, VirginiaCoversOnlyACriticalIncidentAndNeverAWitnessOrParty) {
    const psp::JurisdictionProfile va = active({{"jurisdiction", "virginia"}});
    // Day-to-day support: no critical incident, no privilege, though the PSP meets every condition.
    const auto general = psp::privilege_eligibility(va, facts, nullptr);
    EXPECT_TRUE(general.meets_requirements);
    EXPECT_FALSE(general.eligible);
    ASSERT_EQ(general.failures.size(), 1u);
    EXPECT_EQ(general.failures[0].rule_id, "va-critical-incident");
    auto incident = on("2027-02-01");
    incident.category = "post_critical_incident";
    EXPECT_TRUE(psp::privilege_eligibility(va, facts, &incident).eligible);
    incident.category = "hospital_visitation";
    EXPECT_FALSE(psp::privilege_eligibility(va, facts, &incident).eligible);
    incident.category = "on_scene_support";
    for (auto kind : {psp::Involvement::witness, psp::Involvement::party}) {
        incident.psp_involvement = kind;
        const auto r = psp::privilege_eligibility(va, facts, &incident);
        EXPECT_FALSE(r.eligible);
        EXPECT_FALSE(r.meets_requirements);
        EXPECT_EQ(r.failures.at(0).rule_id, "va-not-witness");
    }
    // The accreditation items cite the accreditation criteria, not the privilege statute.
    for (const psp::JurisdictionRule &r : va.rules) {
        if (r.kind == psp::RuleKind::contact_24h || r.kind == psp::RuleKind::meetings_quarterly) {
            EXPECT_EQ(r.citation, "Va. Code 32.1-111.3(A)(13)");
            EXPECT_EQ(r.basis, psp::RuleBasis::accreditation_criterion);
        }
    }
    std::string limits;
    for (const psp::ConfidentialityLimit &l : va.confidentiality_limits) {
        limits += l.text + "\n";
    }
    EXPECT_NE(limits.find("criminal activity is revealed"), std::string::npos) << limits;
}

TEST_F(PrivilegeRules, LouisianaNamesTheCommissionApprovalAndTheIntendedCrimeException) {
    EXPECT_TRUE(std::any_of(la.rules.begin(), la.rules.end(), [](const psp::JurisdictionRule &r) {
        return r.citation == "La. R.S. 40:2411" && r.kind == psp::RuleKind::agency_confirms;
    }));
    EXPECT_TRUE(std::any_of(la.confidentiality_limits.begin(), la.confidentiality_limits.end(),
                            [](const psp::ConfidentialityLimit &l) {
                                return l.citation == "La. C.E. art. 518(A)(2)(b)";
                            }));
}

TEST(JurisdictionProfiles, MontanaAndOhioSayWhatWasMissingOrUnverified) {
    const psp::JurisdictionProfile mt = active({{"jurisdiction", "montana"}});
    auto says = [](const std::vector<psp::ConfidentialityLimit> &list, const std::string &text) {
        return std::any_of(list.begin(), list.end(), [&](const psp::ConfidentialityLimit &l) {
            return l.text.find(text) != std::string::npos;
        });
    };
    EXPECT_TRUE(says(mt.confidentiality_limits, "licensing board"));
    EXPECT_TRUE(says(mt.open_questions, "contact log"));
    EXPECT_TRUE(std::any_of(mt.rules.begin(), mt.rules.end(), [](const psp::JurisdictionRule &r) {
        return r.id == "mt-written-policy" && r.summary.find("HIPAA") != std::string::npos;
    }));
    const psp::JurisdictionProfile oh = active({{"jurisdiction", "ohio"}});
    EXPECT_FALSE(oh.protection.claims_privilege());  // HB 545's signing was not found
    EXPECT_TRUE(says(oh.open_questions, "exceptions"));
    EXPECT_TRUE(std::any_of(oh.rules.begin(), oh.rules.end(), [](const psp::JurisdictionRule &r) {
        return r.id == "oh-members" && r.kind == psp::RuleKind::agency_confirms;
    }));
}

}  // namespace
