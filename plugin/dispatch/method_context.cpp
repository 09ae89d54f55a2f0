// method_context.cpp: reads, and writes bound to their idempotency record and audit entry.
#include "plugin/dispatch/method_context.hpp"

#include <algorithm>

#include "plugin/dispatch/call_audit.hpp"

#include "plugin/core/error.hpp"
#include "plugin/core/secure_random.hpp"
#include "plugin/core/sha256.hpp"
#include "plugin/storage/audit_log.hpp"
#include "plugin/storage/idempotency_store.hpp"

namespace psp {

std::string quarter_of_ms(const AgencyCalendar &calendar, int64_t ms) {
    const CivilDate day = calendar.local_date(ms);
    return std::to_string(static_cast<int>(day.year())) + "-Q" + std::to_string(quarter_of(day));
}

const std::vector<std::string> &confidential_methods() {
    static const std::vector<std::string> names = {
        "activation.decline", "conflict.declare", "conflict.withdraw_declaration",
        "contact.log",        "leave.end",        "leave.start"};
    return names;
}

bool is_confidential(std::string_view method) {
    const auto &names = confidential_methods();
    return std::find(names.begin(), names.end(), method) != names.end();
}

void audit_call(soci::session &sql, const AgencyCalendar &calendar, const MethodSpec *spec,
                int64_t now_ms, const std::string &principal, RoleSet roles,
                const std::string &outcome) {
    const std::string method = spec != nullptr ? spec->name : std::string("(unknown method)");
    // A refusal by role says nothing about a contact or a leave (the caller could not have made
    // one), and is what an auditor watches for: it keeps its own entry.
    if (spec != nullptr && is_confidential(spec->name) && outcome != "forbidden") {
        AuditLog(sql).count_confidential(quarter_of_ms(calendar, now_ms), method,
                                         audit_roles(roles), outcome);
        return;
    }
    AuditLog(sql).append(now_ms, audited_principal(spec, principal), audit_roles(roles), method,
                         outcome);
}

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

CachedOrgChart MethodContext::cached_org_chart() const {
    return services_.org_chart.cached(services_.config.calendar.local_date(now_ms_));
}

void MethodContext::install_org_chart(int64_t revision,
                                      const std::vector<EmployeeRecord> &employees,
                                      const std::vector<ActingPeriod> &acting) {
    const CivilDate today = services_.config.calendar.local_date(now_ms_);
    services_.org_chart.install(revision, today,
                                std::make_shared<const OrgChartIndex>(OrgChartIndex::build(
                                    employees, acting_in_force(acting, today))));
}

void MethodContext::install_org_chart(int64_t revision,
                                      std::shared_ptr<const OrgChartIndex> index) {
    services_.org_chart.install(revision, services_.config.calendar.local_date(now_ms_),
                                std::move(index));
}

void MethodContext::read(const std::function<void(soci::session &)> &work) {
    services_.db.read(work);
}

void MethodContext::truncate_wal() {
    services_.db.truncate_wal();
}

void MethodContext::chain_staged_audit() {
    bool staged = false;
    services_.db.read([&](soci::session &sql) { staged = AuditLog(sql).has_staged(); });
    if (staged) {
        services_.db.write([](soci::session &sql) { AuditLog(sql).chain_staged(); });
    }
}

bool is_dry_run(const Json &params) {
    const auto it = params.is_object() ? params.find("dry_run") : params.end();
    return params.is_object() && it != params.end() && *it == true;
}

bool MethodContext::dry_run() const {
    return spec_.writes && is_dry_run(request_.params);
}

namespace {

// What the database keeps of a confidential request's idempotency key: a hash, so the key (the
// HMAC's secret below) is not there to be read.
std::string confidential_key_hash(const std::string &idempotency_key) {
    return sha256_hex("psp confidential idempotency key\n" + idempotency_key);
}

}  // namespace

// An unsalted SHA-256 of method, principal and params can be recomputed by anyone holding the
// database and the directory: every id times the few values a contact or a decline can take. A
// confidential request's fingerprint is an HMAC keyed by its idempotency key, which the host
// makes at random and the database keeps only as a hash: there is nothing to test guesses with.
std::string MethodContext::fingerprint() const {
    const std::string request =
        spec_.name + '\n' + request_.principal.id + '\n' + to_json_text(request_.params);
    if (!is_confidential(spec_.name)) {
        return sha256_hex(request);
    }
    return hmac_sha256_hex(request_.idempotency_key, request);
}

std::optional<Json> MethodContext::stored_result(soci::session &sql) {
    const auto stored = is_confidential(spec_.name)
                            ? IdempotencyStore(sql).find_confidential(
                                  confidential_key_hash(request_.idempotency_key))
                            : IdempotencyStore(sql).find(request_.idempotency_key);
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
        const StoredResponse stored{spec_.name, fingerprint(), to_json_text(result)};
        const bool saved =
            is_confidential(spec_.name)
                ? IdempotencyStore(sql).save_confidential(
                      confidential_key_hash(request_.idempotency_key), stored,
                      quarter_of_ms(config().calendar, now_ms_))
                : IdempotencyStore(sql).save(request_.idempotency_key, stored, now_ms_);
        if (!saved) {
            // Taken meanwhile by a request for another member (PostgreSQL runs those side by
            // side); the same request would have waited for the same member's lock.
            throw Error(ErrorCode::idempotency_reused,
                        "idempotency_key was just used for a different request; use a new key "
                        "for a new request",
                        "/idempotency_key");
        }
        audit_call(sql, config().calendar, &spec_, now_ms_, request_.principal.id, roles_, "ok");
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
