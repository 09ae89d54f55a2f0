// jurisdiction_facts.cpp: loads each PSP's privilege facts in a few bulk queries and applies the
// profile's rules (domain/privilege_eligibility).
#include "plugin/services/jurisdiction_facts.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/jurisdiction_store.hpp"
#include "plugin/storage/psp_roster.hpp"

namespace psp {
namespace {

bool needs_initial_minutes(const JurisdictionProfile &profile) {
    return std::any_of(profile.rules.begin(), profile.rules.end(),
                       [](const JurisdictionRule &r) { return r.initial_minutes > 0; });
}

std::vector<PspMember> members_of(soci::session &sql, const std::string &employee_id) {
    if (employee_id.empty()) {
        return load_psps(sql);
    }
    auto one = find_psp(sql, employee_id);
    if (!one) {
        throw Error(ErrorCode::not_found, employee_id + " is not a member of the team",
                    "/params/employee_id", {employee_id});
    }
    return {*one};
}

PspPrivilegeFacts facts_of(const AgencyConfig &config, const ComplianceStatus &training,
                           const std::optional<std::string> &designated_on) {
    PspPrivilegeFacts f;
    if (designated_on) {
        f.designated_on = parse_iso_date(*designated_on);
    }
    f.training = training.state;
    f.overdue_since = training.overdue_since;
    f.period = config.training.continuing.period;
    f.grace_days = config.training.continuing.grace_days;
    return f;
}

std::optional<IncidentPrivilegeFacts> incident_facts(const Incident *incident,
                                                     const std::map<std::string, std::string> &inv,
                                                     const std::string &psp_id) {
    if (incident == nullptr) {
        return std::nullopt;
    }
    IncidentPrivilegeFacts f{*parse_iso_date(incident->date), std::nullopt, incident->category};
    if (const auto it = inv.find(psp_id); it != inv.end()) {
        f.psp_involvement = parse_involvement(it->second).value_or(Involvement::unspecified);
    }
    return f;
}

}  // namespace

std::vector<PspPrivilege> psp_privileges(MethodContext &context, soci::session &sql,
                                         const Incident *incident, const std::string &employee_id) {
    const AgencyConfig &config = context.config();
    const std::vector<PspMember> members = members_of(sql, employee_id);
    JurisdictionStore store(sql);
    const auto designated = store.designation_dates(employee_id);
    const auto involved =
        incident ? store.involvements(incident->incident_id) : std::map<std::string, std::string>{};
    std::unordered_map<std::string, ComplianceStatus> training;
    if (employee_id.empty()) {
        training = compliance_of_all_psps(sql, config, context.now_ms());
    } else if (auto one = psp_compliance(sql, config, employee_id, context.now_ms())) {
        training.emplace(employee_id, *one);
    }
    const bool initial = needs_initial_minutes(config.jurisdiction);
    std::vector<PspPrivilege> out;
    for (const PspMember &m : members) {
        PspPrivilege p{m.employee_id, m.status, std::nullopt, ComplianceState::compliant, {}};
        if (const auto it = designated.find(m.employee_id); it != designated.end()) {
            p.designated_on = it->second;
        }
        const ComplianceStatus status = training[m.employee_id];
        p.training = status.state;
        PspPrivilegeFacts facts = facts_of(config, status, p.designated_on);
        if (initial) {
            facts.initial_minutes_done =
                initial_training_status(sql, config, m.employee_id).minutes_done;
        }
        const auto on_incident = incident_facts(incident, involved, m.employee_id);
        p.eligibility = privilege_eligibility(config.jurisdiction, facts,
                                              on_incident ? &*on_incident : nullptr);
        out.push_back(std::move(p));
    }
    return out;
}

Incident require_incident_with_identities(soci::session &sql, int64_t incident_id,
                                          const std::string &field) {
    const auto incident = ActivationStore(sql).incident(incident_id);
    if (!incident) {
        throw Error(ErrorCode::not_found, "no incident " + std::to_string(incident_id), field);
    }
    if (incident->status == "purged") {
        throw Error(ErrorCode::conflict,
                    "incident " + std::to_string(incident_id) +
                        " is purged: who was involved is no longer kept",
                    field);
    }
    return *incident;
}

Json source_json(const RuleSource &source) {
    Json out = {{"url", source.url},
                {"status", law_status_name(source.status)},
                {"verified", source.verified}};
    if (!source.enacted_by.empty()) {
        out["enacted_by"] = source.enacted_by;
    }
    if (!source.effective.empty()) {
        out["effective"] = source.effective;
    }
    return out;
}

Json statement_json(const ConfidentialityLimit &statement) {
    Json out = {{"text", statement.text}, {"citation", statement.citation}};
    if (statement.basis) {
        out["basis"] = rule_basis_name(*statement.basis);
    }
    if (statement.source) {
        out["source"] = source_json(*statement.source);
    }
    return out;
}

Json statements_json(const std::vector<ConfidentialityLimit> &statements) {
    Json out = Json::array();
    for (const ConfidentialityLimit &s : statements) {
        out.push_back(statement_json(s));
    }
    return out;
}

constexpr const char *kWhenConditionsMet =
    " when the PSP meets its conditions, within the limits the recipient is told";

Json protection_json(const JurisdictionProfile &profile) {
    const Protection &p = profile.protection;
    Json out = {
        {"kind", protection_kind_name(p.kind)},
        {"citation", p.citation},
        {"summary", p.summary},
        {"privileged", p.claims_privilege()},
        {"answer", p.claims_privilege() ? "privileged under " + p.citation + kWhenConditionsMet
                                        : no_privilege_answer(p)},
        {"profile", p.profile_id}};
    if (p.source) {
        out["source"] = source_json(*p.source);
    }
    return out;
}

Json rule_failures_json(const PrivilegeEligibility &eligibility) {
    Json out = Json::array();
    for (const RuleFailure &f : eligibility.failures) {
        Json one = {{"rule", f.rule_id},
                    {"kind", rule_kind_name(f.kind)},
                    {"basis", rule_basis_name(f.basis)},
                    {"citation", f.citation},
                    {"reason", f.reason}};
        if (!f.since.empty()) {
            one["since"] = f.since;
        }
        out.push_back(std::move(one));
    }
    return out;
}

Json assignment_privilege(MethodContext &context, soci::session &sql, const Incident &incident,
                          const std::string &psp_id) {
    const JurisdictionProfile &profile = context.config().jurisdiction;
    const std::vector<PspPrivilege> one = psp_privileges(context, sql, &incident, psp_id);
    return {{"profile", profile.id},
            {"eligible", one.front().eligibility.eligible},
            {"answer", one.front().eligibility.answer},
            {"warnings", rule_failures_json(one.front().eligibility)},
            {"confidentiality_limits", statements_json(profile.confidentiality_limits)}};
}

Json limits_explained_json(soci::session &sql) {
    Json out = Json::array();
    for (const LimitsExplainedCount &c : JurisdictionStore(sql).limits_explained_counts()) {
        out.push_back({{"quarter", c.quarter},
                       {"category", c.category},
                       {"explained", c.explained},
                       {"not_explained", c.not_explained}});
    }
    return out;
}

void record_involvement(soci::session &sql, int64_t incident_id, const Json &params,
                        const std::vector<std::string> &involved) {
    const auto list = params.find("involvement");
    if (list == params.end()) {
        return;
    }
    std::set<std::string> seen;
    JurisdictionStore store(sql);
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string id = (*list)[i].at("employee_id").get<std::string>();
        const std::string field = "/params/involvement/" + std::to_string(i) + "/employee_id";
        if (!std::binary_search(involved.begin(), involved.end(), id)) {
            throw Error(ErrorCode::invalid_request, id + " is not in the involved list", field,
                        {id});
        }
        if (!seen.insert(id).second) {
            throw Error(ErrorCode::invalid_request, id + " is listed twice", field, {id});
        }
        store.set_involvement(incident_id, id, (*list)[i].at("kind").get<std::string>());
    }
}

}  // namespace psp
