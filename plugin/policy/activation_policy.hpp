// activation_policy.hpp: the agency's activation and contact policy, from "policy.activation":
// the check-in window after a critical incident (24 to 72 hours, reference 001), how long the
// identities of a closed incident are kept, and after how many contacts with the same person a
// PSP is prompted to refer (IACP 7.3).
#pragma once

namespace psp {

struct ActivationPolicy {
    int check_in_hours = 72;     // from assignment; at least 24
    int retention_days = 30;     // after an incident closes, then only counts remain
    int referral_prompt_at = 3;  // the contact number with the same person that prompts referral
};

}  // namespace psp
