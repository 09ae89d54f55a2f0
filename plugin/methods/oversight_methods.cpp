// oversight_methods.cpp: oversight kept as records, not yes/no flags (IACP 3.4, 3.5, 5.1, 6.1).
//
// - The clinical consultation log: that a licensed clinician from the register consulted with the
//   team, on a date, of a kind. No content and nobody supported is named: the schema has no field
//   for either. readiness.report counts it for the clinical consultation rule.
// - The procedures manual (3.5) and the departmental confidentiality policy (6.1): versioned
//   documents the coordinator publishes and every role may read, as the agreements are;
//   readiness.report counts a published manual for the written procedures rule.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/core/sha256.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/storage/oversight_store.hpp"
#include "plugin/storage/program_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kLoggers = {Role::coordinator, Role::clinician};
constexpr RoleSet kLogReaders = {Role::coordinator, Role::clinician, Role::auditor};
constexpr RoleSet kDocumentReaders = RoleSet::all();
constexpr std::size_t kListLimit = 1000;

Json consultation_json(const ClinicalConsultation &c) {
    return {{"consultation_no", c.consultation_no},
            {"held_on", c.held_on},
            {"clinician_id", c.clinician_id},
            {"kind", c.kind},
            {"recorded_by", c.recorded_by}};
}

Json consultation_log(MethodContext &context, const Json &params) {
    ClinicalConsultation c;
    c.held_on = past_date(context, params, "held_on");
    c.clinician_id = params.at("clinician_id").get<std::string>();
    c.kind = params.at("kind").get<std::string>();
    c.recorded_by = context.principal().id;
    c.recorded_ms = context.now_ms();
    return context.commit([&](soci::session &sql) {
        const auto clinician = ProgramStore(sql).clinician(c.clinician_id);
        if (!clinician || !clinician->active) {
            throw Error(ErrorCode::not_found,
                        c.clinician_id +
                            " is not an active clinician in the program's register "
                            "(clinician.register)",
                        "/params/clinician_id");
        }
        c.consultation_no = OversightStore(sql).log_consultation(c);
        return Json{{"consultation", consultation_json(c)}};
    });
}

Json consultation_list(MethodContext &context, const Json &params) {
    const std::string from = params.contains("from")
                                 ? format_iso_date(require_iso_date(
                                       params.at("from").get<std::string>(), "/params/from"))
                                 : std::string("0000-00-00");
    std::vector<ClinicalConsultation> found;
    context.read(
        [&](soci::session &sql) { found = OversightStore(sql).consultations(from, kListLimit); });
    Json list = Json::array();
    for (const ClinicalConsultation &c : found) {
        list.push_back(consultation_json(c));
    }
    return {{"consultations", std::move(list)}};
}

Json document_json(const ProgramDocument &d, bool with_body) {
    Json out = {{"kind", d.kind},
                {"version", d.version},
                {"title", d.title},
                {"body_sha256", d.body_sha256},
                {"published_ms", d.published_ms}};
    if (with_body) {
        out["body"] = d.body;
    }
    return out;
}

Json document_publish(MethodContext &context, const Json &params) {
    ProgramDocument d;
    d.kind = params.at("kind").get<std::string>();
    d.title = params.at("title").get<std::string>();
    d.body = params.at("body").get<std::string>();
    d.body_sha256 = sha256_hex(d.body);
    d.published_by = context.principal().id;
    d.published_ms = context.now_ms();
    return context.commit([&](soci::session &sql) {
        d.version = OversightStore(sql).publish_document(d);
        return Json{{"document", document_json(d, false)}};
    });
}

Json document_current(MethodContext &context, const Json &params) {
    const std::string kind = params.at("kind").get<std::string>();
    std::optional<ProgramDocument> d;
    context.read([&](soci::session &sql) { d = OversightStore(sql).current_document(kind); });
    if (!d) {
        throw Error(ErrorCode::not_found,
                    "no " + kind +
                        " has been published yet (the coordinator publishes it with "
                        "document.publish)",
                    "/params/kind");
    }
    return {{"document", document_json(*d, true)}};
}

}  // namespace

void add_oversight_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "consultation.log",
        .summary = "Records that a registered clinician consulted with the team (IACP 3.4, 5.1): "
                   "date (default today), clinician, kind. No content and nobody supported is "
                   "recorded; readiness.report counts the log.",
        .roles = kLoggers,
        .writes = true,
        .handler = &consultation_log,
    });
    catalog.add({
        .name = "consultation.list",
        .summary = "The clinical consultation log, newest first (from a date when given).",
        .roles = kLogReaders,
        .handler = &consultation_list,
    });
    catalog.add({
        .name = "document.publish",
        .summary = "Publishes a new version of the procedures manual (IACP 3.5) or the "
                   "departmental confidentiality policy (6.1), for every employee to read.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &document_publish,
    });
    catalog.add({
        .name = "document.current",
        .summary = "The current version of the procedures manual or the confidentiality policy; "
                   "every role may read it.",
        .roles = kDocumentReaders,
        .handler = &document_current,
    });
}

}  // namespace psp
