// method_catalog.cpp: catalogue storage, each method given the schemas of its file.
#include "plugin/dispatch/method_catalog.hpp"

#include "plugin/core/error.hpp"

namespace psp {
namespace {

constexpr std::string_view kSchemaSuffix = ".json";

// {"params": schema, "result": schema} and nothing else, or an internal error naming the file.
Json parsed_schema_file(const EmbeddedFile &file) {
    const std::string name(file.name);
    Json doc = Json::parse(file.text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        throw Error(ErrorCode::internal, "method schema file " + name + " is not JSON");
    }
    if (!doc.is_object() || doc.size() != 2 || !doc.contains("params") || !doc.contains("result") ||
        !doc["params"].is_object() || !doc["result"].is_object()) {
        throw Error(ErrorCode::internal,
                    "method schema file " + name +
                        " must be an object of exactly a \"params\" and a \"result\" schema");
    }
    return doc;
}

}  // namespace

MethodCatalog::MethodCatalog(const std::vector<EmbeddedFile> &schema_files) {
    for (const EmbeddedFile &file : schema_files) {
        const std::string_view name = file.name;
        if (!name.ends_with(kSchemaSuffix)) {
            throw Error(ErrorCode::internal,
                        "method schema file " + std::string(name) + " does not end in .json");
        }
        schema_files_.emplace(name.substr(0, name.size() - kSchemaSuffix.size()),
                              parsed_schema_file(file));
    }
}

void MethodCatalog::add(MethodSpec spec) {
    const std::string name = spec.name;
    if (!spec.params_schema.is_null() || !spec.result_schema.is_null()) {
        throw Error(ErrorCode::internal,
                    "method " + name + " brings its own schemas: they belong in its schema file");
    }
    const auto file = schema_files_.find(name);
    if (file == schema_files_.end()) {
        throw Error(ErrorCode::internal,
                    "method " + name + " has no schema file " + name + std::string(kSchemaSuffix));
    }
    spec.params_schema = file->second.at("params");
    spec.result_schema = file->second.at("result");
    // Compiled once here so a result schema valijson cannot read fails the catalogue, not a call.
    SchemaValidator{spec.result_schema};
    SchemaValidator params(spec.params_schema);
    if (!specs_.emplace(name, std::move(spec)).second) {
        throw Error(ErrorCode::internal, "method " + name + " is registered twice");
    }
    validators_.emplace(name, std::move(params));
}

void MethodCatalog::require_every_schema_used() const {
    for (const auto &[name, schemas] : schema_files_) {
        if (!specs_.contains(name)) {
            throw Error(ErrorCode::internal,
                        "schema file " + name + std::string(kSchemaSuffix) + " names no method");
        }
    }
}

std::string audited_principal(const MethodSpec *spec, const std::string &principal_id) {
    if (spec != nullptr && spec->principal_is_recipient) {
        return "withheld:recipient";
    }
    return principal_id;
}

const MethodSpec *MethodCatalog::find(const std::string &name) const {
    const auto it = specs_.find(name);
    return it == specs_.end() ? nullptr : &it->second;
}

const SchemaValidator &MethodCatalog::params_validator(const std::string &name) const {
    return validators_.at(name);
}

std::vector<const MethodSpec *> MethodCatalog::all() const {
    std::vector<const MethodSpec *> out;
    for (const auto &[name, spec] : specs_) {
        out.push_back(&spec);
    }
    return out;
}

}  // namespace psp
