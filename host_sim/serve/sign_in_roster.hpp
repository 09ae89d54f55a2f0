// sign_in_roster.hpp: who can sign in to `psp-host serve`, and the plugin roles the host grants
// each. The host authenticates and the plugin authorises: in the simulator, "authenticating" is
// choosing a person from this list, as an agency's single sign-on would choose for them.
#pragma once

#include <string>
#include <vector>

#include "host_sim/agency_session.hpp"

namespace psp::host_sim {

struct RosterPerson {
    std::string employee_id;
    std::string name;
    std::string title;
    std::vector<std::string> roles;  // plugin roles, as the host maps its own
    std::string role_label;          // what the sign-in page calls them ("Program coordinator")
};

// The agency's staff with an administrative role (fixed ids, as the sample agency scenario
// uses them), every active PSP, and a few employees: people involved in the open incident and
// volunteers in selection. Names come from the plugin's directory.
std::vector<RosterPerson> build_sign_in_roster(const AgencySession &session);

}  // namespace psp::host_sim
