// jurisdiction_files.hpp: the jurisdiction profiles and their schema as compiled into the
// library (the definition is generated at build time from plugin/jurisdictions/*.json).
#pragma once

#include <string_view>
#include <vector>

namespace psp {

struct EmbeddedFile {
    std::string_view name;  // "ohio.json", "profile.schema.json"
    std::string_view text;
};

const std::vector<EmbeddedFile> &embedded_jurisdiction_files();

}  // namespace psp
