// conflict_methods.cpp: role-conflict checks (IACP 7.1-7.2) and the conflicts a PSP declares.
//
// Each caller learns what their role may know (issue 20, item 2):
// - the coordinator, who assigns, checks any pair and sees every rule that fires and a declared
//   conflict's category;
// - a clinician consulting on assignments (3.4) checks any pair and learns only whether it is
//   allowed by what is not confidential: not the same person, a PSP available now, outside the
//   chain of command. Leave, review, declarations and incidents are not the clinician's to know,
//   and a "no" without visible reason would give them away;
// - a PSP, a member of the team, checks their own pairs and sees the rules about themselves
//   (their availability and its reasons, the chain of command, their own declarations); never
//   same_incident, which would tell them who else was involved in an incident.
// Every answer says which rules it considered, so nobody takes a partial answer for the
// coordinator's; activation.assign always applies every rule.
#include <soci/soci.h>

#include <algorithm>

#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/conflict_facts.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/services/psp_membership.hpp"
#include "plugin/storage/activation_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kCheckers = {Role::coordinator, Role::clinician, Role::peer_supporter};
constexpr RoleSet kDeclarationReaders = {Role::coordinator, Role::peer_supporter};

bool is_coordinator(const MethodContext &context) {
    return context.roles().contains(Role::coordinator);
}

enum class CheckScope { coordinator, clinician, own_pairs };

CheckScope scope_of(const MethodContext &context) {
    if (is_coordinator(context)) {
        return CheckScope::coordinator;
    }
    return context.roles().contains(Role::clinician) ? CheckScope::clinician
                                                     : CheckScope::own_pairs;
}

// The rules each scope considers, in the order ConflictFacts::rules reports them.
const Json &considered(CheckScope scope) {
    static const Json all = {
        "self",         "not_a_psp", "psp_unavailable", "chain_of_command", "declared_conflict",
        "same_incident"};
    static const Json own = {"self", "not_a_psp", "psp_unavailable", "chain_of_command",
                             "declared_conflict"};
    static const Json open = {"self", "psp_available", "chain_of_command"};
    return scope == CheckScope::coordinator ? all : scope == CheckScope::own_pairs ? own : open;
}

bool is_unavailability(const std::string &rule) {
    return rule == "not_a_psp" || rule.rfind("psp_unavailable", 0) == 0;
}

// A PSP checks only their own pairs.
void check_own_pair(CheckScope scope, const MethodContext &context, const std::string &psp_id,
                    const std::string &field) {
    if (scope == CheckScope::own_pairs && psp_id != context.principal().id) {
        throw Error(ErrorCode::forbidden, "a PSP may check only their own pairs", field);
    }
}

Json check_pair(CheckScope scope, const MethodContext &context, const LoadedConflicts &loaded,
                const Json &pair, const std::string &field) {
    const std::string psp_id = pair.at("psp_id"), employee_id = pair.at("employee_id");
    check_own_pair(scope, context, psp_id, field + "/psp_id");
    const OrgChartIndex::Node psp = require_node(*loaded.chart, psp_id, field + "/psp_id");
    const OrgChartIndex::Node employee =
        require_node(*loaded.chart, employee_id, field + "/employee_id");
    std::vector<std::string> rules = loaded.facts->rules(psp, employee);
    Json out = {{"psp_id", psp_id}, {"employee_id", employee_id}};
    if (scope == CheckScope::clinician) {
        // Only whether it is allowed by what is not confidential: no rule names, so a leave, a
        // review, a declaration or an incident cannot be told apart.
        const bool conflict = std::any_of(rules.begin(), rules.end(), [](const std::string &r) {
            return r == "self" || r == "chain_of_command" || is_unavailability(r);
        });
        out["conflict"] = conflict;
        out["considered"] = considered(scope);
        return out;
    }
    if (scope == CheckScope::own_pairs) {
        std::erase(rules, std::string("same_incident"));
    }
    out["conflict"] = !rules.empty();
    out["rules"] = rules;
    out["considered"] = considered(scope);
    // Their own declaration's category (the pair is theirs), or the coordinator's view.
    const std::string *category = loaded.facts->declared_category(psp, employee);
    if (category != nullptr && !category->empty()) {
        out["declared_category"] = *category;
    }
    return out;
}

// A PSP checking their own pairs must be on the team: the host's role alone gets no answer.
// `psp_id` narrows what is read to one PSP's facts (a single check); empty reads the team's.
LoadedConflicts load_for(CheckScope scope, MethodContext &context, soci::session &sql,
                         const std::string &psp_id = {}) {
    if (scope == CheckScope::own_pairs) {
        require_psp_membership(context, sql, kAnyMembership, "checking a conflict");
    }
    return load_conflicts(context, sql, psp_id);
}

Json conflict_check(MethodContext &context, const Json &params) {
    const CheckScope scope = scope_of(context);
    Json out;
    context.read([&](soci::session &sql) {
        const std::string psp_id = params.at("psp_id");
        out = check_pair(scope, context, load_for(scope, context, sql, psp_id), params, "/params");
    });
    return out;
}

Json conflict_check_bulk(MethodContext &context, const Json &params) {
    const CheckScope scope = scope_of(context);
    const Json &pairs = params.at("pairs");
    Json results = Json::array();
    context.read([&](soci::session &sql) {
        const LoadedConflicts loaded = load_for(scope, context, sql);
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            results.push_back(
                check_pair(scope, context, loaded, pairs[i], "/params/pairs/" + std::to_string(i)));
        }
    });
    return {{"results", std::move(results)}};
}

Json conflict_declare(MethodContext &context, const Json &params) {
    Declaration d;
    d.psp_id = context.principal().id;
    d.employee_id = params.at("employee_id").get<std::string>();
    d.category = params.value("category", "");
    d.declared_ms = context.now_ms();
    if (d.employee_id == d.psp_id) {
        throw Error(ErrorCode::invalid_request, "a PSP never supports themself; nothing to declare",
                    "/params/employee_id");
    }
    return context.commit([&](soci::session &sql) {
        require_psp_membership(context, sql, kAnyMembership, "declaring a conflict");
        require_employee(sql, d.employee_id, "/params/employee_id");
        ActivationStore(sql).declare(d);
        return Json{{"declared", true}};
    });
}

Json conflict_withdraw(MethodContext &context, const Json &params) {
    const std::string employee_id = params.at("employee_id");
    return context.commit([&](soci::session &sql) {
        require_psp_membership(context, sql, kAnyMembership, "withdrawing a declared conflict");
        if (!ActivationStore(sql).withdraw(context.principal().id, employee_id)) {
            throw Error(ErrorCode::not_found, "no declared conflict with " + employee_id,
                        "/params/employee_id");
        }
        return Json{{"declared", false}};
    });
}

// The coordinator sees every declaration (or one PSP's); a PSP sees their own.
Json conflict_declarations(MethodContext &context, const Json &params) {
    std::string psp_id = params.value("psp_id", "");
    if (!is_coordinator(context)) {
        if (!psp_id.empty() && psp_id != context.principal().id) {
            throw Error(ErrorCode::forbidden, "a PSP sees only their own declarations",
                        "/params/psp_id");
        }
        psp_id = context.principal().id;
    }
    Json list = Json::array();
    context.read([&](soci::session &sql) {
        for (const Declaration &d : ActivationStore(sql).declarations(psp_id)) {
            Json row = {{"psp_id", d.psp_id},
                        {"employee_id", d.employee_id},
                        {"declared_ms", d.declared_ms}};
            if (!d.category.empty()) {
                row["category"] = d.category;
            }
            list.push_back(std::move(row));
        }
    });
    return {{"declarations", std::move(list)}};
}

}  // namespace

void add_conflict_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "conflict.check",
        .summary = "Whether a PSP may support an employee, and which role-conflict rules fired: "
                   "self, not_a_psp, psp_unavailable:<reason>, chain_of_command (either way, "
                   "policy.conflicts.chain_of_command_depth, acting supervisors included), "
                   "declared_conflict, same_incident. Scoped to what the caller may know: the "
                   "coordinator gets every rule; a clinician only whether the pair is allowed by "
                   "self, availability and chain of command, without rules; a PSP, a member of "
                   "the team, checks only their own pairs and never sees same_incident. "
                   "considered lists the rules the answer applied.",
        .roles = kCheckers,
        .handler = &conflict_check,
    });
    catalog.add({
        .name = "conflict.check_bulk",
        .summary = "conflict.check for up to 10,000 pairs at once, in order.",
        .roles = kCheckers,
        .handler = &conflict_check_bulk,
    });
    catalog.add({
        .name = "conflict.declare",
        .summary =
            "The principal, a PSP on the team (active, on leave or under review), declares a "
            "person they must not support (IACP 7.1), with an optional category; declaring "
            "again replaces the category.",
        .roles = kPsp,
        .writes = true,
        .handler = &conflict_declare,
    });
    catalog.add({
        .name = "conflict.withdraw_declaration",
        .summary = "The principal, a PSP, withdraws a conflict they declared.",
        .roles = kPsp,
        .writes = true,
        .handler = &conflict_withdraw,
    });
    catalog.add({
        .name = "conflict.declarations",
        .summary = "Declared conflicts with their categories: the coordinator's view of everyone's "
                   "(or one PSP's), a PSP's view of their own.",
        .roles = kDeclarationReaders,
        .handler = &conflict_declarations,
    });
}

}  // namespace psp
