// fuzz_scim.cpp: fuzzes the SCIM 2.0 directory adapter (adapters/scim_directory.*): the input is
// parsed by the plugin's one JSON layer, as a directory.sync request's params are, and handed to
// import_scim_list as a ListResponse.
// Expected outcomes: a DirectoryImport, or psp::Error (bad JSON, not a ListResponse). A bug is any
// other exception, a crash or a sanitizer report.
#include <cstdint>
#include <string_view>

#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const psp::Json list = psp::parse_json_text(text, 1 << 20, "the SCIM ListResponse");
        psp::import_scim_list(list, "agency-fuzz");
    } catch (const psp::Error &) {
    }
    return 0;
}
