// activation_json.cpp: categories, quarters and the shared incident lookup.
#include "methods/activation_json.hpp"

#include "core/error.hpp"

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

Json incident_id_schema() {
    return {{"type", "integer"}, {"minimum", 1}};
}

Json assignment_json(const Assignment &a) {
    return {{"incident_id", a.incident_id}, {"employee_id", a.employee_id}, {"psp_id", a.psp_id},
            {"status", a.status},           {"assigned_ms", a.assigned_ms}, {"due_ms", a.due_ms}};
}

}  // namespace psp
