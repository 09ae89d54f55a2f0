// dispatcher.cpp: the order of checks every call goes through.
#include "plugin/dispatch/dispatcher.hpp"

#include "plugin/core/error.hpp"
#include "plugin/dispatch/call_audit.hpp"
#include "plugin/storage/audit_log.hpp"

namespace psp {
namespace {

// Refusals and failures are audited in their own transaction: the failed work was rolled back.
void audit_failure(InstanceServices &s, const MethodSpec *spec, const std::string &principal,
                   RoleSet roles, ErrorCode code) noexcept {
    try {
        const int64_t now = s.host.now_ms();
        s.db.write([&](soci::session &sql) {
            audit_call(sql, s.config.calendar, spec, now, principal, roles,
                       std::string(error_code_name(code)));
        });
    } catch (const std::exception &e) {
        try {
            s.host.log(PSP_LOG_ERROR, std::string("could not audit a refused call: ") + e.what());
        } catch (...) {  // NOLINT(bugprone-empty-catch): nothing is left to tell
        }
    }
}

const MethodSpec &authorised_spec(const MethodCatalog &catalog, const Request &request,
                                  RoleSet roles) {
    const MethodSpec *spec = catalog.find(request.method);
    if (spec == nullptr) {
        // The name is not repeated: it is the caller's text (shown_name would pass a plausible
        // one, but a typo of a method is better found in plugin.info's list than in a log).
        throw Error(ErrorCode::unknown_method,
                    "no method has the name given in /method; plugin.info lists the methods",
                    "/method");
    }
    if (!spec->roles.intersects(roles)) {
        throw Error(ErrorCode::forbidden,
                    "the principal's roles may not call " + spec->name +
                        "; it needs one of: " + audit_roles(spec->roles),
                    "/principal/roles");
    }
    return *spec;
}

Json run(InstanceServices &s, const Request &request, RoleSet roles) {
    const MethodSpec &spec = authorised_spec(s.catalog, request, roles);
    s.catalog.params_validator(spec.name).validate(request.params, "/params");
    // A dry run (a write method's preview) changes nothing: no key, no replay, no commit.
    const bool dry_run = spec.writes && is_dry_run(request.params);
    if (spec.writes && !dry_run && request.idempotency_key.empty()) {
        throw Error(ErrorCode::invalid_request,
                    spec.name + " changes data and needs an idempotency_key", "/idempotency_key");
    }
    MethodContext context(s, request, roles, spec, s.host.now_ms());
    if (spec.writes && !dry_run) {
        if (auto replayed = context.replay()) {
            return std::move(*replayed);
        }
    }
    Json result = spec.handler(context, request.params);
    if (spec.writes && !dry_run && !context.committed()) {
        throw Error(ErrorCode::internal, spec.name + " returned without committing its change");
    }
    return result;
}

}  // namespace

Json dispatch(InstanceServices &s, std::string_view request_text) {
    Request request;
    try {
        request = parse_request(request_text, s.config.max_request_bytes);
    } catch (const Error &e) {
        try {
            const int64_t now = s.host.now_ms();
            s.db.write([&](soci::session &sql) {
                AuditLog(sql).append(now, "?", "-", "?", std::string(error_code_name(e.code())));
            });
        } catch (const std::exception &) {  // NOLINT(bugprone-empty-catch): as audit_failure
        }
        throw;
    }
    const RoleSet roles = s.config.role_map.resolve(request.principal.host_roles);
    // The audit names only catalogue methods (audit_call): an unknown name is the caller's
    // text, which the append-only log would otherwise keep forever (a name, a note, anything).
    const MethodSpec *spec = s.catalog.find(request.method);
    try {
        return run(s, request, roles);
    } catch (const Error &e) {
        audit_failure(s, spec, request.principal.id, roles, e.code());
        throw;
    } catch (const std::exception &e) {
        audit_failure(s, spec, request.principal.id, roles, ErrorCode::internal);
        throw;
    }
}

}  // namespace psp
