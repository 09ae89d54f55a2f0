// audit_methods.cpp: audit.read and audit.verify, for the auditor. Nothing edits the log.
#include <soci/soci.h>

#include "dispatch/method_context.hpp"
#include "methods/method_groups.hpp"
#include "storage/audit_log.hpp"

namespace psp {
namespace {

constexpr RoleSet kAuditReaders = {Role::auditor};

Json audit_read(MethodContext &context, const Json &params) {
    const int64_t after = params.value("after_seq", int64_t{0});
    const std::size_t limit = params.value("limit", std::size_t{100});
    std::vector<AuditEntry> entries;
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

Json audit_verify(MethodContext &context, const Json & /*params*/) {
    AuditVerification v;
    context.read([&](soci::session &sql) { v = AuditLog(sql).verify(); });
    Json result = {{"intact", v.intact}, {"entries_checked", v.entries_checked}};
    if (!v.intact) {
        result["first_bad_seq"] = *v.first_bad_seq;
        result["problem"] = v.problem;
    }
    return result;
}

}  // namespace

void add_audit_methods(MethodCatalog &catalog) {
    catalog.add(
        {"audit.read",
         "Audit entries after a sequence number: who, roles, when, method, outcome; never "
         "the content of a request.",
         kAuditReaders, false,
         object_schema({{"after_seq", {{"type", "integer"}, {"minimum", 0}}},
                        {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}}}),
         Json::parse(R"({"type": "object", "required": ["entries"],
                   "properties": {"entries": {"type": "array"}}})"),
         &audit_read});
    catalog.add({"audit.verify",
                 "Checks the audit log's hash chain and names the first edited, removed or "
                 "reordered entry.",
                 kAuditReaders, false, object_schema(Json::object()),
                 Json::parse(R"({"type": "object", "required": ["intact", "entries_checked"],
                   "properties": {"intact": {"type": "boolean"},
                     "entries_checked": {"type": "integer"},
                     "first_bad_seq": {"type": "integer"}, "problem": {"type": "string"}}})"),
                 &audit_verify});
}

}  // namespace psp
