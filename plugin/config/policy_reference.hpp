// policy_reference.hpp: what every key of the configuration's `policy` means, kept beside the
// schema that validates it.
//
// The descriptions are written into the published configuration schema (plugin.info's
// config_schema, so a host can show them in its forms), and docs/integration.md's policy
// reference is generated from that same schema: the accepted values come from the validating
// schema itself, so the documentation cannot drift from what is enforced (policy_doc_test.cpp
// fails when the document is stale or a key has no description).
#pragma once

#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace psp {

// Adds "description" to each described property of `policy_schema` (the schema of "policy").
void describe_policy_schema(Json &policy_schema);

// Every key of `policy_schema` ("policy.training.continuing.hours", ...) that has no description.
std::vector<std::string> undescribed_policy_keys(const Json &policy_schema);

// The reference as Markdown: one row per key, with what it accepts (from the schema) and its
// meaning and default.
std::string policy_reference_markdown(const Json &policy_schema);

}  // namespace psp
