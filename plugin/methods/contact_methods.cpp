// contact_methods.cpp: contact.log, a PSP's non-identifying record of one contact, and the
// referral prompt of IACP 7.3 ("a large number of contacts between a PSP and any one individual
// may be an indication that a referral is needed").
//
// Repeat contacts without a link: the PSP says "this is my Nth contact with this person"
// (repeat_count), counted on their side. The plugin never receives anything derived from the
// person's identity (no id, no hash, no token), so nothing the operator holds, the database or
// the audit log or any key, can lead back to the person: an HMAC or salted hash the plugin
// computed would be reversible by whoever runs the plugin, by hashing every directory id, and a
// token the PSP's device derived would still link all contacts with the same person. The
// plugin stores only "repeat yes/no" and whether it prompted, and prompts when the count reaches
// policy.activation.referral_prompt_at.
#include <soci/soci.h>

#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/services/psp_membership.hpp"
#include "plugin/storage/contact_store.hpp"

namespace psp {
namespace {

// Built on first use: a namespace-scope Json could throw before main where nothing can catch it.
const Json &suggestions() {
    static const Json values = {"clinician", "chaplain", "another_psp"};
    return values;
}

Json contact_log(MethodContext &context, const Json &params) {
    ContactRecord c;
    c.quarter = quarter_label(context.config().calendar.local_date(context.now_ms()));
    c.category = params.at("category").get<std::string>();
    c.minutes = params.at("minutes").get<int>();
    c.referrals = params.value("referrals", std::vector<std::string>{});
    const int repeat_count = params.value("repeat_count", 1);
    c.repeat_contact = repeat_count > 1;
    c.referral_prompted = repeat_count >= context.config().activation.referral_prompt_at;
    return context.commit([&](soci::session &sql) {
        require_psp_membership(context, sql, {ProgramStatus::active}, "logging a contact");
        ContactStore(sql).add(c);
        return Json{{"logged", true},
                    {"referral_prompt", c.referral_prompted},
                    {"suggestions", c.referral_prompted ? suggestions() : Json::array()}};
    });
}

}  // namespace

void add_contact_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "contact.log",
        .summary =
            "The principal, a PSP, logs one contact without identifying the person: category (IACP "
            "2.3), minutes, referrals made and, for a repeat contact, which contact with the same "
            "person this is by the PSP's own count (repeat_count; the plugin keeps no link). From "
            "policy.activation.referral_prompt_at on, the answer prompts a referral (7.3). Only "
            "an active member of the team may log (the host's role alone is not enough).",
        .roles = kPsp,
        .writes = true,
        .handler = &contact_log,
    });
}

}  // namespace psp
