// schema_validation.cpp: a call's params against its method's schema (core/json_schema.hpp),
// and the deepest violation in words a person can act on.
#include "plugin/core/schema_validation.hpp"

#include "plugin/core/caller_text.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/json_schema.hpp"

namespace psp {

struct SchemaValidator::Compiled {
    JsonSchema schema;
};

namespace {

// valijson names an unknown property only in its message ("...constraints: 'reason'."). The
// field pointer should name it, so a host's form can mark the field it must not send.
std::string unknown_property(const std::string &description) {
    static const std::string kMarker = "'properties' or 'additionalProperties' constraints: '";
    const std::size_t at = description.find(kMarker);
    if (at == std::string::npos || description.size() < at + kMarker.size() + 2) {
        return {};
    }
    const std::size_t from = at + kMarker.size();
    const std::size_t to = description.rfind('\'');
    return to > from ? description.substr(from, to - from) : std::string();
}

// The sub-schema that describes the value at `steps`, or nullptr when it cannot be followed
// (a combinator, a reference): the schemas the plugin publishes are plain properties and items.
const Json *schema_at(const Json &root, const std::vector<std::string> &steps) {
    const Json *node = &root;
    for (const std::string &step : steps) {
        if (!node->is_object()) {
            return nullptr;
        }
        const auto properties = node->find("properties");
        if (properties != node->end() && properties->contains(step)) {
            node = &(*properties)[step];
        } else if (const auto items = node->find("items");
                   items != node->end() && items->is_object()) {
            node = &*items;
        } else if (const auto more = node->find("additionalProperties");
                   more != node->end() && more->is_object()) {
            node = &*more;
        } else {
            return nullptr;
        }
    }
    return node;
}

std::string listed(const Json &values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i].dump();
    }
    return out;
}

std::string article(const std::string &type) {
    return (type == "integer" || type == "object" || type == "array") ? "an " + type : "a " + type;
}

// What a value of `schema` looks like, in words: "one of \"a\", \"b\"", "a date like
// 2026-12-04 (YYYY-MM-DD)", "an object with member_id (a string) and role (one of ...)".
std::string expected_shape(const Json &schema, int depth = 0) {
    if (!schema.is_object()) {
        return "a value";
    }
    if (const auto d = schema.find("description"); d != schema.end() && d->is_string()) {
        return d->get<std::string>();
    }
    if (const auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
        return "one of " + listed(*e);
    }
    const auto t = schema.find("type");
    if (t == schema.end()) {
        return "a value";
    }
    if (t->is_array()) {
        std::string out;
        for (std::size_t i = 0; i < t->size(); ++i) {
            out += (i == 0 ? "" : " or ") + article((*t)[i].get<std::string>());
        }
        return out;
    }
    const std::string type = t->get<std::string>();
    std::string out = article(type);
    if (type == "string" && schema.contains("minLength") && schema.contains("maxLength")) {
        out += " of " + schema["minLength"].dump() + " to " + schema["maxLength"].dump() +
               " characters";
    } else if ((type == "integer" || type == "number") && schema.contains("minimum") &&
               schema.contains("maximum")) {
        out += " from " + schema["minimum"].dump() + " to " + schema["maximum"].dump();
    } else if (type == "array" && schema.contains("items") && depth < 2) {
        out += " of " + expected_shape(schema["items"], depth + 1);
        if (const auto n = schema.find("minItems"); n != schema.end()) {
            out += " (at least " + n->dump() + ")";
        }
    } else if (type == "object" && schema.contains("properties") && depth < 2) {
        const Json required = schema.value("required", Json::array());
        std::string fields;
        for (std::size_t i = 0; i < required.size(); ++i) {
            const std::string name = required[i].get<std::string>();
            fields += (i == 0                     ? ""
                       : i + 1 == required.size() ? " and "
                                                  : ", ") +
                      name + " (" +
                      expected_shape(schema["properties"].value(name, Json::object()), depth + 1) +
                      ")";
        }
        if (!fields.empty()) {
            out += " with " + fields;
        }
    }
    return out;
}

}  // namespace

SchemaValidator::SchemaValidator(const Json &schema) : schema_(schema) {
    try {
        compiled_ = std::make_unique<Compiled>(Compiled{JsonSchema(schema_)});
    } catch (const std::exception &e) {
        throw Error(ErrorCode::internal,
                    std::string("a built-in JSON Schema is invalid: ") + e.what());
    }
}

SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator &&) noexcept = default;
SchemaValidator &SchemaValidator::operator=(SchemaValidator &&) noexcept = default;

void SchemaValidator::validate(const Json &document, const std::string &pointer_prefix) const {
    const std::vector<SchemaViolation> violations = compiled_->schema.violations(document);
    if (violations.empty()) {
        return;
    }
    const SchemaViolation *deepest = nullptr;
    for (const SchemaViolation &v : violations) {
        if (deepest == nullptr || v.steps.size() > deepest->steps.size()) {
            deepest = &v;
        }
    }
    std::string field = json_pointer(pointer_prefix, deepest->steps);
    if (const std::string unknown = unknown_property(deepest->description); !unknown.empty()) {
        // Shown only when it looks like a field name; the pointer then names it too.
        const std::string shown = shown_name(unknown);
        const bool plain = is_plain_name(unknown);
        if (plain) {
            field = json_pointer(field, {unknown});
        }
        const std::string where = field.empty() ? std::string("the request") : field;
        throw Error(
            ErrorCode::invalid_request,
            where + ": unknown field " + shown + " (unknown fields are refused, not ignored)",
            field);
    }
    // valijson's words say what failed ("Failed to match against any enum values."); a person
    // also needs what would pass: the allowed values, a date's form, the object's fields.
    std::string message = (field.empty() ? std::string("the request") : field) + ": ";
    const Json *expected = schema_at(schema_, deepest->steps);
    // Where the schema says in words what would pass (an enum's values, a described shape),
    // valijson's words add nothing, except a missing property's name.
    const bool missing = deepest->description.rfind("Missing required property", 0) == 0;
    if (expected != nullptr && expected->is_object() &&
        (expected->contains("enum") || (expected->contains("description") && !missing))) {
        message += "expected " + expected_shape(*expected);
    } else if (expected != nullptr) {
        message += deepest->description + " Expected " + expected_shape(*expected) + ".";
    } else {
        message += deepest->description;
    }
    throw Error(ErrorCode::invalid_request, message, field);
}

}  // namespace psp
