// audit_methods.cpp: audit.read and audit.verify, for the auditor. Nothing edits the log.
#include <soci/soci.h>

#include "plugin/dispatch/call_audit.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/maintenance_task.hpp"
#include "plugin/storage/audit_log.hpp"
#include "plugin/storage/idempotency_store.hpp"

namespace psp {

Json audit_anchor_json(const AuditAnchor &anchor) {
    return {{"seq", anchor.seq}, {"hash", anchor.hash}};
}

namespace {

constexpr RoleSet kAuditReaders = {Role::auditor};

Json audit_read(MethodContext &context, const Json &params) {
    const int64_t after = params.value("after_seq", int64_t{0});
    const std::size_t limit = params.value("limit", std::size_t{100});
    std::vector<AuditEntry> entries;
    context.chain_staged_audit();
    context.read([&](soci::session &sql) { entries = AuditLog(sql).read(after, limit); });
    Json list = Json::array();
    for (const AuditEntry &e : entries) {
        list.push_back({{"seq", e.seq},
                        {"at_ms", e.at_ms},
                        {"principal", e.principal},
                        {"roles", e.roles},
                        {"method", e.method},
                        {"outcome", e.outcome},
                        {"hash", e.hash}});
    }
    return {{"entries", std::move(list)}};
}

// Per call: enough to keep one call well under a second on a modest server, few enough calls
// for a full check of a few million entries.
constexpr std::size_t kDefaultVerifyLimit = 100000;

AuditAnchor anchor_param(const Json &params, const char *name) {
    const Json &a = params.at(name);
    return {a.at("seq").get<int64_t>(), a.at("hash").get<std::string>()};
}

Json audit_verify(MethodContext &context, const Json &params) {
    const AuditAnchor from = params.contains("from") ? anchor_param(params, "from")
                                                     : AuditAnchor{0, audit_genesis_hash()};
    std::optional<AuditAnchor> kept;
    if (params.contains("anchor")) {
        kept = anchor_param(params, "anchor");
    }
    const std::size_t limit = params.value("limit", kDefaultVerifyLimit);
    AuditVerification v;
    context.chain_staged_audit();
    context.read([&](soci::session &sql) { v = AuditLog(sql).verify(from, kept, limit); });
    Json result = {{"intact", v.intact},
                   {"entries_checked", v.entries_checked},
                   {"verified_to", audit_anchor_json(v.verified_to)},
                   {"head_seq", v.head_seq},
                   {"complete", v.complete()}};
    if (!v.intact) {
        result["first_bad_seq"] = *v.first_bad_seq;
        result["problem"] = v.problem;
    }
    return result;
}

}  // namespace

// Once a quarter has ended: its confidential calls enter the audit chain as counts, and the
// stored answers to them are deleted (a retry a quarter late is not a retry).
void run_confidential_quarters(MethodContext &context, soci::session &sql,
                               MaintenanceOutcome &outcome) {
    const std::string quarter = quarter_of_ms(context.config().calendar, context.now_ms());
    outcome.summary["confidential_counts_audited"] =
        AuditLog(sql).close_confidential_quarters(quarter, context.now_ms());
    outcome.summary["confidential_replies_purged"] =
        IdempotencyStore(sql).purge_confidential(quarter);
}

void add_audit_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "audit.read",
        .summary =
            "Audit entries after a sequence number: who, roles, when, method, outcome; never "
            "the content of a request.",
        .roles = kAuditReaders,
        .handler = &audit_read,
    });
    catalog.add({
        .name = "audit.verify",
        .summary =
            "Checks the audit log's hash chain and names the first edited, removed or reordered "
            "entry. Give `anchor`, the host's last kept {seq, hash} (from maintenance.run or an "
            "earlier audit.verify), and truncation or a rewrite with recomputed hashes is caught "
            "too. "
            "Checks at most `limit` entries (default 100000) after `from` (default: the start) per "
            "call; continue with from = verified_to until complete is true.",
        .roles = kAuditReaders,
        .handler = &audit_verify,
    });
}

}  // namespace psp
