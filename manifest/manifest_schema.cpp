// manifest_schema.cpp: validating a manifest with valijson against the built-in schema.
#include "manifest/manifest_schema.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace psp::manifest {
namespace {

// valijson names a place as {"<root>", "[library]", "[sha256]"}; people read "/library/sha256".
std::string json_pointer(const std::vector<std::string> &context) {
    std::string pointer;
    for (const std::string &step : context) {
        if (step.size() < 2 || step.front() != '[' || step.back() != ']') {
            continue;
        }
        std::string name = step.substr(1, step.size() - 2);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        pointer += "/" + name;
    }
    return pointer.empty() ? "/" : pointer;
}

// Parsed once: the schema is part of the program and never changes while it runs.
struct CompiledSchema {
    nlohmann::json document = nlohmann::json::parse(manifest_schema_text());
    valijson::Schema schema;

    CompiledSchema() {
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, schema);
    }
};

const valijson::Schema &compiled_schema() {
    static const CompiledSchema compiled;
    return compiled.schema;
}

}  // namespace

std::vector<std::string> manifest_schema_violations(const nlohmann::json &manifest) {
    // A fresh Validator per call: it caches regexes and is not meant to be shared across threads.
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(manifest);
    valijson::ValidationResults results;
    std::vector<std::string> violations;
    if (validator.validate(compiled_schema(), target, &results)) {
        return violations;
    }
    for (const auto &error : results) {
        violations.push_back(json_pointer(error.context) + ": " + error.description);
    }
    return violations;
}

}  // namespace psp::manifest
