// method_catalog_markdown.hpp: the integrator's method catalogue (docs/methods.md) rendered from
// the plugin's own plugin.info, so the published roles and JSON Schemas are the ones the plugin
// enforces and cannot drift from the code.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace psp::manifest {

// Markdown: an index table (method, roles, writes, summary), then per method its summary, roles,
// whether it writes, and its params and result JSON Schemas; then the request envelope's and the
// agency configuration's schemas. Deterministic for a given plugin.info (no version, no dates), so
// the committed file changes only when a method does. Throws nlohmann::json::exception when
// `plugin_info` lacks a field plugin.info always carries.
std::string method_catalog_markdown(const nlohmann::json &plugin_info);

}  // namespace psp::manifest
