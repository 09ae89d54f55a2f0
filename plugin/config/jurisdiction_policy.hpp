// jurisdiction_policy.hpp: the agency's jurisdiction profile (docs/jurisdictions.md), from
// "policy.jurisdiction" (a shipped profile's id, default "generic") and, optionally,
// "policy.jurisdiction_profile" (the agency's own profile, which extends a shipped one).
//
// Every profile, shipped or the agency's, passes the same JSON Schema and the same checks; a
// malformed or unknown one is refused with Error(invalid_request) naming the rule and the field
// as a JSON pointer.
#pragma once

#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"
#include "plugin/domain/jurisdiction_profile.hpp"

namespace psp {

// The profile file schema (plugin/jurisdictions/profile.schema.json).
const Json &jurisdiction_profile_schema();
// The shipped profiles' ids, sorted.
std::vector<std::string> shipped_profile_ids();
// A shipped profile's file as JSON, or nullptr when there is none by that id.
const Json *shipped_profile_json(const std::string &id);

// A profile document, with its `extends` chain resolved against the shipped profiles. Errors
// name fields under `pointer` (for example "/config/policy/jurisdiction_profile").
JurisdictionProfile parse_jurisdiction_profile(const Json &document, const std::string &pointer);

// The schema of "policy.jurisdiction" and "policy.jurisdiction_profile" (the latter checked by
// parse_jurisdiction_policy against the profile schema).
Json jurisdiction_policy_schema();
Json jurisdiction_profile_policy_schema();
// "policy.federal_agency": true for a Federal agency (34 U.S.C. 50901 covers no other).
Json federal_agency_policy_schema();
// `policy` is the whole "policy" object, already validated by the configuration schema. A profile
// with a federal_agency_only rule is refused unless policy.federal_agency is true.
JurisdictionProfile parse_jurisdiction_policy(const Json &policy);

}  // namespace psp
