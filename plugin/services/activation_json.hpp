// activation_json.hpp: what incident, activation and contact methods share: the IACP 2.3
// categories, the quarter label counts are kept under, and finding an incident in a state.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/domain/employee.hpp"
#include "plugin/storage/activation_store.hpp"
#include "plugin/storage/partner_store.hpp"

namespace soci {
class session;
}

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

// {"incident_id", "employee_id", "psp_id" (null for a partner's), "partner_psp_id" (partners
// only), "status", "assigned_ms", "due_ms"}.
Json assignment_json(const Assignment &a);

// The directory records of `ids` that exist, by id (names next to ids for the coordinator).
std::unordered_map<std::string, EmployeeRecord> directory_records(
    soci::session &sql, const std::vector<std::string> &ids);
// The name of `id` in `records`, or null when the directory no longer has them.
Json name_of(const std::unordered_map<std::string, EmployeeRecord> &records, const std::string &id);

// {"partner_psp_id", "name", "agency", "training_status", "contact", "active"}.
Json partner_psp_json(const PartnerPsp &p);

}  // namespace psp
