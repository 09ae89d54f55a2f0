// jurisdiction_policy.cpp: the shipped profiles, the profile schema and the checks the schema
// cannot express (identifiers, which fields belong to which rule kind, the `extends` chain).
#include "plugin/config/jurisdiction_policy.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "plugin/config/jurisdiction_files.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/schema_validation.hpp"

namespace psp {
namespace {

constexpr int kMaxExtendsDepth = 4;
constexpr std::string_view kSchemaFile = "profile.schema.json";

JurisdictionProfile parse_chain(const Json &document, const std::string &pointer, int depth);

struct ShippedProfiles {
    Json schema;
    std::map<std::string, Json> by_id;
};

const ShippedProfiles &shipped() {
    static const ShippedProfiles files = [] {
        ShippedProfiles out;
        for (const EmbeddedFile &f : embedded_jurisdiction_files()) {
            Json json = Json::parse(f.text);
            if (f.name == kSchemaFile) {
                out.schema = std::move(json);
            } else {
                const std::string id = json.at("id").get<std::string>();
                out.by_id.emplace(id, std::move(json));
            }
        }
        return out;
    }();
    return files;
}

std::string shipped_list() {
    std::string out;
    for (const std::string &id : shipped_profile_ids()) {
        out += (out.empty() ? "" : ", ") + id;
    }
    return out;
}

[[noreturn]] void refuse(const std::string &field, const std::string &message) {
    throw Error(ErrorCode::invalid_request, field + ": " + message, field);
}

bool valid_identifier(const std::string &id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

// The schema names the field; this names the rule too, so an author finds it in a long file.
void validate_document(const Json &document, const std::string &pointer) {
    static const SchemaValidator validator(jurisdiction_profile_schema());
    try {
        validator.validate(document, pointer);
    } catch (const Error &e) {
        const std::string rules = pointer + "/rules/";
        if (e.field().rfind(rules, 0) != 0) {
            throw;
        }
        const std::size_t index = std::stoul(e.field().substr(rules.size()));
        const Json &rule = document.at("rules").at(index);
        const std::string id = rule.is_object() ? rule.value("id", "") : "";
        throw Error(
            ErrorCode::invalid_request,
            "rule " + (id.empty() ? "#" + std::to_string(index) : "'" + id + "'") + ": " + e.what(),
            e.field());
    }
}

// Fields that belong to one kind only: on another kind they would be silently meaningless.
void check_kind_fields(const Json &rule, RuleKind kind, const std::string &at) {
    const std::string name = "rule '" + rule.at("id").get<std::string>() + "'";
    for (const char *key : {"fails_when", "initial_hours"}) {
        if (rule.contains(key) && kind != RuleKind::training_requirement) {
            refuse(at + "/" + key, name + ": '" + key + "' belongs to training_requirement only");
        }
    }
    const bool involvement = kind == RuleKind::not_involved_in_incident;
    if (rule.contains("involvement") != involvement) {
        refuse(at + "/involvement", name + (involvement ? ": not_involved_in_incident needs "
                                                          "'involvement' (responder, witness, "
                                                          "party, other)"
                                                        : ": 'involvement' belongs to "
                                                          "not_involved_in_incident only"));
    }
    const bool categories = kind == RuleKind::critical_incident_only;
    if (rule.contains("incident_categories") != categories) {
        refuse(at + "/incident_categories",
               name + (categories ? ": critical_incident_only needs 'incident_categories' (the "
                                    "incident categories that count as a critical incident)"
                                  : ": 'incident_categories' belongs to critical_incident_only "
                                    "only"));
    }
}

std::optional<RuleSource> parse_source(const Json &owner) {
    const auto it = owner.find("source");
    if (it == owner.end()) {
        return std::nullopt;
    }
    RuleSource s;
    s.url = it->at("url").get<std::string>();
    s.status = *parse_law_status(it->at("status").get<std::string>());
    s.enacted_by = it->value("enacted_by", "");
    s.effective = it->value("effective", "");
    s.verified = it->at("verified").get<std::string>();
    return s;
}

ConfidentialityLimit parse_statement(const Json &json, const std::string &profile_id) {
    ConfidentialityLimit out{json.at("text").get<std::string>(),
                             json.at("citation").get<std::string>(), std::nullopt,
                             parse_source(json), profile_id};
    if (const auto basis = json.find("basis"); basis != json.end()) {
        out.basis = parse_rule_basis(basis->get<std::string>());
    }
    return out;
}

JurisdictionRule parse_rule(const Json &json, const std::string &profile_id,
                            const std::string &at) {
    JurisdictionRule rule;
    rule.id = json.at("id").get<std::string>();
    if (!valid_identifier(rule.id)) {
        refuse(at + "/id", "rule id '" + rule.id + "' must be letters, digits, '-' or '_'");
    }
    rule.kind = *parse_rule_kind(json.at("kind").get<std::string>());
    check_kind_fields(json, rule.kind, at);
    rule.citation = json.at("citation").get<std::string>();
    rule.summary = json.at("summary").get<std::string>();
    rule.profile_id = profile_id;
    if (json.value("fails_when", "lapsed") == "overdue") {
        rule.fails_when = TrainingFailsWhen::overdue;
    }
    rule.initial_minutes = json.value("initial_hours", int64_t{0}) * 60;
    for (const Json &kind : json.value("involvement", Json::array())) {
        rule.involvement.push_back(*parse_involvement(kind.get<std::string>()));
    }
    for (const Json &category : json.value("incident_categories", Json::array())) {
        rule.incident_categories.push_back(category.get<std::string>());
    }
    // Without a stated basis a rule is the agency's own policy: an answer must never present
    // it as what the law requires.
    rule.basis = *parse_rule_basis(json.value("basis", "agency_policy"));
    rule.source = parse_source(json);
    return rule;
}

JurisdictionProfile base_profile(const Json &document, const std::string &pointer, int depth) {
    const auto it = document.find("extends");
    if (it == document.end()) {
        return JurisdictionProfile{};
    }
    const std::string base = it->get<std::string>();
    const Json *json = shipped_profile_json(base);
    if (json == nullptr) {
        refuse(pointer + "/extends",
               "unknown profile '" + base + "' to extend; shipped profiles: " + shipped_list());
    }
    if (depth >= kMaxExtendsDepth) {
        refuse(pointer + "/extends", "the extends chain is longer than 4 profiles");
    }
    return parse_chain(*json, "/jurisdictions/" + base + ".json", depth + 1);
}

void add_rules(JurisdictionProfile &profile, const Json &document, const std::string &pointer) {
    std::set<std::string> ids;
    for (const JurisdictionRule &r : profile.rules) {
        ids.insert(r.id);
    }
    const Json &rules = document.at("rules");
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string at = pointer + "/rules/" + std::to_string(i);
        JurisdictionRule rule = parse_rule(rules[i], profile.id, at);
        if (!ids.insert(rule.id).second) {
            refuse(at + "/id", "rule id '" + rule.id + "' is used twice (here or in a base)");
        }
        profile.rules.push_back(std::move(rule));
    }
}

JurisdictionProfile parse_chain(const Json &document, const std::string &pointer, int depth) {
    validate_document(document, pointer);
    JurisdictionProfile profile = base_profile(document, pointer, depth);
    profile.id = document.at("id").get<std::string>();
    if (!valid_identifier(profile.id)) {
        refuse(pointer + "/id", "profile id must be letters, digits, '-' or '_'");
    }
    profile.version = document.at("version").get<std::string>();
    profile.title = document.at("title").get<std::string>();
    profile.legal_review = document.at("legal_review").get<std::string>();
    profile.lineage.push_back(profile.id);
    for (const Json &limit : document.value("confidentiality_limits", Json::array())) {
        profile.confidentiality_limits.push_back(parse_statement(limit, profile.id));
    }
    for (const Json &question : document.value("open_questions", Json::array())) {
        profile.open_questions.push_back(parse_statement(question, profile.id));
    }
    if (const auto p = document.find("protection"); p != document.end()) {
        profile.protection = {*parse_protection_kind(p->at("kind").get<std::string>()),
                              p->at("citation").get<std::string>(),
                              p->at("summary").get<std::string>(), parse_source(*p), profile.id};
    }
    add_rules(profile, document, pointer);
    if (const auto roster = document.find("roster"); roster != document.end()) {
        profile.roster_fields.clear();
        for (const Json &f : roster->at("fields")) {
            profile.roster_fields.push_back(*parse_roster_field(f.get<std::string>()));
        }
        profile.roster_citation = roster->at("citation").get<std::string>();
    }
    return profile;
}

}  // namespace

const Json &jurisdiction_profile_schema() {
    return shipped().schema;
}

std::vector<std::string> shipped_profile_ids() {
    std::vector<std::string> ids;
    for (const auto &[id, json] : shipped().by_id) {
        ids.push_back(id);
    }
    return ids;
}

const Json *shipped_profile_json(const std::string &id) {
    const auto it = shipped().by_id.find(id);
    return it == shipped().by_id.end() ? nullptr : &it->second;
}

JurisdictionProfile parse_jurisdiction_profile(const Json &document, const std::string &pointer) {
    return parse_chain(document, pointer, 0);
}

Json jurisdiction_policy_schema() {
    return {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}};
}

Json jurisdiction_profile_policy_schema() {
    return {{"type", "object"}};
}

Json federal_agency_policy_schema() {
    return {{"type", "boolean"}};
}

namespace {

// 34 U.S.C. 50901 covers only a Federal agency: a state or local agency choosing the federal
// profile would tell its officers they are covered by a law that does not apply to them.
JurisdictionProfile checked_scope(JurisdictionProfile profile, const Json &policy) {
    if (profile.has(RuleKind::federal_agency_only) && !policy.value("federal_agency", false)) {
        const auto rule = std::find_if(
            profile.rules.begin(), profile.rules.end(),
            [](const JurisdictionRule &r) { return r.kind == RuleKind::federal_agency_only; });
        refuse("/config/policy/jurisdiction",
               "the '" + profile.id +
                   "' profile covers only a Federal agency that employs law "
                   "enforcement officers (" +
                   rule->citation +
                   "); set policy.federal_agency to true if yours is one, or choose your "
                   "state's profile (shipped profiles: " +
                   shipped_list() + ")");
    }
    return profile;
}

}  // namespace

JurisdictionProfile parse_jurisdiction_policy(const Json &policy) {
    const std::string chosen = policy.value("jurisdiction", "");
    const auto own = policy.find("jurisdiction_profile");
    if (own == policy.end()) {
        const std::string id = chosen.empty() ? "generic" : chosen;
        const Json *json = shipped_profile_json(id);
        if (json == nullptr) {
            refuse("/config/policy/jurisdiction",
                   "unknown jurisdiction profile '" + id + "'; shipped profiles: " +
                       shipped_list() + " (or give your own in policy.jurisdiction_profile)");
        }
        return checked_scope(parse_jurisdiction_profile(*json, "/jurisdictions/" + id + ".json"),
                             policy);
    }
    const std::string pointer = "/config/policy/jurisdiction_profile";
    JurisdictionProfile profile = parse_jurisdiction_profile(*own, pointer);
    if (shipped_profile_json(profile.id) != nullptr) {
        refuse(pointer + "/id", "'" + profile.id +
                                    "' is a shipped profile's id: give yours its own id and "
                                    "\"extends\": \"" +
                                    profile.id + "\"");
    }
    if (!chosen.empty() && chosen != profile.id) {
        refuse("/config/policy/jurisdiction",
               "names '" + chosen + "' but policy.jurisdiction_profile is '" + profile.id + "'");
    }
    return checked_scope(std::move(profile), policy);
}

}  // namespace psp
