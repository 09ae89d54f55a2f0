// fuzz_xapi.cpp: fuzzes the xAPI training adapter (adapters/xapi_training.*): the input is parsed
// by the plugin's one JSON layer and handed to import_xapi_statements as training.import's
// params.statements (an array: what the method's params schema lets through), in a time zone with
// DST and with one mapped mbox.
// Expected outcomes: a TrainingImport (bad statements are rejected rows), or psp::Error. A bug is
// any other exception, a crash or a sanitizer report.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/xapi_training.hpp"
#include "plugin/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const psp::AgencyCalendar calendar("America/Los_Angeles");
    static const std::unordered_map<std::string, std::string> mbox_map = {
        {"mailto:pat@agency.example", "E1"}};
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const psp::Json statements = psp::parse_json_text(text, 1 << 20, "the xAPI statements");
        // The adapter's precondition: training.import's params schema only lets an array through.
        if (!statements.is_array()) {
            return 0;
        }
        psp::import_xapi_statements(statements, calendar, mbox_map);
    } catch (const psp::Error &) {
    }
    return 0;
}
