// method_context.cpp: reads, and writes bound to their idempotency record and audit entry.
#include "dispatch/method_context.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "storage/audit_log.hpp"
#include "storage/idempotency_store.hpp"

namespace psp {

std::string audit_roles(RoleSet roles) {
    std::string out;
    for (const std::string &name : roles.names()) {
        out += (out.empty() ? "" : ",") + name;
    }
    return out.empty() ? "-" : out;
}

MethodContext::MethodContext(InstanceServices &services, const Request &request, RoleSet roles,
                             const MethodSpec &spec, int64_t now_ms)
    : services_(services), request_(request), roles_(roles), spec_(spec), now_ms_(now_ms) {}

std::shared_ptr<const OrgChartIndex> MethodContext::org_chart() {
    return services_.org_chart.current(services_.db, services_.config.calendar.local_date(now_ms_));
}

void MethodContext::install_org_chart(int64_t revision,
                                      const std::vector<EmployeeRecord> &employees,
                                      const std::vector<ActingPeriod> &acting) {
    const CivilDate today = services_.config.calendar.local_date(now_ms_);
    services_.org_chart.install(revision, today,
                                std::make_shared<const OrgChartIndex>(OrgChartIndex::build(
                                    employees, acting_in_force(acting, today))));
}

void MethodContext::read(const std::function<void(soci::session &)> &work) {
    services_.db.read(work);
}

bool is_dry_run(const Json &params) {
    const auto it = params.is_object() ? params.find("dry_run") : params.end();
    return params.is_object() && it != params.end() && *it == true;
}

bool MethodContext::dry_run() const {
    return spec_.writes && is_dry_run(request_.params);
}

std::string MethodContext::fingerprint() const {
    return sha256_hex(spec_.name + '\n' + request_.principal.id + '\n' +
                      to_json_text(request_.params));
}

std::optional<Json> MethodContext::stored_result(soci::session &sql) {
    const auto stored = IdempotencyStore(sql).find(request_.idempotency_key);
    if (!stored) {
        return std::nullopt;
    }
    if (stored->fingerprint != fingerprint()) {
        throw Error(ErrorCode::idempotency_reused,
                    "idempotency_key was already used for a different request (" + stored->method +
                        "); use a new key for a new request",
                    "/idempotency_key");
    }
    return parse_json_text(stored->response, stored->response.size(), "a stored response");
}

std::optional<Json> MethodContext::replay() {
    std::optional<Json> result;
    services_.db.read([&](soci::session &sql) { result = stored_result(sql); });
    return result;
}

Json MethodContext::commit(const std::function<Json(soci::session &)> &work) {
    return commit_scoped({}, work);
}

Json MethodContext::commit_member_change(const std::string &member_id,
                                         const std::function<Json(soci::session &)> &work) {
    return commit_scoped(member_id, work);
}

Json MethodContext::commit_scoped(const std::string &member_id,
                                  const std::function<Json(soci::session &)> &work) {
    if (!spec_.writes || committed_ || dry_run()) {
        throw Error(ErrorCode::internal, spec_.name + " committed a change it may not make");
    }
    Json result;
    auto transaction = [&](soci::session &sql) {
        // Checked again inside the transaction: a concurrent retry may have won the race.
        if (auto stored = stored_result(sql)) {
            result = std::move(*stored);
            return;
        }
        result = work(sql);
        if (!IdempotencyStore(sql).save(request_.idempotency_key,
                                        {spec_.name, fingerprint(), to_json_text(result)},
                                        now_ms_)) {
            // Taken meanwhile by a request for another member (PostgreSQL runs those side by
            // side); the same request would have waited for the same member's lock.
            throw Error(ErrorCode::idempotency_reused,
                        "idempotency_key was just used for a different request; use a new key "
                        "for a new request",
                        "/idempotency_key");
        }
        AuditLog(sql).append(now_ms_, audited_principal(&spec_, request_.principal.id),
                             audit_roles(roles_), spec_.name, "ok");
    };
    if (member_id.empty()) {
        services_.db.write(transaction);
    } else {
        services_.db.write_member(member_id, transaction);
    }
    committed_ = true;
    return result;
}

}  // namespace psp
