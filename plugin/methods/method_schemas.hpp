// method_schemas.hpp: each method's params and result schemas as compiled into the library, one
// "<method name>.json" of {"params": ..., "result": ...} per method (the definition is generated at
// build time from plugin/methods/schemas/*.json).
#pragma once

#include <vector>

#include "plugin/core/embedded_file.hpp"

namespace psp {

const std::vector<EmbeddedFile> &embedded_method_schemas();

}  // namespace psp
