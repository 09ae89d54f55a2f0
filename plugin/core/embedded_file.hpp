// embedded_file.hpp: a data file compiled into the library (plugin/embed_files.cmake writes the
// tables at build time), so the .so never runs with data other than what it was tested with.
#pragma once

#include <string_view>

namespace psp {

struct EmbeddedFile {
    std::string_view name;  // the file's name without its folder: "ohio.json"
    std::string_view text;
};

}  // namespace psp
