// json_schema.cpp: valijson behind JsonSchema; no other file includes valijson.
#include "plugin/core/json_schema.hpp"

#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace psp {

struct JsonSchema::Compiled {
    valijson::Schema schema;
};

namespace {

// valijson reports a place as {"<root>", "[params]", "[\"records\"]", "[3]"}: the bracketed steps,
// unquoted, are the names and indexes.
std::vector<std::string> steps_of(const std::vector<std::string> &context) {
    std::vector<std::string> out;
    for (const std::string &step : context) {
        if (step.size() < 2 || step.front() != '[' || step.back() != ']') {
            continue;
        }
        std::string name = step.substr(1, step.size() - 2);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        out.push_back(std::move(name));
    }
    return out;
}

}  // namespace

JsonSchema::JsonSchema(const nlohmann::json &schema) : compiled_(std::make_unique<Compiled>()) {
    try {
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(schema);
        parser.populateSchema(adapter, compiled_->schema);
    } catch (const std::exception &e) {
        throw std::invalid_argument(std::string("not a valid JSON Schema: ") + e.what());
    }
}

JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema &&) noexcept = default;
JsonSchema &JsonSchema::operator=(JsonSchema &&) noexcept = default;

std::vector<SchemaViolation> JsonSchema::violations(const nlohmann::json &document) const {
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(document);
    valijson::ValidationResults results;
    std::vector<SchemaViolation> out;
    if (validator.validate(compiled_->schema, target, &results)) {
        return out;
    }
    for (const auto &error : results) {
        out.push_back({steps_of(error.context), error.description});
    }
    return out;
}

std::string json_pointer(const std::string &prefix, const std::vector<std::string> &steps) {
    std::string pointer = prefix;
    for (const std::string &name : steps) {
        pointer += '/';
        for (char c : name) {
            pointer += c == '~'   ? std::string("~0")
                       : c == '/' ? std::string("~1")
                                  : std::string(1, c);
        }
    }
    return pointer;
}

}  // namespace psp
