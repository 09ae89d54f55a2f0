// partner_methods.cpp: partner agencies' PSPs (IACP 3.8.2; reference 004 for small and rural
// agencies): the coordinator records each by name, agency, training status and how to reach
// them, keeps that current, and retires them. incident.proposals offers the active, trained ones
// when no PSP of ours is eligible; activation.assign takes their partner_psp_id.
//
// A partner PSP gets no account and no access to our directory: they are reached by the contact
// recorded here, and the coordinator records their check-ins.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/storage/partner_store.hpp"

namespace psp {
namespace {

void apply_fields(PartnerPsp &p, const Json &params) {
    p.name = params.value("name", p.name);
    p.agency = params.value("agency", p.agency);
    p.training_status = params.value("training_status", p.training_status);
    p.contact = params.value("contact", p.contact);
    p.active = params.value("active", p.active);
}

Json partner_add(MethodContext &context, const Json &params) {
    return context.commit([&](soci::session &sql) {
        PartnerStore store(sql);
        PartnerPsp p;
        p.partner_no = store.next_partner_no();
        apply_fields(p, params);
        p.updated_ms = context.now_ms();
        store.save(p);
        return Json{{"partner_psp", partner_psp_json(p)}};
    });
}

Json partner_update(MethodContext &context, const Json &params) {
    const int64_t no = params.at("partner_psp_id").get<int64_t>();
    return context.commit([&](soci::session &sql) {
        PartnerStore store(sql);
        auto p = store.find(no);
        if (!p) {
            throw Error(ErrorCode::not_found,
                        "no partner PSP " + std::to_string(no) + "; partner.list shows them",
                        "/params/partner_psp_id");
        }
        apply_fields(*p, params);
        p->updated_ms = context.now_ms();
        store.save(*p);
        return Json{{"partner_psp", partner_psp_json(*p)}};
    });
}

Json partner_list(MethodContext &context, const Json &params) {
    Json list = Json::array();
    context.read([&](soci::session &sql) {
        for (const PartnerPsp &p :
             PartnerStore(sql).list(!params.value("include_retired", false))) {
            list.push_back(partner_psp_json(p));
        }
    });
    return {{"partner_psps", std::move(list)}};
}

}  // namespace

void add_partner_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "partner.add",
        .summary = "The coordinator records a partner agency's PSP (IACP 3.8.2): name, agency, "
                   "training status (current: trained and up to date; initial_only; lapsed) and "
                   "how to reach them (a work phone or address, at most 200 characters). Only "
                   "current ones are proposed. They get no access to the agency's directory.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &partner_add,
    });
    catalog.add({
        .name = "partner.update",
        .summary = "The coordinator updates a partner PSP's fields, or retires them (active: "
                   "false) so they are no longer proposed or assignable.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &partner_update,
    });
    catalog.add({
        .name = "partner.list",
        .summary = "The partner agencies' PSPs, by agency then name (retired ones too with "
                   "include_retired).",
        .roles = kCoordinator,
        .handler = &partner_list,
    });
}

}  // namespace psp
