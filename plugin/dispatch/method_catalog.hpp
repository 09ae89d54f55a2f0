// method_catalog.hpp: every business method, its roles, its schemas and its handler.
//
// Adding an operation adds a MethodSpec here, never a symbol to the ABI. The catalogue is built
// once, is immutable, and is what plugin.info and the manifest publish.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"
#include "plugin/core/schema_validation.hpp"
#include "plugin/domain/roles.hpp"

namespace psp {

class MethodContext;

using MethodHandler = std::function<Json(MethodContext &, const Json &params)>;

// Registered with designated initialisers in this order, a field left out keeping its default:
//   catalog.add({.name = "leave.start", .summary = "...", .roles = kCoordinator, .writes = true,
//                .params_schema = ..., .result_schema = ..., .handler = &leave_start});
struct MethodSpec {
    std::string name;
    std::string summary;
    RoleSet roles;        // who may call it; everyone else is refused and audited
    bool writes = false;  // writes need an idempotency key and are audited
    // The principal is the person receiving support (an employee declining their PSP): the
    // audit records the call with the principal withheld, because the audit log outlives the
    // activation's purge and must not keep who was supported (IACP 6.1).
    bool principal_is_recipient = false;
    Json params_schema;
    Json result_schema;
    MethodHandler handler;
};

// What the audit records as the principal of a call to `spec` (nullptr: an unknown method).
std::string audited_principal(const MethodSpec *spec, const std::string &principal_id);

class MethodCatalog {
  public:
    void add(MethodSpec spec);
    // nullptr when unknown.
    const MethodSpec *find(const std::string &name) const;
    const SchemaValidator &params_validator(const std::string &name) const;
    // In name order.
    std::vector<const MethodSpec *> all() const;

  private:
    std::map<std::string, MethodSpec> specs_;
    std::map<std::string, SchemaValidator> validators_;
};

// A params schema for an object with exactly `properties` (no others) and `required`.
Json object_schema(Json properties, const std::vector<std::string> &required = {});

}  // namespace psp
