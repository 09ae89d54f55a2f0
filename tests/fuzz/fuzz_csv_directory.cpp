// fuzz_csv_directory.cpp: fuzzes the CSV directory adapter (adapters/csv_directory.*): the input is
// the CSV text of a directory export, header row first, as directory.sync's params.csv carries it.
// Expected outcomes: a DirectoryImport, or psp::Error. A bug is any other exception, a crash or a
// sanitizer report.
#include <cstdint>
#include <string_view>

#include "adapters/csv_directory.hpp"
#include "plugin/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        psp::import_csv_directory(text, "agency-fuzz");
    } catch (const psp::Error &) {
    }
    return 0;
}
