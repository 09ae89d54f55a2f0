// directory_page_reader.hpp: one page of the host's directory, read straight into the SCIM
// mapping.
//
// A page is a SCIM ListResponse of up to a thousand users. Parsed into a nlohmann document, then
// mapped and freed, a page cost more than the sync of its users; the reader takes parse events
// instead: each resource of "Resources" is gathered into a flat ScimResource (one per position on
// the page, reused page after page), and of the envelope only totalResults, Resources and cursor
// are kept. The events come from JsonQuickSax (json_quick_sax.hpp), or from nlohmann's parser for
// a page the quick one gives up on. The checks and errors are parse_json_text's, a key twice in
// one object included (with its JSON Pointer), so a page refused before is refused with the same
// words; the caller checks the envelope from what the page says.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/scim_directory.hpp"
#include "adapters/scim_resource.hpp"

namespace psp {

// What a page said besides its users.
struct DirectoryPage {
    bool is_object = false;
    bool has_total = false;  // totalResults is a non-negative integer
    std::size_t total = 0;
    bool has_resources = false;
    bool resources_is_array = false;
    std::size_t received = 0;  // how many resources Resources holds
    bool has_cursor = false;   // cursor is a string
    std::string cursor;
};

class DirectoryPageReader {
  public:
    // `users` must outlive the reader.
    explicit DirectoryPageReader(ScimUserStream &users);
    ~DirectoryPageReader();
    DirectoryPageReader(const DirectoryPageReader &) = delete;
    DirectoryPageReader &operator=(const DirectoryPageReader &) = delete;

    // Adds every resource of the page to the stream, in order, once the whole page is read. Throws
    // what parse_json_text(text, max_bytes, what) throws, having added nobody.
    DirectoryPage read(std::string_view text, std::size_t max_bytes, std::string_view what);

  private:
    class Events;
    std::unique_ptr<Events> events_;
};

}  // namespace psp
