// method_catalog.hpp: every business method, its roles, its schemas and its handler.
//
// Adding an operation adds a MethodSpec and its schema file, never a symbol to the ABI. The
// catalogue is built once, is immutable, and is what plugin.info and the manifest publish.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "plugin/core/embedded_file.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/core/schema_validation.hpp"
#include "plugin/domain/roles.hpp"

namespace psp {

class MethodContext;

using MethodHandler = std::function<Json(MethodContext &, const Json &params)>;

// Registered with designated initialisers in this order, fields left out keeping their defaults:
//   catalog.add({.name = "leave.start", .summary = "...", .roles = kSelf, .writes = true,
//                .handler = &leave_start});
struct MethodSpec {
    std::string name;
    std::string summary;
    RoleSet roles;        // who may call it; everyone else is refused and audited
    bool writes = false;  // writes need an idempotency key and are audited
    // The principal is the person receiving support (an employee declining their PSP): the
    // audit records the call with the principal withheld, because the audit log outlives the
    // activation's purge and must not keep who was supported (IACP 6.1).
    bool principal_is_recipient = false;
    MethodHandler handler;
    // Never given at registration: the catalogue fills both from the method's schema file,
    // {"params": ..., "result": ...} (plugin/methods/schemas/<name>.json).
    Json params_schema;
    Json result_schema;
};

// What the audit records as the principal of a call to `spec` (nullptr: an unknown method).
std::string audited_principal(const MethodSpec *spec, const std::string &principal_id);

class MethodCatalog {
  public:
    // `schema_files` holds one "<method name>.json" per method. A file that is not an object of
    // exactly "params" and "result" schemas throws.
    explicit MethodCatalog(const std::vector<EmbeddedFile> &schema_files);

    // Throws when the method has no schema file, is registered twice, or brings its own schemas.
    void add(MethodSpec spec);
    // Throws when a schema file names no registered method: called once every group is added.
    void require_every_schema_used() const;

    // nullptr when unknown.
    const MethodSpec *find(const std::string &name) const;
    const SchemaValidator &params_validator(const std::string &name) const;
    // In name order.
    std::vector<const MethodSpec *> all() const;

  private:
    std::map<std::string, Json> schema_files_;  // by method name
    std::map<std::string, MethodSpec> specs_;
    std::map<std::string, SchemaValidator> validators_;
};

}  // namespace psp
