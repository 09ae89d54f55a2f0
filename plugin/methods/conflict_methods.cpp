// conflict_methods.cpp: role-conflict checks (IACP 7.1-7.2) and the conflicts a PSP declares.
//
// Who may check: the coordinator (any pair), the clinician consulting on assignments (3.4; any
// pair, never a declared conflict's category) and a PSP for their own pairs only, so a PSP can
// see before offering support whether a rule forbids it. A declared conflict's category is shown
// only to the PSP who declared it and to the coordinator; everyone else sees "declared_conflict".
#include <soci/soci.h>

#include "core/error.hpp"
#include "methods/conflict_facts.hpp"
#include "methods/method_groups.hpp"
#include "methods/program_steps.hpp"
#include "storage/activation_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kCheckers = {Role::coordinator, Role::clinician, Role::peer_supporter};
constexpr RoleSet kPsp = {Role::peer_supporter};
constexpr RoleSet kDeclarationReaders = {Role::coordinator, Role::peer_supporter};
constexpr std::size_t kMaxPairs = 10000;

// Built on first use: a namespace-scope Json could throw before main where nothing can catch it.
const Json &categories() {
    static const Json values = {"family", "friend", "prior_relationship", "financial", "other"};
    return values;
}

bool is_coordinator(const MethodContext &context) {
    return context.roles().contains(Role::coordinator);
}

// A PSP without the coordinator's or the clinician's role checks only their own pairs.
void check_own_pair(const MethodContext &context, const std::string &psp_id,
                    const std::string &field) {
    if (is_coordinator(context) || context.roles().contains(Role::clinician)) {
        return;
    }
    if (psp_id != context.principal().id) {
        throw Error(ErrorCode::forbidden, "a PSP may check only their own pairs", field);
    }
}

Json check_pair(const MethodContext &context, const LoadedConflicts &loaded, const Json &pair,
                const std::string &field) {
    const std::string psp_id = pair.at("psp_id"), employee_id = pair.at("employee_id");
    check_own_pair(context, psp_id, field + "/psp_id");
    const OrgChartIndex::Node psp = require_node(*loaded.chart, psp_id, field + "/psp_id");
    const OrgChartIndex::Node employee =
        require_node(*loaded.chart, employee_id, field + "/employee_id");
    const std::vector<std::string> rules = loaded.facts->rules(psp, employee);
    Json out = {{"psp_id", psp_id},
                {"employee_id", employee_id},
                {"conflict", !rules.empty()},
                {"rules", rules}};
    const std::string *category = loaded.facts->declared_category(psp, employee);
    const bool may_see = is_coordinator(context) || context.principal().id == psp_id;
    if (category != nullptr && !category->empty() && may_see) {
        out["declared_category"] = *category;
    }
    return out;
}

Json conflict_check(MethodContext &context, const Json &params) {
    Json out;
    context.read([&](soci::session &sql) {
        out = check_pair(context, load_conflicts(context, sql), params, "/params");
    });
    return out;
}

Json conflict_check_bulk(MethodContext &context, const Json &params) {
    const Json &pairs = params.at("pairs");
    Json results = Json::array();
    context.read([&](soci::session &sql) {
        const LoadedConflicts loaded = load_conflicts(context, sql);
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            results.push_back(
                check_pair(context, loaded, pairs[i], "/params/pairs/" + std::to_string(i)));
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
        require_employee(sql, d.employee_id, "/params/employee_id");
        ActivationStore(sql).declare(d);
        return Json{{"declared", true}};
    });
}

Json conflict_withdraw(MethodContext &context, const Json &params) {
    const std::string employee_id = params.at("employee_id");
    return context.commit([&](soci::session &sql) {
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

Json pair_schema() {
    return object_schema({{"psp_id", employee_id_schema()}, {"employee_id", employee_id_schema()}},
                         {"psp_id", "employee_id"});
}

Json check_result_schema() {
    return object_schema({{"psp_id", {{"type", "string"}}},
                          {"employee_id", {{"type", "string"}}},
                          {"conflict", {{"type", "boolean"}}},
                          {"rules", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                          {"declared_category", {{"enum", categories()}}}},
                         {"psp_id", "employee_id", "conflict", "rules"});
}

}  // namespace

void add_conflict_methods(MethodCatalog &catalog) {
    catalog.add({"conflict.check",
                 "Whether a PSP may support an employee, and which role-conflict rules fired: "
                 "self, not_a_psp, psp_unavailable:<reason>, chain_of_command (either way, "
                 "policy.conflicts.chain_of_command_depth, acting supervisors included), "
                 "declared_conflict, same_incident. A PSP may check only their own pairs; a "
                 "declared conflict's category is shown only to its PSP and the coordinator.",
                 kCheckers, false, pair_schema(), check_result_schema(), &conflict_check});
    catalog.add({"conflict.check_bulk", "conflict.check for up to 10,000 pairs at once, in order.",
                 kCheckers, false,
                 object_schema({{"pairs",
                                 {{"type", "array"},
                                  {"minItems", 1},
                                  {"maxItems", kMaxPairs},
                                  {"items", pair_schema()}}}},
                               {"pairs"}),
                 object_schema({{"results", {{"type", "array"}, {"items", check_result_schema()}}}},
                               {"results"}),
                 &conflict_check_bulk});
    catalog.add(
        {"conflict.declare",
         "The principal, a PSP, declares a person they must not support (IACP 7.1), "
         "with an optional category; declaring again replaces the category.",
         kPsp, true,
         object_schema(
             {{"employee_id", employee_id_schema()}, {"category", {{"enum", categories()}}}},
             {"employee_id"}),
         object_schema({{"declared", {{"type", "boolean"}}}}, {"declared"}), &conflict_declare});
    catalog.add({"conflict.withdraw_declaration",
                 "The principal, a PSP, withdraws a conflict they declared.", kPsp, true,
                 object_schema({{"employee_id", employee_id_schema()}}, {"employee_id"}),
                 object_schema({{"declared", {{"type", "boolean"}}}}, {"declared"}),
                 &conflict_withdraw});
    catalog.add({"conflict.declarations",
                 "Declared conflicts with their categories: the coordinator's view of everyone's "
                 "(or one PSP's), a PSP's view of their own.",
                 kDeclarationReaders, false, object_schema({{"psp_id", employee_id_schema()}}),
                 object_schema({{"declarations", {{"type", "array"}}}}, {"declarations"}),
                 &conflict_declarations});
}

}  // namespace psp
