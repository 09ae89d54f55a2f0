// agreement_methods.cpp: versioned confidentiality agreements (IACP 6.8) and the clinician
// register the interview panels draw on.
//
// The coordinator publishes a new version; a selected candidate signs the current one to move
// on; members who signed an older one must re-sign within policy.selection.agreement_resign_days,
// after which they are not offered to anyone until they do.
#include <soci/soci.h>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/sha256.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/program_steps.hpp"

namespace psp {
namespace {

constexpr RoleSet kSigners = {Role::employee, Role::peer_supporter};
constexpr RoleSet kReaders = {Role::employee, Role::peer_supporter, Role::coordinator,
                              Role::hr_admin, Role::clinician};

Json agreement_json(const AgreementVersion &v, bool with_body) {
    Json out = {{"version", v.version},
                {"title", v.title},
                {"body_sha256", v.body_sha256},
                {"published_ms", v.published_ms},
                {"resign_by_ms", v.resign_by_ms}};
    if (with_body) {
        out["body"] = v.body;
    }
    return out;
}

Json agreement_publish(MethodContext &context, const Json &params) {
    AgreementVersion v;
    v.title = params.at("title").get<std::string>();
    v.body = params.at("body").get<std::string>();
    v.body_sha256 = sha256_hex(v.body);
    v.published_ms = context.now_ms();
    v.resign_by_ms = v.published_ms + context.config().selection.agreement_resign_days * kDayMs;
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        const auto current = store.current_agreement();
        v.version = current ? current->version + 1 : 1;
        store.publish_agreement(v);
        const std::size_t members = store.ids_with_status(ProgramStatus::active).size() +
                                    store.ids_with_status(ProgramStatus::on_leave).size() +
                                    store.ids_with_status(ProgramStatus::under_review).size();
        return Json{{"agreement", agreement_json(v, false)},
                    {"members_to_resign", current ? members : 0}};
    });
}

Json agreement_current(MethodContext &context, const Json & /*params*/) {
    std::optional<AgreementVersion> current;
    bool signed_it = false;
    context.read([&](soci::session &sql) {
        ProgramStore store(sql);
        current = store.current_agreement();
        if (current) {
            signed_it = store.signed_version(context.principal().id, current->version);
        }
    });
    if (!current) {
        throw Error(ErrorCode::not_found,
                    "no confidentiality agreement has been published (agreement.publish)");
    }
    return {{"agreement", agreement_json(*current, true)}, {"signed_by_principal", signed_it}};
}

Json agreement_sign(MethodContext &context, const Json &params) {
    const std::string id = context.principal().id;
    const int version = params.at("version").get<int>();
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        const auto current = store.current_agreement();
        if (!current || current->version != version) {
            throw Error(ErrorCode::conflict,
                        "version " + std::to_string(version) + " is not the current agreement" +
                            (current ? "; sign version " + std::to_string(current->version)
                                     : std::string()),
                        "/params/version");
        }
        if (m.status != ProgramStatus::awaiting_agreement && store.signed_version(id, version)) {
            throw Error(ErrorCode::conflict,
                        id + " has already signed version " + std::to_string(version),
                        "/params/version", {id});
        }
        if (!is_member(m.status)) {
            require_status(m, {ProgramStatus::awaiting_agreement}, "signing");
        }
        store.sign_agreement(id, version, context.now_ms());
        const Json detail = {{"version", version}};
        if (m.status == ProgramStatus::awaiting_agreement) {
            const ProgramStatus next =
                status_after(SelectionStep::agreement, m.path, context.config().selection);
            transition(store, m, context, kSigners, next, "agreement_signed", detail);
        } else {
            record_event(store, m, context, kSigners, "agreement_signed", detail);
        }
        return Json{{"member", member_json(m)}, {"version", version}};
    });
}

Json clinician_register(MethodContext &context, const Json &params) {
    Clinician c{params.at("clinician_id").get<std::string>(), params.at("name").get<std::string>(),
                params.at("license").get<std::string>(), params.value("active", true)};
    return context.commit([&](soci::session &sql) {
        ProgramStore(sql).save_clinician(c);
        return Json{{"clinician_id", c.clinician_id}, {"active", c.active}};
    });
}

Json clinician_list(MethodContext &context, const Json & /*params*/) {
    std::vector<Clinician> all;
    context.read([&](soci::session &sql) { all = ProgramStore(sql).clinicians(); });
    Json list = Json::array();
    for (const Clinician &c : all) {
        list.push_back({{"clinician_id", c.clinician_id},
                        {"name", c.name},
                        {"license", c.license},
                        {"active", c.active}});
    }
    return {{"clinicians", std::move(list)}};
}

}  // namespace

void add_agreement_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "agreement.publish",
        .summary = "Publishes a new version of the confidentiality agreement. Members who signed "
                   "an earlier one must re-sign within policy.selection.agreement_resign_days.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &agreement_publish,
    });
    catalog.add({
        .name = "agreement.current",
        .summary = "The current agreement's text, and whether the principal has signed it.",
        .roles = kReaders,
        .handler = &agreement_current,
    });
    catalog.add({
        .name = "agreement.sign",
        .summary = "The principal signs the current version: a selected candidate to move on, a "
                   "member to re-sign after a new version.",
        .roles = kSigners,
        .writes = true,
        .handler = &agreement_sign,
    });
    catalog.add({
        .name = "clinician.register",
        .summary = "Adds or updates a licensed mental-health professional the interview panels "
                   "may include (employees or external).",
        .roles = kCoordinator,
        .writes = true,
        .handler = &clinician_register,
    });
    catalog.add({
        .name = "clinician.list",
        .summary = "The clinician register.",
        .roles = kCoordinator,
        .handler = &clinician_list,
    });
}

}  // namespace psp
