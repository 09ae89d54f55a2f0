// policy_reference.cpp: the descriptions of the policy keys and the Markdown reference.
#include "plugin/config/policy_reference.hpp"

#include <map>
#include <set>

namespace psp {
namespace {

// Keys documented whole: their inner structure is documented elsewhere (the mapping's fields in
// "Reading the agency's HR export", a jurisdiction profile in jurisdictions.md).
const std::set<std::string> &opaque_keys() {
    static const std::set<std::string> keys = {"policy.directory.mapping.scim",
                                               "policy.directory.mapping.csv",
                                               "policy.jurisdiction_profile"};
    return keys;
}

// Meaning and default of each key. A new key needs a line here (policy_doc_test.cpp).
const std::map<std::string, std::string> &descriptions() {
    static const std::map<std::string, std::string> text = {
        {"policy.time_zone",
         "The agency's IANA time zone (`America/Chicago`): dates in requests, quarters and due "
         "dates are civil dates in this zone. Default `UTC`."},
        {"policy.directory.single_root",
         "Exactly one employee without a supervisor (the chief). Default false."},
        {"policy.directory.mapping.profile",
         "Where the export mapping starts: `plugin` (default), `entra_id_scim`, `okta_scim` or "
         "`hris_csv`."},
        {"policy.directory.mapping.scim",
         "Record field to SCIM attribute paths (core, enterprise or any extension, "
         "`<URN>:<attribute>`), in order of preference; replaces the profile's for that field."},
        {"policy.directory.mapping.csv",
         "Record field to CSV headers in order of preference (a list of headers is joined with a "
         "space: first and last name); replaces the profile's for that field."},
        {"policy.directory.mapping.category_values",
         "Export value to `sworn`, `civilian` or `dispatcher`, added to the profile's words."},
        {"policy.directory.mapping.shift_values",
         "Export value to the shift kept; a shift not listed is kept as written."},
        {"policy.directory.mapping.active_values",
         "Employment status to active (true) or not; a status nobody mapped refuses the row."},
        {"policy.directory.mapping.when_category_unknown",
         "A record whose category the export does not give: `warn` (default: kept as `unknown`, "
         "counted in the answer's warnings) or `reject` (the row is refused)."},
        {"policy.directory.mapping.when_shift_unknown",
         "A record without a shift: `warn` (default: kept without one, counted) or `reject`."},
        {"policy.selection.recommendations_required",
         "Recommendations that move a candidate on; 0 skips the step. Default 2."},
        {"policy.selection.recommendation_relations",
         "Whose recommendations count: a `superior` is anyone above the candidate in the org "
         "chart, everyone else a `peer`. Default both."},
        {"policy.selection.min_service_months",
         "Length of service before applying (needs the directory's hire_date). Default 12."},
        {"policy.selection.supervisors_may_serve",
         "IACP 7.4: when false, anyone with reports may not apply or be nominated. Default true."},
        {"policy.selection.decided_by",
         "Who decides on a candidate: `coordinator` (default) or `steering_committee`."},
        {"policy.selection.agreement_resign_days",
         "Days members have to sign a new agreement version before they are offered to nobody. "
         "Default 30."},
        {"policy.selection.initial_training_source",
         "`records` (default: the training records must meet policy.training.initial before a "
         "PSP serves) or `attestation` (training done elsewhere, recorded as attendance: hours, "
         "topics or course, date, provider)."},
        {"policy.selection.separation_of_duties",
         "Nobody attests, recommends, interviews or decides for themselves; an interview is "
         "recorded by a member of its panel; a decision (selection or review) is made by someone "
         "outside the candidate's chain of command. Default true."},
        {"policy.selection.reinstatement_steps",
         "The shortened path a deselected PSP takes back (IACP 4.3), in selection order; empty "
         "restores at once. Default good_standing, agreement, initial_training."},
        {"policy.coverage.employees_per_psp",
         "One PSP per this many employees, counted at the level policy.coverage.target_by sets. "
         "Default 50."},
        {"policy.coverage.target_by",
         "The groups the target is computed for: any of `division`, `shift`, `category`; empty "
         "(default): agency-wide (docs/coverage.md)."},
        {"policy.coverage.partner_agencies",
         "Agencies named where a cell has no PSP of its own (IACP 3.8.2). Default none."},
        {"policy.directory.screen.defaults",
         "Screen kept text fields with the documented default patterns (internal affairs, IA case "
         "numbers, suspension, discipline, misconduct, ...). Default true."},
        {"policy.directory.screen.patterns",
         "The agency's own patterns (at most 64): words at word boundaries, `#` for digits, `*` to "
         "end a word. A matching value is not stored and is named by employee id and field."},
        {"policy.federal_agency",
         "The agency is a Federal agency (34 U.S.C. 50901 covers only those): needed to choose "
         "the `federal` profile. Default false."},
        {"policy.training.initial.hours", "Hours of initial training. Default 40."},
        {"policy.training.initial.topics",
         "Topic codes initial training must cover. Default confidentiality, role_conflict, "
         "limits_liability, suicide_assessment, referral."},
        {"policy.training.continuing.period",
         "The continuing-training period, in the agency's calendar. Default `quarter`."},
        {"policy.training.continuing.hours", "Hours due each period (IACP 8.2). Default 4."},
        {"policy.training.continuing.grace_days",
         "Days overdue (leave days not counted) before a PSP's training lapses. Default 30."},
        {"policy.training.continuing.due_soon_days",
         "Short of hours this close to the period's end: due soon. Default 14."},
        {"policy.training.continuing.cycle_periods",
         "The cycle topics are due once per this many periods. Default 4."},
        {"policy.training.continuing.cycle_topics",
         "Topic codes due once per cycle. Default none."},
        {"policy.training.future_tolerance_days",
         "How far past today a training record's date may be. Default 0."},
        {"policy.training.leave_pauses_clock",
         "Leave pauses the continuing-training clock. Default true."},
        {"policy.conflicts.chain_of_command_depth",
         "How many levels up or down the chain of command conflict (IACP 7.2); 0 (default): any "
         "depth."},
        {"policy.activation.check_in_hours",
         "Hours after an assignment by which the PSP checks in (IACP 3.6). Default 72."},
        {"policy.activation.retention_days",
         "Days after an incident closes before its identities are purged and only counts "
         "remain. Default 30."},
        {"policy.activation.referral_prompt_at",
         "The contact number with the same person that prompts a referral (IACP 7.3). Default 3."},
        {"policy.statistics.threshold",
         "Counts from 1 to threshold - 1 are suppressed in statistics.report, with complements; "
         "breakdowns by division or shift with fewer people are refused. Default 5."},
        {"policy.jurisdiction",
         "A shipped jurisdiction profile's id (`generic` by default, `federal`, `ohio`, ...; see "
         "jurisdictions.md)."},
        {"policy.jurisdiction_profile",
         "The agency's own jurisdiction profile, usually extending a shipped one, validated by "
         "the profile schema (jurisdictions.md)."},
    };
    return text;
}

// Calls `visit(key, schema)` for every documented key: leaves and opaque objects.
template <class Visit>
void walk(const Json &schema, const std::string &key, Visit &&visit) {
    const auto properties = schema.find("properties");
    if (opaque_keys().contains(key) || properties == schema.end() || !properties->is_object()) {
        visit(key, schema);
        return;
    }
    for (const auto &[name, child] : properties->items()) {
        walk(child, key + "." + name, visit);
    }
}

template <class Visit>
void walk_mutable(Json &schema, const std::string &key, Visit &&visit) {
    const auto properties = schema.find("properties");
    if (opaque_keys().contains(key) || properties == schema.end() || !properties->is_object()) {
        visit(key, schema);
        return;
    }
    for (auto &[name, child] : properties->items()) {
        walk_mutable(child, key + "." + name, visit);
    }
}

std::string range(const Json &schema) {
    const bool low = schema.contains("minimum");
    const bool high = schema.contains("maximum");
    if (low && high) {
        return " " + schema.at("minimum").dump() + " to " + schema.at("maximum").dump();
    }
    if (low) {
        return " from " + schema.at("minimum").dump();
    }
    return high ? " up to " + schema.at("maximum").dump() : "";
}

// What a schema accepts, in words.
std::string accepts(const Json &schema) {
    if (const auto values = schema.find("enum"); values != schema.end()) {
        std::string text;
        for (const Json &v : *values) {
            text += (text.empty() ? "" : ", ") +
                    ("`" + (v.is_string() ? v.get<std::string>() : v.dump()) + "`");
        }
        return "one of " + text;
    }
    if (schema.contains("oneOf")) {
        return "one of several shapes";
    }
    const std::string type = schema.value("type", "");
    if (type == "integer" || type == "number") {
        return (type == "integer" ? "integer" : "number") + range(schema);
    }
    if (type == "boolean") {
        return "true or false";
    }
    if (type == "string") {
        return "text";
    }
    if (type == "array") {
        const Json items = schema.value("items", Json::object());
        return "list of " + (items.empty() ? std::string("values") : accepts(items));
    }
    if (type == "object") {
        if (const auto values = schema.find("additionalProperties");
            values != schema.end() && values->is_object()) {
            return "object: name to " + accepts(*values);
        }
        return "object";
    }
    return "any";
}

}  // namespace

void describe_policy_schema(Json &policy_schema) {
    walk_mutable(policy_schema, "policy", [](const std::string &key, Json &schema) {
        if (const auto it = descriptions().find(key); it != descriptions().end()) {
            schema["description"] = it->second;
        }
    });
}

std::vector<std::string> undescribed_policy_keys(const Json &policy_schema) {
    std::vector<std::string> missing;
    walk(policy_schema, "policy", [&](const std::string &key, const Json &schema) {
        if (!schema.contains("description")) {
            missing.push_back(key);
        }
    });
    return missing;
}

std::string policy_reference_markdown(const Json &policy_schema) {
    std::string text = "| key | accepts | meaning and default |\n|---|---|---|\n";
    walk(policy_schema, "policy", [&](const std::string &key, const Json &schema) {
        text += "| `" + key + "` | " + accepts(schema) + " | " +
                schema.value("description", std::string("(not described)")) + " |\n";
    });
    return text;
}

}  // namespace psp
