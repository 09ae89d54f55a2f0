// jurisdiction_files.hpp: the jurisdiction profiles and their schema as compiled into the
// library (the definition is generated at build time from plugin/jurisdictions/*.json).
#pragma once

#include <vector>

#include "plugin/core/embedded_file.hpp"

namespace psp {

// "ohio.json", ..., "profile.schema.json".
const std::vector<EmbeddedFile> &embedded_jurisdiction_files();

}  // namespace psp
