// activation_json.hpp: what incident, activation and contact methods share: the IACP 2.3
// categories, the quarter label counts are kept under, and finding an incident in a state.
#pragma once

#include <cstdint>
#include <string>

#include "core/agency_calendar.hpp"
#include "core/json_text.hpp"
#include "storage/activation_store.hpp"

namespace psp {

// IACP 2.3 activities a critical incident may call for.
const Json &incident_categories();
// Every IACP 2.3 activity, for contacts.
const Json &contact_categories();
// The kinds of referral a contact may record.
const Json &referral_kinds();

// "2024-Q1".
std::string quarter_label(CivilDate day);

// The incident, or Error(not_found); Error(conflict) unless it is open.
Incident require_open_incident(ActivationStore &store, int64_t incident_id);

Json incident_id_schema();
Json assignment_json(const Assignment &a);

}  // namespace psp
