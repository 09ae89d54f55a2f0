// dispatcher_test.cpp: calls through psp::PluginInstance with a real host table and SQLite file:
// unknown methods, forbidden callers (audited), idempotency (missing key, replay with identical
// result text, reuse for another request, no key burned by a failed write), refusals audited with
// their error code, the host clock, host pulls asking only for "directory", and every method's
// result checked against its own result_schema from the catalogue.
#include "plugin/dispatch/dispatcher.hpp"
#include "plugin/methods/catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>

#include <soci/soci.h>

#include <set>

#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/schema_validation.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/storage/migrations.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"
#include "training_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp_test::error_from;
using psp_test::one_role;

Json person(const std::string &id, const std::string &supervisor = {}) {
    Json p = {{"id", id}, {"name", "Name " + id}, {"category", "sworn"}};
    if (!supervisor.empty()) {
        p["supervisor_id"] = supervisor;
    }
    return p;
}

// CHIEF <- A <- B, CHIEF <- C
Json small_agency() {
    return Json::array(
        {person("CHIEF"), person("A", "CHIEF"), person("B", "A"), person("C", "CHIEF")});
}

Json sync_records(const Json &records, const std::string &mode = "full") {
    return {{"mode", mode}, {"source", "records"}, {"records", records}};
}

// Calls each program method successfully at least once.
void walk_every_program_method(psp_test::ProgramAgency &p) {
    const std::vector<std::string> coordinator = {"coordinator"}, psp = {"peer_supporter"};
    p.make_active("O4");
    EXPECT_EQ(p.status("O4"), "active");
    p.as("O2", {"employee"}, "selection.nominate", {{"employee_id", "O1"}});
    p.as("O1", {"employee"}, "selection.respond_nomination", {{"accept", true}});
    p.as("O1", {"employee"}, "selection.withdraw");
    p.as("COORD", coordinator, "clinician.list");
    p.as("O4", psp, "roster.available");
    p.as("CMD", {"command_staff"}, "coverage.report");
    p.as("O4", psp, "leave.start");
    p.as("O4", psp, "leave.end");
    p.as("COORD", coordinator, "review.open", {{"employee_id", "O4"}, {"grounds", "other"}});
    p.as("COORD", coordinator, "review.decide",
         {{"employee_id", "O4"},
          {"outcome", "retained"},
          {"decided_on", "2023-11-10"},
          {"conditions", {{{"kind", "other"}, {"due", "2024-01-01"}}}}});
    p.as("COORD", coordinator, "review.conditions_met",
         {{"employee_id", "O4"}, {"met_on", "2023-11-11"}});
    p.as("COORD", coordinator, "review.open", {{"employee_id", "O4"}, {"grounds", "other"}});
    p.as("COORD", coordinator, "review.decide",
         {{"employee_id", "O4"}, {"outcome", "deselected"}, {"decided_on", "2023-11-12"}});
    p.as("COORD", coordinator, "selection.reinstate", {{"employee_id", "O4"}});
    p.make_active("D1");
    p.as("D1", psp, "membership.resign");
    // Role conflicts, activations and contacts.
    p.make_active("O3");
    p.as("COORD", coordinator, "conflict.check", {{"psp_id", "O3"}, {"employee_id", "O2"}});
    p.as("COORD", coordinator, "conflict.check_bulk",
         {{"pairs", {{{"psp_id", "O3"}, {"employee_id", "SGT1"}}}}});
    p.as("O3", psp, "conflict.declare", {{"employee_id", "D2"}, {"category", "friend"}});
    p.as("O3", psp, "conflict.declarations");
    p.as("O3", psp, "conflict.withdraw_declaration", {{"employee_id", "D2"}});
    const Json incident =
        p.as("COORD", coordinator, "incident.open",
             {{"date", "2023-11-12"}, {"category", "on_scene_support"}, {"involved", {"O2", "O5"}}})
            .at("incident");
    const Json &id = incident.at("incident_id");
    p.as("COORD", coordinator, "incident.proposals", {{"incident_id", id}});
    p.as("COORD", coordinator, "activation.assign",
         {{"incident_id", id}, {"employee_id", "O2"}, {"psp_id", "O3"}});
    p.as("O2", {"employee"}, "activation.decline", {{"incident_id", id}});
    p.as("COORD", coordinator, "activation.assign",
         {{"incident_id", id}, {"employee_id", "O5"}, {"psp_id", "O3"}});
    p.as("O3", psp, "activation.acknowledge", {{"incident_id", id}, {"employee_id", "O5"}});
    p.as("O3", psp, "activation.inbox");
    p.as("O3", psp, "activation.check_in", {{"incident_id", id}, {"employee_id", "O5"}});
    const Json partner = p.as("COORD", coordinator, "partner.add",
                              {{"name", "Pat Partner"},
                               {"agency", "County"},
                               {"training_status", "current"},
                               {"contact", "+1 555 0100"}})
                             .at("partner_psp")
                             .at("partner_psp_id");
    p.as("COORD", coordinator, "partner.update", {{"partner_psp_id", partner}, {"contact", "555"}});
    p.as("COORD", coordinator, "partner.list");
    p.as("COORD", coordinator, "activation.assign_bulk",
         {{"incident_id", id},
          {"assignments", {{{"employee_id", "O2"}, {"partner_psp_id", partner}}}}});
    p.as("COORD", coordinator, "incident.status");
    // Jurisdiction profiles: eligibility (for this incident), roster, readiness.
    p.as("COORD", coordinator, "jurisdiction.eligibility", {{"incident_id", id}});
    p.as("COORD", coordinator, "jurisdiction.roster");
    p.as("IT", {"it_admin"}, "jurisdiction.profile");
    p.as("IT", {"it_admin"}, "jurisdiction.profiles");
    p.as("O2", {"employee"}, "jurisdiction.limits");
    p.as("COORD", coordinator, "readiness.record",
         {{"fact", "team_meeting_held"}, {"value", true}, {"as_of", "2023-11-01"}});
    p.as("CMD", {"command_staff"}, "readiness.report");
    // Oversight records: the consultation log and the published documents.
    p.as("CLIN", {"clinician"}, "consultation.log",
         {{"clinician_id", "CLIN"}, {"kind", "team_consultation"}});
    p.as("IT", {"auditor"}, "consultation.list");
    p.as("COORD", coordinator, "document.publish",
         {{"kind", "procedures_manual"}, {"title", "Procedures"}, {"body", "How we work."}});
    p.as("O1", {"employee"}, "document.current", {{"kind", "procedures_manual"}});
    p.as("COORD", coordinator, "incident.close", {{"incident_id", id}});
    p.as("COORD", coordinator, "activation.stats");
    p.as("O3", psp, "contact.log",
         {{"category", "career_issues"}, {"minutes", 15}, {"repeat_count", 3}});
    p.as("CMD", {"command_staff"}, "statistics.report");
    p.as("CMD", {"command_staff"}, "statistics.report", {{"format", "csv"}});
    p.as("CMD", {"command_staff"}, "statistics.report", {{"format", "svg"}});
}

class Dispatcher : public ::testing::Test {
  protected:
    psp::Error refusal(const std::string &method, const std::vector<std::string> &roles,
                       const Json &params = Json::object(), const std::string &key = {},
                       const std::string &principal = "P1") {
        return error_from([&] { t_.call(method, roles, params, key, principal); });
    }
    Json last_audit() {
        const std::vector<Json> rows = t_.audit_rows();
        return rows.empty() ? Json() : rows.back();
    }
    long long employees() { return t_.count("SELECT COUNT(*) FROM employees"); }
    long long idempotency_rows() { return t_.count("SELECT COUNT(*) FROM idempotency"); }

    psp_test::TestInstance t_;
};

TEST_F(Dispatcher, UnknownMethodIsRefusedAndAudited) {
    const psp::Error e = refusal("directory.drop_all", one_role().hr_admin);
    EXPECT_EQ(e.code(), ErrorCode::unknown_method);
    EXPECT_EQ(e.field(), "/method");
    const Json row = last_audit();
    EXPECT_EQ(row["method"], "(unknown method)");  // the caller's text is not kept
    EXPECT_EQ(row["outcome"], "unknown_method");
    EXPECT_EQ(row["principal"], "P1");
}

TEST_F(Dispatcher, ForbiddenCallerIsRefusedAuditedAndChangesNothing) {
    const psp::Error e = refusal("directory.sync", {"employee", "peer_supporter"},
                                 sync_records(small_agency()), "key-1", "E042");
    EXPECT_EQ(e.code(), ErrorCode::forbidden);
    EXPECT_EQ(e.field(), "/principal/roles");
    const Json row = last_audit();
    EXPECT_EQ(row["principal"], "E042");
    EXPECT_EQ(row["roles"], "peer_supporter,employee");
    EXPECT_EQ(row["method"], "directory.sync");
    EXPECT_EQ(row["outcome"], "forbidden");
    EXPECT_EQ(employees(), 0);
    EXPECT_EQ(idempotency_rows(), 0);
}

TEST_F(Dispatcher, CallerWithoutPluginRolesIsForbidden) {
    EXPECT_EQ(refusal("health", {"root", "Administrator"}).code(), ErrorCode::forbidden);
    EXPECT_EQ(last_audit()["roles"], "-");
    EXPECT_EQ(refusal("audit.read", one_role().hr_admin).code(), ErrorCode::forbidden);
}

TEST_F(Dispatcher, WriteWithoutIdempotencyKeyIsRefused) {
    const psp::Error e =
        refusal("directory.sync", one_role().hr_admin, sync_records(small_agency()));
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/idempotency_key");
    EXPECT_EQ(employees(), 0);
    EXPECT_EQ(last_audit()["outcome"], "invalid_request");
}

TEST_F(Dispatcher, ReplayReturnsTheFirstResultTextAndChangesNothing) {
    const Json params = sync_records(small_agency());
    const Json first = t_.call("directory.sync", one_role().hr_admin, params, "key-1");
    EXPECT_EQ(first["added"], 4);
    const Json second = t_.call("directory.sync", one_role().hr_admin, params, "key-1");
    EXPECT_EQ(psp::to_json_text(second), psp::to_json_text(first));
    // Run again under a new key, the same sync reports everyone unchanged: the replay above was
    // the stored answer, not a second run.
    const Json fresh = t_.call("directory.sync", one_role().hr_admin, params, "key-2");
    EXPECT_EQ(fresh["unchanged"], 4);
    EXPECT_EQ(fresh["added"], 0);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM audit_log WHERE method = 'directory.sync' AND "
                       "outcome = 'ok'"),
              2);
    EXPECT_EQ(idempotency_rows(), 2);
}

TEST_F(Dispatcher, ReplayStillAnswersAfterTheDirectoryMovedOn) {
    const Json params = sync_records(small_agency());
    const Json first = t_.call("directory.sync", one_role().hr_admin, params, "key-1");
    t_.call("directory.sync", one_role().hr_admin, sync_records(Json::array({person("SOLO")})),
            "key-2");
    EXPECT_EQ(psp::to_json_text(t_.call("directory.sync", one_role().hr_admin, params, "key-1")),
              psp::to_json_text(first));
    EXPECT_EQ(employees(), 1) << "the replay re-applied the first sync";
}

TEST_F(Dispatcher, ReplaySurvivesAnInstanceRestart) {
    const Json params = sync_records(small_agency());
    const Json first = t_.call("directory.sync", one_role().hr_admin, params, "key-1");
    t_.instance.reset();
    t_.instance = t_.open_again(t_.host);
    EXPECT_EQ(psp::to_json_text(t_.call("directory.sync", one_role().hr_admin, params, "key-1")),
              psp::to_json_text(first));
}

TEST_F(Dispatcher, KeyReusedForADifferentRequestIsRefused) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1");
    const psp::Error other_params = refusal("directory.sync", one_role().hr_admin,
                                            sync_records(Json::array({person("SOLO")})), "key-1");
    EXPECT_EQ(other_params.code(), ErrorCode::idempotency_reused);
    EXPECT_EQ(other_params.field(), "/idempotency_key");
    const psp::Error other_principal =
        refusal("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1", "P2");
    EXPECT_EQ(other_principal.code(), ErrorCode::idempotency_reused);
    EXPECT_EQ(last_audit()["outcome"], "idempotency_reused");
    EXPECT_EQ(employees(), 4);
}

TEST_F(Dispatcher, FailedWriteLeavesNoIdempotencyRowAndTheKeyStaysUsable) {
    Json cyclic = small_agency();
    cyclic[0]["supervisor_id"] = "B";  // CHIEF -> B -> A -> CHIEF
    const psp::Error e =
        refusal("directory.sync", one_role().hr_admin, sync_records(cyclic), "key-1");
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(std::set<std::string>(e.records().begin(), e.records().end()),
              (std::set<std::string>{"CHIEF", "A", "B"}));
    EXPECT_EQ(idempotency_rows(), 0);
    EXPECT_EQ(employees(), 0);
    const Json retried =
        t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1");
    EXPECT_EQ(retried["added"], 4);
}

TEST_F(Dispatcher, RefusalsAreAuditedWithTheirErrorCode) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1");
    Json bad_chart = small_agency();
    bad_chart[1]["supervisor_id"] = "NOBODY";
    refusal("directory.sync", one_role().hr_admin, sync_records(bad_chart), "key-2");
    refusal("directory.get", one_role().hr_admin, {{"employee_id", "GHOST"}});
    refusal("directory.get", one_role().hr_admin, {{"employee_id", 7}});
    refusal("directory.sync", one_role().hr_admin, sync_records(small_agency(), "incremental"),
            "key-1");
    EXPECT_THROW(t_.instance->call(R"({"method": "health", )"), psp::Error);
    std::vector<std::string> outcomes;
    for (const Json &row : t_.audit_rows()) {
        outcomes.push_back(row["outcome"]);
    }
    EXPECT_EQ(outcomes,
              (std::vector<std::string>{"ok", "invalid_org_chart", "not_found", "invalid_request",
                                        "idempotency_reused", "invalid_json"}));
    const Json unparsable = last_audit();
    EXPECT_EQ(unparsable["principal"], "?");
    EXPECT_EQ(unparsable["method"], "?");
}

TEST_F(Dispatcher, AuditChainStaysIntactThroughCalls) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1");
    refusal("audit.verify", one_role().hr_admin);
    refusal("nope", one_role().hr_admin);
    const Json v = t_.call("audit.verify", one_role().auditor);
    EXPECT_EQ(v["intact"], true);
    EXPECT_EQ(v["entries_checked"], static_cast<long long>(t_.audit_rows().size()));
    const Json read = t_.call("audit.read", one_role().auditor, {{"after_seq", 1}, {"limit", 1}});
    ASSERT_EQ(read["entries"].size(), 1u);
    EXPECT_EQ(read["entries"][0]["seq"], 2);
    EXPECT_EQ(read["entries"][0]["outcome"], "forbidden");
}

TEST_F(Dispatcher, TheHostClockIsTheOnlyClock) {
    t_.host.now_ms = 1'234'567'890'123;
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "key-1");
    EXPECT_EQ(last_audit()["at_ms"], t_.host.now_ms);
    t_.host.now_ms += 60'000;
    const Json health = t_.call("health", {"it_admin"});
    EXPECT_EQ(health["now_ms"], t_.host.now_ms);
    EXPECT_EQ(health["last_directory_sync_ms"], t_.host.now_ms - 60'000);
    EXPECT_EQ(health["employees"], 4);
    refusal("nope", one_role().hr_admin);
    EXPECT_EQ(last_audit()["at_ms"], t_.host.now_ms);
}

TEST_F(Dispatcher, SchemaViolationsNameTheParamsField) {
    const psp::Error e = refusal("directory.search", one_role().hr_admin, {{"limit", "10"}});
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/limit");
    EXPECT_EQ(
        refusal("directory.get", one_role().hr_admin, {{"employee_id", "E1"}, {"x", 1}}).code(),
        ErrorCode::invalid_request);
    EXPECT_EQ(
        refusal("directory.sync", one_role().hr_admin, {{"mode", "full"}, {"source", "ldap"}}, "k")
            .field(),
        "/params/source");
}

TEST_F(Dispatcher, PayloadMustMatchTheSource) {
    Json both = sync_records(small_agency());
    both["csv"] = "id,name\n";
    EXPECT_EQ(refusal("directory.sync", one_role().hr_admin, both, "k1").field(), "/params/csv");
    EXPECT_EQ(
        refusal("directory.sync", one_role().hr_admin, {{"mode", "full"}, {"source", "scim"}}, "k2")
            .field(),
        "/params/scim");
}

TEST_F(Dispatcher, RejectedRowsRefuseTheWholeSync) {
    Json records = small_agency();
    records[2].erase("name");
    records[3]["active"] = "yes";
    const psp::Error e =
        refusal("directory.sync", one_role().hr_admin, sync_records(records), "k1");
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    ASSERT_EQ(e.records().size(), 2u);
    EXPECT_EQ(e.records()[0].rfind("row 3:", 0), 0u) << e.records()[0];
    EXPECT_EQ(e.records()[1].rfind("row 4:", 0), 0u) << e.records()[1];
    EXPECT_EQ(employees(), 0);
}

TEST_F(Dispatcher, DroppedValuesReachNeitherDatabaseNorLogs) {
    const std::string secret = "SECRET-VALUE";
    Json records = small_agency();
    records[1]["home_phone"] = secret;
    records[2]["discipline"] = {{"note", secret}};
    const Json result = t_.call("directory.sync", one_role().hr_admin, sync_records(records), "k1");
    EXPECT_EQ(result["dropped_fields"], (Json{"discipline", "home_phone"}));
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM employees WHERE id || name || title || category ||"
                       " agency || division || unit || shift || supervisor_id LIKE '%SECRET%'"),
              0);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM idempotency WHERE response LIKE '%SECRET%'"), 0);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM audit_log WHERE principal || roles || method ||"
                       " outcome LIKE '%SECRET%'"),
              0);
    for (const std::string &line : t_.host.log_lines) {
        EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
}

TEST_F(Dispatcher, AuditLogNeverHoldsRequestContent) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "k1");
    refusal("directory.get", one_role().hr_admin, {{"employee_id", "Name-Like-Secret"}});
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM audit_log WHERE principal || roles || method ||"
                       " outcome LIKE '%Name %' OR principal || roles || method || outcome"
                       " LIKE '%Secret%'"),
              0);
}

TEST_F(Dispatcher, HostPullAsksOnlyForDirectoryAndCarriesTheCursor) {
    t_.host.directory_users = {psp_test::scim_user("s1", "E1", "One"),
                               psp_test::scim_user("s2", "E2", "Two")};
    psp_test::set_scim_manager(t_.host.directory_users[1], "s1");
    t_.host.directory_cursor = "cursor-1";
    const Json full = t_.call("directory.sync", one_role().hr_admin,
                              {{"mode", "full"}, {"source", "host"}}, "k1");
    EXPECT_EQ(full["added"], 2);
    const std::size_t after_full = t_.host.fetches.size();
    ASSERT_GT(after_full, 0u);
    for (std::size_t i = 0; i < after_full; ++i) {
        EXPECT_FALSE(t_.host.fetches[i].query.contains("since"));
    }

    t_.host.directory_cursor = "cursor-2";
    t_.call("directory.sync", one_role().hr_admin, {{"mode", "incremental"}, {"source", "host"}},
            "k2");
    ASSERT_GT(t_.host.fetches.size(), after_full);
    EXPECT_EQ(t_.host.fetches[after_full].query.value("since", ""), "cursor-1");

    const std::size_t after_second = t_.host.fetches.size();
    t_.call("directory.sync", one_role().hr_admin, {{"mode", "incremental"}, {"source", "host"}},
            "k3");
    EXPECT_EQ(t_.host.fetches[after_second].query.value("since", ""), "cursor-2");

    for (const psp_test::FetchRequest &f : t_.host.fetches) {
        EXPECT_EQ(f.scope, "directory");
    }
    EXPECT_EQ(t_.host.outstanding_buffers, 0);
}

TEST_F(Dispatcher, ReplayedHostPullDoesNotFetchAgain) {
    t_.host.directory_users = {psp_test::scim_user("s1", "E1", "One")};
    const Json params = {{"mode", "full"}, {"source", "host"}};
    const Json first = t_.call("directory.sync", one_role().hr_admin, params, "k1");
    const std::size_t fetches = t_.host.fetches.size();
    EXPECT_EQ(psp::to_json_text(t_.call("directory.sync", one_role().hr_admin, params, "k1")),
              psp::to_json_text(first));
    EXPECT_EQ(t_.host.fetches.size(), fetches);
}

TEST_F(Dispatcher, HostFailureIsHostErrorAndWritesNothing) {
    t_.host.fetch_status = PSP_ERR_INTERNAL;
    const psp::Error e = refusal("directory.sync", one_role().hr_admin,
                                 {{"mode", "full"}, {"source", "host"}}, "k1");
    EXPECT_EQ(e.code(), ErrorCode::host_error);
    EXPECT_EQ(last_audit()["outcome"], "host_error");
    EXPECT_EQ(idempotency_rows(), 0);
}

TEST_F(Dispatcher, HostPullTakesNoRemovals) {
    const Json params = {{"mode", "incremental"}, {"source", "host"}, {"removed", {"E1"}}};
    const psp::Error e = refusal("directory.sync", one_role().hr_admin, params, "k1");
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/removed");
    EXPECT_TRUE(t_.host.fetches.empty());
}

TEST_F(Dispatcher, IncrementalRecordsSyncWithRemovals) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "k1");
    Json params = sync_records(Json::array({person("D", "C")}), "incremental");
    params["removed"] = {"B"};
    const Json r = t_.call("directory.sync", one_role().hr_admin, params, "k2");
    EXPECT_EQ(r["added"], 1);
    EXPECT_EQ(r["removed"], 1);
    EXPECT_EQ(r["total"], 4);
    EXPECT_EQ(refusal("directory.get", one_role().hr_admin, {{"employee_id", "B"}}).code(),
              ErrorCode::not_found);
    EXPECT_EQ(t_.call("directory.get", one_role().hr_admin,
                      {{"employee_id", "D"}})["employee"]["supervisor_id"],
              "C");
}

TEST_F(Dispatcher, SearchPagesWithNextAfterId) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "k1");
    std::vector<std::string> seen;
    Json params = {{"limit", 3}};
    for (int page = 0; page < 5; ++page) {
        const Json r = t_.call("directory.search", {"coordinator"}, params);
        for (const Json &e : r["employees"]) {
            seen.push_back(e["id"]);
        }
        if (r["next_after_id"].is_null()) {
            break;
        }
        params["after_id"] = r["next_after_id"];
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C", "CHIEF"}));
}

TEST_F(Dispatcher, TooLargeRequestIsRefused) {
    psp_test::TestInstance small(R"({"limits":{"max_request_bytes":4096}})");
    const psp::Error e = error_from([&] {
        small.call("directory.search", one_role().hr_admin, {{"text", std::string(5000, 'x')}});
    });
    EXPECT_EQ(e.code(), ErrorCode::too_large);
    EXPECT_NO_THROW(small.call("directory.search", one_role().hr_admin, {{"text", "x"}}));
}

TEST_F(Dispatcher, ConfiguredRoleMapDecidesWhoMayCall) {
    psp_test::TestInstance mapped(R"({"role_map":{"HRIS-Admin":["hr_admin"]}})");
    EXPECT_NO_THROW(mapped.call("health", {"HRIS-Admin"}));
    EXPECT_EQ(error_from([&] { mapped.call("health", {"hr_admin"}); }).code(),
              ErrorCode::forbidden);
}

TEST_F(Dispatcher, EveryResultMatchesItsPublishedSchema) {
    t_.host.directory_users = {psp_test::scim_user("s9", "E9", "Nine")};
    std::set<std::string> covered;
    const auto check = [&](const std::string &method, const std::vector<std::string> &roles,
                           const Json &params, const std::string &key = {}) {
        const Json result = t_.call(method, roles, params, key);
        const psp::MethodSpec *spec = psp::method_catalog().find(method);
        ASSERT_NE(spec, nullptr) << method;
        EXPECT_NO_THROW(psp::SchemaValidator(spec->result_schema).validate(result, ""))
            << method << ": " << result.dump();
        covered.insert(method);
    };
    check("plugin.info", {"employee"}, Json::object());
    check("health", {"auditor"}, Json::object());
    check("directory.sync", one_role().hr_admin, sync_records(small_agency()), "k1");
    check("directory.sync", one_role().hr_admin,
          {{"mode", "incremental"},
           {"source", "csv"},
           {"csv", "id,name,supervisor,notes\nD,Dee,C,x\n"}},
          "k2");
    check("directory.sync", one_role().hr_admin,
          {{"mode", "incremental"},
           {"source", "scim"},
           {"scim",
            {{"schemas", {psp::kScimListResponse}},
             {"Resources", {psp_test::scim_user("s8", "E8", "Eight")}}}}},
          "k3");
    check("directory.sync", {"it_admin"}, {{"mode", "incremental"}, {"source", "host"}}, "k4");
    check("directory.get", one_role().hr_admin, {{"employee_id", "CHIEF"}});
    check("directory.search", one_role().hr_admin, {{"text", "name"}, {"limit", 2}});
    check("directory.search", one_role().hr_admin, {{"text", "no such person"}});
    check("directory.set_acting", one_role().hr_admin,
          {{"mode", "replace"},
           {"assignments",
            {{{"employee_id", "B"}, {"supervisor_id", "C"}, {"until", "2030-01-31"}}}}},
          "k5");
    check("directory.acting", {"coordinator"}, Json::object());
    check("audit.read", one_role().auditor, Json::object());
    check("audit.verify", one_role().auditor, Json::object());
    check("maintenance.run", {"it_admin"}, Json::object(), "maintenance-1");
    // The program's methods, through a walk that uses each (results checked in TestInstance).
    psp_test::ProgramAgency program;
    walk_every_program_method(program);
    covered.insert(program.t.answered.begin(), program.t.answered.end());
    psp_test::add_psp(t_, "A", t_.host.now_ms - 86'400'000);
    check("training.catalog", {"employee"}, Json::object());
    check("training.add_topic", {"coordinator"}, {{"code", "own"}, {"title", "Own"}}, "t1");
    check("training.add_course", {"coordinator"},
          {{"code", "basic"}, {"title", "Basic"}, {"hours", 40}, {"topics", {"own"}}}, "t2");
    check("training.record", {"coordinator"},
          {{"employee_id", "A"}, {"date", "2023-11-14"}, {"hours", 4}, {"course", "basic"}}, "t3");
    check("training.import", one_role().hr_admin,
          {{"format", "csv"}, {"csv", "employee_id,date,hours,topic\nA,2023-11-14,1,burnout\n"}},
          "t4");
    check(
        "training.import", one_role().hr_admin,
        {{"format", "xapi"},
         {"statements", Json::array({psp_test::xapi_statement(psp_test::uuid_of(1), "A", "burnout",
                                                              "2023-11-14T10:00:00Z", "PT1H")})}},
        "t5");
    check("training.compliance", {"coordinator"}, {{"employee_id", "A"}});
    check("training.overdue", {"coordinator"}, Json::object());
    check("maintenance.run", {"it_admin"}, Json::object(), "maintenance-2");
    std::set<std::string> catalogue;
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        catalogue.insert(spec->name);
    }
    std::vector<std::string> unchecked;
    std::set_difference(catalogue.begin(), catalogue.end(), covered.begin(), covered.end(),
                        std::back_inserter(unchecked));
    EXPECT_TRUE(unchecked.empty())
        << "no successful call checked here for: " << testing::PrintToString(unchecked);
    EXPECT_TRUE(std::includes(catalogue.begin(), catalogue.end(), covered.begin(), covered.end()));
}

TEST_F(Dispatcher, BrokenAuditVerifyResultMatchesItsSchema) {
    t_.call("directory.sync", one_role().hr_admin, sync_records(small_agency()), "k1");
    refusal("nope", one_role().hr_admin);
    {
        psp::Database db(t_.storage_config());
        db.write([](soci::session &sql) { sql << "DELETE FROM audit_log WHERE seq = 1"; });
    }
    const Json v = t_.call("audit.verify", one_role().auditor);
    EXPECT_EQ(v["intact"], false);
    EXPECT_TRUE(v.contains("first_bad_seq"));
    EXPECT_NO_THROW(psp::SchemaValidator(psp::method_catalog().find("audit.verify")->result_schema)
                        .validate(v, ""));
}

TEST_F(Dispatcher, PluginInfoPublishesEveryMethodAndTheScopes) {
    const Json info = t_.call("plugin.info", {"command_staff"});
    EXPECT_EQ(info["methods"].size(), psp::method_catalog().all().size());
    EXPECT_EQ(info["scopes"]["requested"], (Json{"directory"}));
    EXPECT_EQ(info["schema_version"], psp::schema_migrations().back().version);
    for (const Json &m : info["methods"]) {
        EXPECT_TRUE(m.contains("params_schema") && m.contains("result_schema")) << m["name"];
    }
}

TEST(PluginInstance, AgenciesInOneDataFolderKeepSeparateDatabases) {
    psp_test::TestHost host;
    psp_test::TempDir dir;
    const std::string data_dir = dir.path().string();
    psp_instance_config a{sizeof(psp_instance_config), "agency-a", data_dir.c_str(), nullptr};
    psp_instance_config b{sizeof(psp_instance_config), "agency-b", data_dir.c_str(), nullptr};
    psp::PluginInstance first(host.table(), a);
    psp::PluginInstance second(host.table(), b);
    const auto request = [](const std::string &method, const Json &params, const char *key) {
        Json r = {{"method", method},
                  {"principal", {{"id", "P"}, {"roles", {"hr_admin"}}}},
                  {"params", params}};
        if (key != nullptr) {
            r["idempotency_key"] = key;
        }
        return r.dump();
    };
    first.call(request("directory.sync", sync_records(small_agency()), "k"));
    EXPECT_EQ(first.call(request("health", Json::object(), nullptr))["employees"], 4);
    EXPECT_EQ(second.call(request("health", Json::object(), nullptr))["employees"], 0);
    // The same key in the other agency is a different key.
    EXPECT_EQ(second.call(request("directory.sync", sync_records(small_agency()), "k"))["added"],
              4);
}

TEST(PluginInstance, DataFolderWithSpacesAndApostrophesWorks) {
    psp_test::TempDir dir("psp unit o'brien");
    psp_test::TestHost host;
    const std::string data_dir = (dir.path() / "data  dir").string();
    psp_instance_config config{sizeof(psp_instance_config), "agency", data_dir.c_str(), nullptr};
    psp::PluginInstance instance(host.table(), config);
    const Json r =
        instance.call(R"({"method":"health","principal":{"id":"P","roles":["it_admin"]}})");
    EXPECT_EQ(r["status"], "ok");
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(data_dir) / "psp-agency.sqlite3"));
}

TEST(PluginInstance, DataFolderWithADoubleQuoteIsRefusedNotOpenedElsewhere) {
    // SOCI's connection string cannot carry '"'; the database must never land outside data_dir.
    psp_test::TempDir outer;
    const std::filesystem::path data_dir = outer.path() / "a \"quoted\" dir";
    psp_test::TestHost host;
    const std::string data_dir_text = data_dir.string();
    psp_instance_config config{sizeof(psp_instance_config), "agency", data_dir_text.c_str(),
                               nullptr};
    EXPECT_EQ(error_from([&] { psp::PluginInstance instance(host.table(), config); }).code(),
              ErrorCode::invalid_argument);
    std::vector<std::string> stray;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(outer.path())) {
        if (entry.is_regular_file()) {
            stray.push_back(entry.path().string());
        }
    }
    EXPECT_TRUE(stray.empty()) << stray.front();
    EXPECT_FALSE(std::filesystem::exists(outer.path() / "a \\"));
}

TEST(PluginInstance, DatabaseFromANewerPluginIsRefusedAtStartUp) {
    psp_test::TestHost host;
    psp_test::TempDir dir;
    psp_test::TestStorage storage((dir.path() / "psp-agency.sqlite3").string());
    const std::string data_dir = dir.path().string();
    const std::string config_json = R"({"storage":)" + storage.config_json() + "}";
    psp_instance_config config{sizeof(psp_instance_config), "agency", data_dir.c_str(),
                               config_json.c_str()};
    { psp::PluginInstance first(host.table(), config); }
    {
        psp::Database db(storage.config());
        db.write([](soci::session &sql) {
            sql << "INSERT INTO schema_migrations (version, name, applied_ms)"
                   " VALUES (999, 'future', 0)";
        });
    }
    EXPECT_EQ(error_from([&] { psp::PluginInstance again(host.table(), config); }).code(),
              ErrorCode::unsupported);
}

}  // namespace
