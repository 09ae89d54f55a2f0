// method_catalog.cpp: catalogue storage and the schema shorthand.
#include "plugin/dispatch/method_catalog.hpp"

#include "plugin/core/error.hpp"

namespace psp {

void MethodCatalog::add(MethodSpec spec) {
    const std::string name = spec.name;
    validators_.emplace(name, SchemaValidator(spec.params_schema));
    if (!specs_.emplace(name, std::move(spec)).second) {
        throw Error(ErrorCode::internal, "method " + name + " is registered twice");
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

Json object_schema(Json properties, const std::vector<std::string> &required) {
    Json schema = {
        {"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
    if (!required.empty()) {
        schema["required"] = required;
    }
    return schema;
}

}  // namespace psp
