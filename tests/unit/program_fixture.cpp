// program_fixture.cpp: the program tests' agency and step helpers.
#include "program_fixture.hpp"
#include "plugin/methods/catalog.hpp"

#include <gtest/gtest.h>

#include "plugin/dispatch/method_catalog.hpp"
#include "test_fixtures.hpp"

namespace psp_test {
namespace {

using psp::Json;

Json person(const std::string &id, const std::string &supervisor, const std::string &division,
            const std::string &shift, const std::string &category = "sworn") {
    Json p = {
        {"id", id},       {"name", "Name " + id},  {"category", category}, {"division", division},
        {"shift", shift}, {"title", "Title " + id}};
    p["hire_date"] = id == "NEW1" ? "2023-06-01" : "2015-06-01";
    if (!supervisor.empty()) {
        p["supervisor_id"] = supervisor;
    }
    return p;
}

Json agency_records() {
    return Json::array(
        {person("CHIEF", "", "Command", "Day"), person("LT1", "CHIEF", "Patrol", "Day"),
         person("SGT1", "LT1", "Patrol", "Day"), person("O1", "SGT1", "Patrol", "Day"),
         person("O2", "SGT1", "Patrol", "Day"), person("O3", "SGT1", "Patrol", "Day"),
         person("SGT2", "LT1", "Patrol", "Night"), person("O4", "SGT2", "Patrol", "Night"),
         person("O5", "SGT2", "Patrol", "Night"), person("LT2", "CHIEF", "Investigations", "Day"),
         person("D1", "LT2", "Investigations", "Day", "civilian"),
         person("D2", "LT2", "Investigations", "Day", "civilian"),
         person("X1", "LT2", "Investigations", "Night", "dispatcher"),
         person("NEW1", "SGT2", "Patrol", "Night")});
}

}  // namespace

Json default_panel(const std::string &psp_id) {
    Json panel = Json::array({{{"member_id", "CLIN"}, {"role", "clinician"}}});
    if (psp_id.empty()) {
        panel.push_back({{"member_id", "CLIN2"}, {"role", "clinician"}});
    } else {
        panel.push_back({{"member_id", psp_id}, {"role", "peer_supporter"}});
    }
    return panel;
}

ProgramAgency::ProgramAgency(const char *config_json) : t(config_json) {
    as("HR", {"hr_admin"}, "directory.sync",
       {{"mode", "full"}, {"source", "records"}, {"records", agency_records()}});
    as("COORD", one_role().coordinator, "clinician.register",
       {{"clinician_id", "CLIN"}, {"name", "Dr. Example"}, {"license", "LMHP-1234"}});
    as("COORD", one_role().coordinator, "clinician.register",
       {{"clinician_id", "CLIN2"}, {"name", "Dr. Second"}, {"license", "LMHP-5678"}});
}

Json ProgramAgency::as(const std::string &who, const std::vector<std::string> &roles,
                       const std::string &method, const Json &params) {
    const psp::MethodSpec *spec = psp::method_catalog().find(method);
    const std::string key = spec && spec->writes ? "key-" + std::to_string(++next_key) : "";
    return t.call(method, roles, params, key, who);
}

psp::Error ProgramAgency::refused(const std::string &who, const std::vector<std::string> &roles,
                                  const std::string &method, const Json &params) {
    return error_from([&] { as(who, roles, method, params); });
}

void ProgramAgency::apply(const std::string &id) {
    as(id, one_role().employee, "selection.apply");
}

void ProgramAgency::recommend(const std::string &id, const std::string &by) {
    as(by, one_role().employee, "selection.recommend",
       {{"employee_id", id}, {"given_on", "2023-11-01"}});
}

void ProgramAgency::attest(const std::string &id, bool good) {
    as("HR", {"hr_admin"}, "selection.attest_standing",
       {{"employee_id", id}, {"in_good_standing", good}, {"attested_on", "2023-11-02"}});
}

void ProgramAgency::interview(const std::string &id, bool suitable, Json panel) {
    if (panel.is_null()) {
        const std::vector<std::string> active = [&] {
            std::vector<std::string> ids;
            const Json list =
                as("COORD", one_role().coordinator, "program.list", {{"statuses", {"active"}}});
            for (const Json &m : list.at("members")) {
                if (m.at("employee_id") != id) {
                    ids.push_back(m.at("employee_id"));
                }
            }
            return ids;
        }();
        panel = default_panel(active.empty() ? "" : active.front());
    }
    // Recorded by a member of the panel (separation of duties): its first clinician.
    std::string recorder = "COORD";
    for (const Json &p : panel) {
        if (p.at("role") == "clinician") {
            recorder = p.at("member_id").get<std::string>();
            break;
        }
    }
    as(recorder, {recorder == "COORD" ? "coordinator" : "clinician"}, "selection.record_interview",
       {{"employee_id", id},
        {"held_on", "2023-11-03"},
        {"suitable", suitable},
        {"ratings",
         {{"maturity", 4},
          {"judgment", 4},
          {"ethics", 5},
          {"credibility", 4},
          {"education_training", 3}}},
        {"panel", panel}});
}

void ProgramAgency::decide(const std::string &id, bool selected) {
    as("COORD", one_role().coordinator, "selection.decide",
       {{"employee_id", id}, {"selected", selected}, {"decided_on", "2023-11-04"}});
}

int ProgramAgency::publish_agreement() {
    const Json r = as("COORD", one_role().coordinator, "agreement.publish",
                      {{"title", "Peer support confidentiality agreement"},
                       {"body", "I will keep what I hear in confidence, within the law."}});
    return r.at("agreement").at("version").get<int>();
}

void ProgramAgency::sign(const std::string &id) {
    const Json current = as(id, one_role().employee, "agreement.current");
    as(id, one_role().employee, "agreement.sign",
       {{"version", current.at("agreement").at("version")}});
}

void ProgramAgency::record_initial_training(const std::string &id) {
    // The default policy.training.initial: 40 hours covering its five topics, taken in the
    // quarter before the test clock's (so none of it counts as continuing training).
    for (const char *topic : {"confidentiality", "role_conflict", "limits_liability",
                              "suicide_assessment", "referral"}) {
        as("COORD", one_role().coordinator, "training.record",
           {{"employee_id", id}, {"date", "2023-09-15"}, {"hours", 8}, {"topic", topic}});
    }
}

void ProgramAgency::complete_training(const std::string &id) {
    record_initial_training(id);
    as("COORD", one_role().coordinator, "selection.complete_training", {{"employee_id", id}});
}

void ProgramAgency::make_active(const std::string &id) {
    if (t.count("SELECT COUNT(*) FROM agreement_versions") == 0) {
        publish_agreement();
    }
    apply(id);
    // Two recommendations (the default policy): their sergeant or lieutenant and a peer.
    recommend(id, "CHIEF");
    recommend(id, id == "O5" ? "O4" : "O5");
    attest(id);
    interview(id);
    decide(id);
    sign(id);
    complete_training(id);
}

std::string ProgramAgency::status(const std::string &id) {
    try {
        return as("COORD", one_role().coordinator, "program.status", {{"employee_id", id}})
            .at("member")
            .at("status");
    } catch (const psp::Error &e) {
        if (e.code() == psp::ErrorCode::not_found) {
            return "";
        }
        throw;
    }
}

long long ProgramAgency::program_rows() {
    long long rows = 0;
    for (const char *table :
         {"program_members", "program_events", "recommendations", "standing_attestations",
          "interviews", "agreement_versions", "agreement_signatures", "leaves", "reviews"}) {
        rows += t.count(std::string("SELECT COUNT(*) FROM ") + table);
    }
    return rows;
}

}  // namespace psp_test
