// host_directory.cpp: paging through the host's directory scope.
#include "adapters/host_directory.hpp"

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

std::size_t count_of(const Json &page, const char *key) {
    const auto it = page.find(key);
    if (it == page.end() || !it->is_number_unsigned()) {
        bad_page(std::string(key) + " is missing");
    }
    return it->get<std::size_t>();
}

}  // namespace

HostDirectoryPull pull_host_directory(const HostServices &host, const std::string &since,
                                      const std::string &agency, std::size_t page_size,
                                      const DirectoryMapping &mapping) {
    // Each page is mapped as it arrives and freed before the next is fetched: only the pending
    // records and the SCIM id map stay (scim_directory.hpp, ScimUserStream).
    ScimUserStream users(agency, mapping);
    HostDirectoryPull pull;
    std::size_t start = 1;
    for (;;) {
        Json query = {{"startIndex", start}, {"count", page_size}};
        if (!since.empty()) {
            query["since"] = since;
        }
        Json page;
        try {
            page = parse_json_text(host.fetch("directory", to_json_text(query)), kMaxPageBytes,
                                   "the host's directory page");
        } catch (const Error &e) {
            if (e.code() == ErrorCode::host_error) {
                throw;
            }
            bad_page(e.what());
        }
        if (!page.is_object()) {
            bad_page("it is not a JSON object");
        }
        const std::size_t total = count_of(page, "totalResults");
        if (total > kMaxEmployees) {
            bad_page("it announces more than a million employees");
        }
        const auto resources = page.find("Resources");
        const bool has_resources = resources != page.end() && resources->is_array();
        if (resources != page.end() && !has_resources) {
            bad_page("Resources is not an array");
        }
        if (const auto cursor = page.find("cursor"); cursor != page.end() && cursor->is_string()) {
            pull.cursor = cursor->get<std::string>();
        }
        const std::size_t received = has_resources ? resources->size() : 0;
        for (std::size_t i = 0; i < received; ++i) {
            users.add((*resources)[i]);
        }
        if (received == 0 || users.rows() >= total) {
            break;
        }
        start += received;
    }
    pull.import = users.finish();
    pull.identities = users.take_identities();
    return pull;
}

}  // namespace psp
