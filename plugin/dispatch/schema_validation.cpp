// schema_validation.cpp: valijson behind a small interface; the only file that includes it.
#include "dispatch/schema_validation.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/caller_text.hpp"
#include "core/error.hpp"

namespace psp {

struct SchemaValidator::Compiled {
    valijson::Schema schema;
};

namespace {

void append_step(std::string &pointer, const std::string &name) {
    pointer += '/';
    for (char c : name) {  // RFC 6901: '~' and '/' in a name are escaped
        switch (c) {
            case '~':
                pointer += "~0";
                break;
            case '/':
                pointer += "~1";
                break;
            default:
                pointer += c;
        }
    }
}

// valijson reports a path like {"<root>", "[params]", "[records]", "[3]"}; hosts want
// "/params/records/3".
std::string json_pointer(const std::vector<std::string> &context, const std::string &prefix) {
    std::string pointer = prefix;
    for (const std::string &step : context) {
        if (step.size() < 2 || step.front() != '[' || step.back() != ']') {
            continue;
        }
        std::string name = step.substr(1, step.size() - 2);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        append_step(pointer, name);
    }
    return pointer;
}

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

}  // namespace

SchemaValidator::SchemaValidator(const Json &schema)
    : schema_(schema), compiled_(std::make_unique<Compiled>()) {
    try {
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(schema_);
        parser.populateSchema(adapter, compiled_->schema);
    } catch (const std::exception &e) {
        throw Error(ErrorCode::internal,
                    std::string("a built-in JSON Schema is invalid: ") + e.what());
    }
}

SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator &&) noexcept = default;
SchemaValidator &SchemaValidator::operator=(SchemaValidator &&) noexcept = default;

void SchemaValidator::validate(const Json &document, const std::string &pointer_prefix) const {
    // A Validator caches regexes, so each call gets its own: the compiled schema stays shared and
    // read-only across host threads.
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(document);
    valijson::ValidationResults results;
    if (validator.validate(compiled_->schema, target, &results)) {
        return;
    }
    const valijson::ValidationResults::Error *deepest = nullptr;
    for (const auto &error : results) {
        if (deepest == nullptr || error.context.size() > deepest->context.size()) {
            deepest = &error;
        }
    }
    std::string field = json_pointer(deepest->context, pointer_prefix);
    if (const std::string unknown = unknown_property(deepest->description); !unknown.empty()) {
        // Shown only when it looks like a field name; the pointer then names it too.
        const std::string shown = shown_name(unknown);
        const bool plain = is_plain_name(unknown);
        if (plain) {
            append_step(field, unknown);
        }
        const std::string where = field.empty() ? std::string("the request") : field;
        throw Error(
            ErrorCode::invalid_request,
            where + ": unknown field " + shown + " (unknown fields are refused, not ignored)",
            field);
    }
    throw Error(ErrorCode::invalid_request,
                (field.empty() ? std::string("the request") : field) + ": " + deepest->description,
                field);
}

}  // namespace psp
