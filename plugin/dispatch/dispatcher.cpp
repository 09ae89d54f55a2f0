// dispatcher.cpp: the order of checks every call goes through.
#include "dispatch/dispatcher.hpp"

#include "core/error.hpp"
#include "storage/audit_log.hpp"

namespace psp {
namespace {

// Refusals and failures are audited in their own transaction: the failed work was rolled back.
void audit_failure(InstanceServices &s, const std::string &principal, RoleSet roles,
                   const std::string &method, ErrorCode code) noexcept {
    try {
        const int64_t now = s.host.now_ms();
        s.db.write([&](soci::session &sql) {
            AuditLog(sql).append(now, principal, audit_roles(roles), method,
                                 std::string(error_code_name(code)));
        });
    } catch (const std::exception &e) {
        try {
            s.host.log(PSP_LOG_ERROR, std::string("could not audit a refused call: ") + e.what());
        } catch (...) {  // NOLINT(bugprone-empty-catch): nothing is left to tell
        }
    }
}

const MethodSpec &authorised_spec(const Request &request, RoleSet roles) {
    const MethodSpec *spec = method_catalog().find(request.method);
    if (spec == nullptr) {
        throw Error(ErrorCode::unknown_method,
                    "unknown method '" + request.method + "'; plugin.info lists the methods",
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
    const MethodSpec &spec = authorised_spec(request, roles);
    method_catalog().params_validator(spec.name).validate(request.params, "/params");
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
        audit_failure(s, "?", RoleSet{}, "?", e.code());
        throw;
    }
    const RoleSet roles = s.config.role_map.resolve(request.principal.host_roles);
    const std::string audit_principal =
        audited_principal(method_catalog().find(request.method), request.principal.id);
    try {
        return run(s, request, roles);
    } catch (const Error &e) {
        audit_failure(s, audit_principal, roles, request.method, e.code());
        throw;
    } catch (const std::exception &e) {
        audit_failure(s, audit_principal, roles, request.method, ErrorCode::internal);
        throw;
    }
}

}  // namespace psp
