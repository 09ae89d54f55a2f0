// host_directory.hpp: pulling the directory from the host through the `fetch` service.
//
// The plugin asks for scope "directory" page by page with a query
//   {"startIndex": 1, "count": 1000, "since": "<cursor>"}   ("since" only for incremental pulls)
// and the host answers each page with a SCIM ListResponse, plus a top-level "cursor" string: the
// host's change cursor as of the listing, which the next incremental pull sends back as "since".
// Every page goes through the SCIM mapping and its allow-list.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "adapters/directory_mapping.hpp"
#include "adapters/employee_allow_list.hpp"
#include "plugin/core/host_services.hpp"

namespace psp {

struct HostDirectoryPull {
    DirectoryImport import;
    std::string cursor;  // empty when the host keeps none
    // The host's SCIM id and the employee id of everyone pulled. An incremental pull lists only
    // who changed, so a manager reference to someone else is a SCIM id this pull cannot
    // translate; the plugin keeps these pairs to translate it (see directory_methods.cpp).
    std::vector<std::pair<std::string, std::string>> identities;
};

// Throws Error(host_error) when the host fails or answers with something that is not a SCIM
// ListResponse page.
HostDirectoryPull pull_host_directory(
    const HostServices &host, const std::string &since_cursor, const std::string &default_agency,
    std::size_t page_size = 1000, const DirectoryMapping &mapping = default_directory_mapping());

}  // namespace psp
