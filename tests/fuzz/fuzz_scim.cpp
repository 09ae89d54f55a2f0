// fuzz_scim.cpp: fuzzes the SCIM 2.0 directory adapter (adapters/scim_directory.*) and, against
// it, the two faster readers a host pull uses (differential: a difference is a crash):
//   - the input is parsed by the plugin's one JSON layer, as a directory.sync request's params
//     are, and handed to import_scim_list as a ListResponse;
//   - JsonQuickSax (plugin/core/json_quick_sax.hpp), when it accepts a text check_json_text
//     passed, must give nlohmann's events for it, and nlohmann must accept it;
//   - DirectoryPageReader (adapters/directory_page_reader.hpp) must refuse exactly the texts
//     parse_json_text refuses, with the same message, and map a page's Resources to the same
//     records, rejections and dropped names as import_scim_users does on the parsed document.
// Expected outcomes: a DirectoryImport, or psp::Error (bad JSON, not a ListResponse). A bug is any
// other exception, a crash, a sanitizer report or a difference.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/directory_page_reader.hpp"
#include "adapters/scim_directory.hpp"
#include "json_event_log.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/json_quick_sax.hpp"
#include "plugin/core/json_text.hpp"

namespace {

constexpr std::size_t kMaxBytes = 1 << 20;

void require(bool holds) {
    if (!holds) {
        std::abort();
    }
}

void quick_parser_agrees(std::string_view text) {
    try {
        psp::check_json_text(text, kMaxBytes, "the page");
    } catch (const psp::Error &) {
        return;
    }
    psp_test::JsonEventLog quick;
    if (!psp::JsonQuickSax(text, quick).parse()) {
        return;
    }
    psp_test::JsonEventLog reference;
    require(psp::Json::sax_parse(text.begin(), text.end(), &reference));
    require(quick.lines == reference.lines);
}

// The reader against the document route; `document` is parse_json_text's result or nullptr when
// it refused the text with `refusal`.
void page_reader_agrees(std::string_view text, const psp::Json *document,
                        const std::string &refusal) {
    psp::ScimUserStream users("agency-fuzz", psp::default_directory_mapping());
    psp::DirectoryPageReader reader(users);
    psp::DirectoryPage page;
    try {
        page = reader.read(text, kMaxBytes, "the SCIM ListResponse");
    } catch (const psp::Error &e) {
        require(document == nullptr && refusal == e.what());
        return;
    }
    require(document != nullptr);
    const auto resources = document->is_object() ? document->find("Resources") : document->end();
    if (!document->is_object() || resources == document->end() || !resources->is_array()) {
        return;
    }
    require(page.resources_is_array && page.received == resources->size());
    const std::vector<psp::Json> listed(resources->begin(), resources->end());
    const psp::DirectoryImport expected = psp::import_scim_users(listed, "agency-fuzz");
    const psp::DirectoryImport got = users.finish();
    require(got.records.size() == expected.records.size());
    for (std::size_t i = 0; i < got.records.size(); ++i) {
        require(got.records[i].id == expected.records[i].id);
        require(got.records[i].name == expected.records[i].name);
        require(got.records[i].supervisor_id == expected.records[i].supervisor_id);
    }
    require(got.rejected.size() == expected.rejected.size());
    require(got.warnings.size() == expected.warnings.size());
    require(got.dropped_fields == expected.dropped_fields);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    quick_parser_agrees(text);
    psp::Json list;
    std::string refusal;
    bool parsed = false;
    try {
        list = psp::parse_json_text(text, kMaxBytes, "the SCIM ListResponse");
        parsed = true;
    } catch (const psp::Error &e) {
        refusal = e.what();
    }
    page_reader_agrees(text, parsed ? &list : nullptr, refusal);
    if (!parsed) {
        return 0;
    }
    try {
        psp::import_scim_list(list, "agency-fuzz");
    } catch (const psp::Error &) {
    }
    return 0;
}
