// manifest_schema.hpp: the plugin manifest's JSON Schema, built into every program that writes or
// reads manifests.
//
// The schema text is compiled in (from manifest.schema.json, at build time) rather than read from
// disk: a host must judge a plugin's manifest by the schema it was built with, never by a copy
// that could travel with the plugin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp::manifest {

// The text of manifest.schema.json as it was when this program was built.
std::string_view manifest_schema_text();

// Every way `manifest` breaks the schema, one line each ("/library/sha256: ..."); empty when it
// is valid.
std::vector<std::string> manifest_schema_violations(const nlohmann::json &manifest);

}  // namespace psp::manifest
