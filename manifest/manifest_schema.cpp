// manifest_schema.cpp: validating a manifest against the built-in schema (core/json_schema.hpp).
#include "manifest/manifest_schema.hpp"

#include "plugin/core/json_schema.hpp"

namespace psp::manifest {
namespace {

// Parsed once: the schema is part of the program and never changes while it runs.
const JsonSchema &compiled_schema() {
    static const JsonSchema compiled(nlohmann::json::parse(manifest_schema_text()));
    return compiled;
}

}  // namespace

std::vector<std::string> manifest_schema_violations(const nlohmann::json &manifest) {
    std::vector<std::string> out;
    for (const SchemaViolation &v : compiled_schema().violations(manifest)) {
        const std::string where = json_pointer("", v.steps);
        out.push_back((where.empty() ? "/" : where) + ": " + v.description);
    }
    return out;
}

}  // namespace psp::manifest
