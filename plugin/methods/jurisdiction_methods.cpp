// jurisdiction_methods.cpp: the agency's jurisdiction profile (docs/jurisdictions.md): which
// profile is in force, each PSP's privilege eligibility and the failing rule, the eligibility
// roster in the form the profile demands, and the program readiness checklist with the dated
// yes/no facts the coordinator records for what the plugin cannot see. Profiles are data and
// not legal advice: every answer carries the profile's legal-review notice.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/domain/program_readiness.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/jurisdiction_facts.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/storage/directory_store.hpp"
#include "plugin/storage/jurisdiction_store.hpp"
#include "plugin/storage/oversight_store.hpp"
#include "plugin/storage/program_store.hpp"
#include "plugin/storage/psp_roster.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kProgramReaders = {Role::coordinator, Role::command_staff};
constexpr RoleSet kProfileReaders = {Role::coordinator, Role::command_staff, Role::it_admin,
                                     Role::auditor};
// The limits are what every employee is told before talking to a PSP (IACP 6.2, 6.4): every role
// may read them, the people they protect first.
constexpr RoleSet kLimitReaders = RoleSet::all();

Json rule_json(const JurisdictionRule &r) {
    Json out = {{"id", r.id},
                {"kind", rule_kind_name(r.kind)},
                {"basis", rule_basis_name(r.basis)},
                {"citation", r.citation},
                {"summary", r.summary},
                {"profile", r.profile_id}};
    if (r.source) {
        out["source"] = source_json(*r.source);
    }
    if (!r.incident_categories.empty()) {
        out["incident_categories"] = r.incident_categories;
    }
    if (!r.involvement.empty()) {
        Json kinds = Json::array();
        for (Involvement i : r.involvement) {
            kinds.push_back(involvement_name(i));
        }
        out["involvement"] = std::move(kinds);
    }
    return out;
}

Json profile_header(const JurisdictionProfile &p) {
    return {
        {"id", p.id}, {"version", p.version}, {"title", p.title}, {"legal_review", p.legal_review}};
}

Json jurisdiction_profiles(MethodContext &context, const Json & /*params*/) {
    Json list = Json::array();
    for (const std::string &id : shipped_profile_ids()) {
        const Json &p = *shipped_profile_json(id);
        list.push_back({{"id", id}, {"version", p.at("version")}, {"title", p.at("title")}});
    }
    return {{"active", context.config().jurisdiction.id}, {"profiles", std::move(list)}};
}

Json jurisdiction_profile(MethodContext &context, const Json & /*params*/) {
    const JurisdictionProfile &p = context.config().jurisdiction;
    Json out = profile_header(p);
    out["lineage"] = p.lineage;
    Json rules = Json::array(), fields = Json::array();
    for (const JurisdictionRule &r : p.rules) {
        rules.push_back(rule_json(r));
    }
    for (RosterField f : p.roster_fields) {
        fields.push_back(roster_field_name(f));
    }
    out["protection"] = protection_json(p);
    out["confidentiality_limits"] = statements_json(p.confidentiality_limits);
    out["open_questions"] = statements_json(p.open_questions);
    out["rules"] = std::move(rules);
    out["roster"] = {{"fields", std::move(fields)}, {"citation", p.roster_citation}};
    return out;
}

// What an employee is told before talking to a PSP, in the profile's plain words: what the law
// protects (or that it protects nothing), every limit, what the authors could not verify, and
// that the agency's legal advisor must review it. Nothing about any person.
Json jurisdiction_limits(MethodContext &context, const Json & /*params*/) {
    const JurisdictionProfile &p = context.config().jurisdiction;
    return {{"profile", profile_header(p)},
            {"protection", protection_json(p)},
            {"confidentiality_limits", statements_json(p.confidentiality_limits)},
            {"open_questions", statements_json(p.open_questions)}};
}

Json jurisdiction_eligibility(MethodContext &context, const Json &params) {
    const std::string employee_id = params.value("employee_id", "");
    Json psps = Json::array();
    std::optional<Incident> incident;
    context.read([&](soci::session &sql) {
        if (params.contains("incident_id")) {
            incident = require_incident_with_identities(
                sql, params.at("incident_id").get<int64_t>(), "/params/incident_id");
        }
        for (const PspPrivilege &p :
             psp_privileges(context, sql, incident ? &*incident : nullptr, employee_id)) {
            psps.push_back({{"employee_id", p.employee_id},
                            {"status", p.status},
                            {"designated_on", p.designated_on ? Json(*p.designated_on) : Json()},
                            {"training", compliance_state_name(p.training)},
                            {"meets_requirements", p.eligibility.meets_requirements},
                            {"eligible", p.eligibility.eligible},
                            {"answer", p.eligibility.answer},
                            {"failures", rule_failures_json(p.eligibility)}});
        }
    });
    const JurisdictionProfile &profile = context.config().jurisdiction;
    Json out = {{"profile", profile_header(profile)},
                {"protection", protection_json(profile)},
                {"psps", psps}};
    if (incident) {
        out["incident_id"] = incident->incident_id;
    }
    return out;
}

Json roster_value(RosterField field, const PspPrivilege &p, const EmployeeRecord &e) {
    switch (field) {
        case RosterField::employee_id:
            return p.employee_id;
        case RosterField::name:
            return e.name;
        case RosterField::title:
            return e.title;
        case RosterField::division:
            return e.division;
        case RosterField::privilege_status:
            return p.eligibility.meets_requirements ? "meets_requirements"
                                                    : "does_not_meet_requirements";
        case RosterField::training_status:
            return compliance_state_name(p.training);
        case RosterField::designated_on:
            return p.designated_on ? Json(*p.designated_on) : Json();
    }
    return nullptr;
}

// Only the columns the profile names (West Virginia: name and status, nothing else).
Json jurisdiction_roster(MethodContext &context, const Json & /*params*/) {
    const JurisdictionProfile &profile = context.config().jurisdiction;
    Json rows = Json::array();
    context.read([&](soci::session &sql) {
        for (const PspPrivilege &p : psp_privileges(context, sql, nullptr)) {
            const EmployeeRecord e =
                DirectoryStore(sql).find(p.employee_id).value_or(EmployeeRecord{});
            Json row = Json::object();
            for (RosterField f : profile.roster_fields) {
                row[std::string(roster_field_name(f))] = roster_value(f, p, e);
            }
            rows.push_back(std::move(row));
        }
    });
    Json fields = Json::array();
    for (RosterField f : profile.roster_fields) {
        fields.push_back(roster_field_name(f));
    }
    return {{"profile", profile_header(profile)},
            {"citation", profile.roster_citation},
            {"fields", std::move(fields)},
            {"rows", std::move(rows)}};
}

std::pair<long long, long long> limits_explained_totals(soci::session &sql) {
    std::pair<long long, long long> out;
    for (const LimitsExplainedCount &c : JurisdictionStore(sql).limits_explained_counts()) {
        out.first += c.explained;
        out.second += c.not_explained;
    }
    return out;
}

ReadinessInputs readiness_inputs(MethodContext &context, soci::session &sql) {
    const AgencyConfig &config = context.config();
    ReadinessInputs in;
    in.today = config.calendar.local_date(context.now_ms());
    for (const Clinician &c : ProgramStore(sql).clinicians()) {
        in.active_clinicians += c.active;
    }
    in.training_courses = static_cast<int>(TrainingStore(sql).courses().size());
    const ContinuingTrainingPolicy &continuing = config.training.continuing;
    in.training_at_least_quarterly =
        months_per_period(continuing.period) <= 3 && continuing.minutes_per_period > 0;
    for (const PspPrivilege &p : psp_privileges(context, sql, nullptr)) {
        ++in.psps;
        in.psps_meeting_training += p.eligibility.meets_requirements;
    }
    OversightStore oversight(sql);
    const CivilDate year_ago{date::sys_days(in.today) -
                             date::days{365}};  // twelve months back, for the consultation count
    const std::string from = format_iso_date(year_ago);
    in.consultations_last_year = static_cast<int>(oversight.consultations(from, 100000).size());
    if (const auto latest = oversight.consultations("0000-00-00", 1); !latest.empty()) {
        in.last_consultation = parse_iso_date(latest.front().held_on);
    }
    if (const auto manual = oversight.current_document("procedures_manual")) {
        in.procedures_manual_version = manual->version;
        in.procedures_manual_published = config.calendar.local_date(manual->published_ms);
    }
    const auto [explained, not_explained] = limits_explained_totals(sql);
    in.limits_explained = explained;
    in.limits_not_explained = not_explained;
    for (const auto &[name, fact] : JurisdictionStore(sql).latest_facts()) {
        in.recorded[*parse_readiness_fact(name)] = {fact.value, *parse_iso_date(fact.as_of)};
    }
    // Command staff see counts only as statistics.report would publish them (issue 20, item 3).
    if (!context.roles().contains(Role::coordinator)) {
        in.suppression = SuppressionPolicy{config.statistics.threshold};
    }
    return in;
}

Json readiness_report(MethodContext &context, const Json & /*params*/) {
    const JurisdictionProfile &profile = context.config().jurisdiction;
    std::vector<ReadinessItem> items;
    context.read([&](soci::session &sql) {
        items = program_readiness(profile, readiness_inputs(context, sql));
    });
    Json list = Json::array();
    int met = 0;
    for (const ReadinessItem &i : items) {
        Json one = {{"rule", i.rule->id},
                    {"kind", rule_kind_name(i.rule->kind)},
                    {"basis", rule_basis_name(i.rule->basis)},
                    {"citation", i.rule->citation},
                    {"profile", i.rule->profile_id},
                    {"state", readiness_state_name(i.state)},
                    {"detail", i.detail}};
        if (!i.as_of.empty()) {
            one["as_of"] = i.as_of;
        }
        met += i.state == ReadinessState::met;
        list.push_back(std::move(one));
    }
    return {{"profile", profile_header(profile)},
            {"items", std::move(list)},
            {"met", met},
            {"total", items.size()}};
}

Json readiness_record(MethodContext &context, const Json &params) {
    StoredReadinessFact fact;
    fact.fact = params.at("fact").get<std::string>();
    fact.value = params.at("value").get<bool>();
    fact.as_of = past_date(context, params, "as_of");
    fact.recorded_ms = context.now_ms();
    fact.recorded_by = context.principal().id;
    return context.commit([&](soci::session &sql) {
        JurisdictionStore(sql).record_fact(fact);
        return Json{{"fact", fact.fact}, {"value", fact.value}, {"as_of", fact.as_of}};
    });
}

void add_profile_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "jurisdiction.profiles",
        .summary = "The jurisdiction profiles shipped with the plugin (id, version, title) and the "
                   "one in force (policy.jurisdiction). Profiles are not legal advice.",
        .roles = kProfileReaders,
        .handler = &jurisdiction_profiles,
    });
    catalog.add({
        .name = "jurisdiction.profile",
        .summary = "The profile in force, its base profiles resolved: every rule with its kind, "
                   "citation and source profile, the confidentiality limits a recipient is told, "
                   "the roster form and the notice that the agency's legal advisor must review it.",
        .roles = kProfileReaders,
        .handler = &jurisdiction_profile,
    });
    catalog.add({
        .name = "jurisdiction.limits",
        .summary = "The limits of confidentiality under the profile in force, for everyone they "
                   "protect (IACP 6.2, 6.4): what the law protects (or that it protects nothing), "
                   "each limit in plain words with its citation and source, what the profile "
                   "could not verify, and the notice that the agency's legal advisor must review "
                   "it. Names nobody.",
        .roles = kLimitReaders,
        .handler = &jurisdiction_limits,
    });
}

void add_eligibility_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "jurisdiction.eligibility",
        .summary = "Each PSP's privilege eligibility under the profile: meets_requirements (the "
                   "profile's conditions on the PSP), eligible (privileged: only under an enacted "
                   "testimonial privilege; a profile without one answers \"no statutory "
                   "privilege\"), a plain answer, and every failing rule with its basis, citation "
                   "and since when (\"training requirement not met since 2027-Q1\"); with "
                   "incident_id, the incident rules too (designated before it, not involved in "
                   "it, a critical incident).",
        .roles = kCoordinator,
        .handler = &jurisdiction_eligibility,
    });
    catalog.add({
        .name = "jurisdiction.roster",
        .summary = "The eligibility roster in the form the profile demands: only the profile's "
                   "columns (West Virginia: name and privilege status only, no contact details).",
        .roles = kCoordinator,
        .handler = &jurisdiction_roster,
    });
}

void add_readiness_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "readiness.report",
        .summary = "The program readiness checklist against the profile and the IACP guidelines "
                   "(procedures manual 3.5, clinical consultation 3.4/5.1, coordinator 3.9, "
                   "quarterly training 8.2, steering committee 3.2, and what the state adds): each "
                   "item met, not_met or not_tracked, with what is missing. Names nobody; for "
                   "command staff, counts under policy.statistics.threshold are left out as in "
                   "statistics.report.",
        .roles = kProgramReaders,
        .handler = &readiness_report,
    });
    catalog.add({
        .name = "readiness.record",
        .summary = "The coordinator records a readiness fact the plugin cannot see, as a dated "
                   "yes/no (procedures manual adopted, coordinator designated, steering committee, "
                   "24-hour contact, alerting process, team meeting held); no free text.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &readiness_record,
    });
}

}  // namespace

void add_jurisdiction_methods(MethodCatalog &catalog) {
    add_profile_methods(catalog);
    add_eligibility_methods(catalog);
    add_readiness_methods(catalog);
}

}  // namespace psp
