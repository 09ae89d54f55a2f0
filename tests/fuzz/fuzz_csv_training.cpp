// fuzz_csv_training.cpp: fuzzes the CSV training adapter (adapters/csv_training.*): the input is
// the attendance CSV text, header row first, as training.import's params.csv carries it.
// Expected outcomes: a TrainingImport, or psp::Error. A bug is any other exception, a crash or a
// sanitizer report.
#include <cstdint>
#include <string_view>

#include "adapters/csv_training.hpp"
#include "plugin/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        psp::import_csv_training(text);
    } catch (const psp::Error &) {
    }
    return 0;
}
