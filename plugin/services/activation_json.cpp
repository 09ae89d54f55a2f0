// activation_json.cpp: categories, quarters and the shared incident lookup.
#include "plugin/services/activation_json.hpp"

#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/storage/directory_store.hpp"

namespace psp {

const Json &incident_categories() {
    static const Json categories = {"post_critical_incident", "on_scene_support",
                                    "hospital_visitation", "death_notification", "family_support"};
    return categories;
}

const Json &contact_categories() {
    static const Json categories = {"hospital_visitation",    "career_issues",
                                    "post_critical_incident", "death_notification",
                                    "substance_abuse_eap",    "relationship_issues",
                                    "family_support",         "on_scene_support"};
    return categories;
}

const Json &referral_kinds() {
    static const Json kinds = {
        "clinician", "chaplain", "another_psp", "eap", "substance_abuse_program",
        "medical",   "other"};
    return kinds;
}

std::string quarter_label(CivilDate day) {
    return std::to_string(static_cast<int>(day.year())) + "-Q" + std::to_string(quarter_of(day));
}

Incident require_open_incident(ActivationStore &store, int64_t incident_id) {
    const auto incident = store.incident(incident_id);
    if (!incident) {
        throw Error(ErrorCode::not_found, "no incident " + std::to_string(incident_id),
                    "/params/incident_id");
    }
    if (incident->status != "open") {
        throw Error(ErrorCode::conflict,
                    "incident " + std::to_string(incident_id) + " is " + incident->status,
                    "/params/incident_id");
    }
    return *incident;
}

Json assignment_json(const Assignment &a) {
    Json out = {{"incident_id", a.incident_id},
                {"employee_id", a.employee_id},
                {"psp_id", a.partner_no != 0 ? Json(nullptr) : Json(a.psp_id)},
                {"status", a.status},
                {"assigned_ms", a.assigned_ms},
                {"due_ms", a.due_ms}};
    if (a.partner_no != 0) {
        out["partner_psp_id"] = a.partner_no;
    }
    return out;
}

std::unordered_map<std::string, EmployeeRecord> directory_records(
    soci::session &sql, const std::vector<std::string> &ids) {
    std::unordered_map<std::string, EmployeeRecord> out;
    if (ids.empty()) {
        return out;
    }
    for (EmployeeRecord &e : DirectoryStore(sql).find_many(ids)) {
        std::string id = e.id;
        out.emplace(std::move(id), std::move(e));
    }
    return out;
}

Json name_of(const std::unordered_map<std::string, EmployeeRecord> &records,
             const std::string &id) {
    const auto it = records.find(id);
    return it == records.end() ? Json(nullptr) : Json(it->second.name);
}

Json partner_psp_json(const PartnerPsp &p) {
    return {{"partner_psp_id", p.partner_no},       {"name", p.name},       {"agency", p.agency},
            {"training_status", p.training_status}, {"contact", p.contact}, {"active", p.active}};
}

}  // namespace psp
