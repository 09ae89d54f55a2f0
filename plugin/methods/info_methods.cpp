// info_methods.cpp: plugin.info (what the plugin is and offers) and health.
#include <soci/soci.h>

#include "plugin/core/data_scopes.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/dispatch/request.hpp"
#include "plugin/methods/catalog.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/plugin_version.hpp"
#include "plugin/storage/directory_store.hpp"
#include "psp_plugin.h"

namespace psp {
namespace {

Json scope_list(const auto &scopes) {
    Json list = Json::array();
    for (std::string_view s : scopes) {
        list.push_back(s);
    }
    return list;
}

Json method_description(const MethodSpec &spec) {
    return {{"name", spec.name},
            {"summary", spec.summary},
            {"roles", spec.roles.names()},
            {"writes", spec.writes},
            {"params_schema", spec.params_schema},
            {"result_schema", spec.result_schema}};
}

Json plugin_info(MethodContext &context, const Json & /*params*/) {
    Json methods = Json::array();
    for (const MethodSpec *spec : method_catalog().all()) {
        methods.push_back(method_description(*spec));
    }
    return {{"name", "psp-peer-support"},
            {"version", PSP_PLUGIN_VERSION},
            {"abi", {{"major", PSP_ABI_VERSION_MAJOR}, {"minor", PSP_ABI_VERSION_MINOR}}},
            {"schema_version", context.schema_version()},
            {"roles", RoleSet::all().names()},
            {"scopes",
             {{"requested", scope_list(kRequestedScopes)},
              {"forbidden", scope_list(kForbiddenScopes)}}},
            {"request_schema", request_envelope_schema()},
            {"config_schema", agency_config_schema()},
            {"methods", std::move(methods)}};
}

Json health(MethodContext &context, const Json & /*params*/) {
    std::size_t employees = 0;
    DirectoryState state;
    context.read([&](soci::session &sql) {
        DirectoryStore store(sql);
        employees = store.count();
        state = store.state();
    });
    return {
        {"status", "ok"},
        {"agency_id", context.config().agency_id},
        {"schema_version", context.schema_version()},
        {"backend", context.config().storage.backend == Backend::sqlite ? "sqlite" : "postgresql"},
        {"employees", employees},
        {"last_directory_sync_ms",
         state.last_mode.empty() ? Json(nullptr) : Json(state.last_sync_ms)},
        {"now_ms", context.now_ms()}};
}

}  // namespace

void add_info_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "plugin.info",
        .summary = "What the plugin is: version, ABI, data scopes, roles and every method with its "
                   "JSON Schemas.",
        .roles = RoleSet::all(),
        .handler = &plugin_info,
    });
    catalog.add({
        .name = "health",
        .summary = "Whether the instance is up: schema version, backend, directory size and last "
                   "sync.",
        .roles = {Role::it_admin, Role::hr_admin, Role::coordinator, Role::auditor},
        .handler = &health,
    });
}

}  // namespace psp
