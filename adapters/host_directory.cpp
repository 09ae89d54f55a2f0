// host_directory.cpp: paging through the host's directory scope.
#include "adapters/host_directory.hpp"

#include "adapters/directory_page_reader.hpp"
#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"

namespace psp {
namespace {

constexpr std::size_t kMaxPageBytes = 64u << 20;
constexpr std::size_t kMaxEmployees = 1'000'000;

[[noreturn]] void bad_page(const std::string &why) {
    throw Error(ErrorCode::host_error, "the host's directory page is unusable: " + why);
}

}  // namespace

HostDirectoryPull pull_host_directory(const HostServices &host, const std::string &since,
                                      const std::string &agency, std::size_t page_size,
                                      const DirectoryMapping &mapping) {
    // Each page is mapped as it is read, one user at a time (directory_page_reader.hpp): only
    // the pending records and the SCIM id map stay (scim_directory.hpp, ScimUserStream).
    ScimUserStream users(agency, mapping);
    DirectoryPageReader reader(users);
    HostDirectoryPull pull;
    std::size_t start = 1;
    for (;;) {
        Json query = {{"startIndex", start}, {"count", page_size}};
        if (!since.empty()) {
            query["since"] = since;
        }
        DirectoryPage page;
        try {
            host.fetch_with("directory", to_json_text(query), [&](std::string_view text) {
                page = reader.read(text, kMaxPageBytes, "the host's directory page");
            });
        } catch (const Error &e) {
            if (e.code() == ErrorCode::host_error) {
                throw;
            }
            bad_page(e.what());
        }
        if (!page.is_object) {
            bad_page("it is not a JSON object");
        }
        if (!page.has_total) {
            bad_page("totalResults is missing");
        }
        if (page.total > kMaxEmployees) {
            bad_page("it announces more than a million employees");
        }
        if (page.has_resources && !page.resources_is_array) {
            bad_page("Resources is not an array");
        }
        if (page.has_cursor) {
            pull.cursor = std::move(page.cursor);
        }
        if (page.received == 0 || users.rows() >= page.total) {
            break;
        }
        start += page.received;
    }
    pull.import = users.finish();
    pull.identities = users.take_identities();
    return pull;
}

}  // namespace psp
