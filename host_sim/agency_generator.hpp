// agency_generator.hpp: a deterministic, realistic sample agency for the host simulator.
//
// Same seed and size, same agency, byte for byte. The org chart looks like a real department: a
// chief, deputy chiefs over divisions, captains, lieutenants, sergeants with spans of control of
// about 6 to 10 officers, dispatchers and other civilian staff, three or more shifts. It also
// fills a disciplinary table (the trap): every text field there carries a marker value that must
// never appear in the plugin's database, logs or requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace psp::host_sim {

struct HostEmployee {
    std::string scim_id;          // the host's SCIM resource id, e.g. "2819c223-...-000123"
    std::string employee_number;  // what the plugin keys people by, e.g. "E000123"
    std::string given_name;
    std::string family_name;
    std::string title;            // rank or job title: "Chief of Police", "Sergeant", "Dispatcher"
    std::string staff_category;   // "sworn", "civilian" or "dispatcher"
    std::string division;         // e.g. "Patrol", "Investigations", "Support Services"
    std::string unit;             // e.g. "Patrol Squad 4", "Communications"
    std::string shift;            // "Day", "Evening", "Night" (more for large agencies)
    std::string manager_scim_id;  // empty only for the chief
    std::string hire_date;        // "YYYY-MM-DD", between 1996 and 2025
    std::string email;            // personal data the plugin must drop
    std::string phone;
    std::string home_address;
    bool active = true;
};

struct DisciplinaryRecord {
    std::string employee_number;
    std::string case_number;  // carries the marker
    std::string allegation;   // carries the marker
    std::string finding;      // carries the marker
};

struct GeneratedAgency {
    std::string agency_id;
    uint64_t seed = 0;
    std::vector<HostEmployee> employees;  // the chief first
    std::vector<DisciplinaryRecord> disciplinary;
    std::string marker;  // the substring every disciplinary text field contains
};

// size: 20 to 100,000 employees; throws std::invalid_argument outside that range.
GeneratedAgency generate_agency(uint64_t seed, std::size_t size, const std::string &agency_id);

}  // namespace psp::host_sim
