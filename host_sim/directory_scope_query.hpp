// directory_scope_query.hpp: the query a plugin sends with a fetch of scope "directory".
//
//   {"startIndex": 1, "count": 1000, "since": "<cursor>"}     ("since" only for incremental pulls)
//
// Parsed strictly: a key the host does not understand (a SCIM "filter" or "attributes", say) is
// refused rather than ignored, so a plugin can never believe it narrowed or widened a request.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace psp::host_sim {

// Like a SCIM service provider, the host caps a page; a larger count gets fewer items.
inline constexpr std::size_t kMaxDirectoryPageSize = 1000;

struct DirectoryScopeQuery {
    std::size_t start_index = 1;  // 1-based, as in SCIM
    std::size_t count = kMaxDirectoryPageSize;
    std::string since;  // empty: everyone
};

// Throws std::invalid_argument saying what is wrong with the query.
DirectoryScopeQuery parse_directory_scope_query(std::string_view query_json);

}  // namespace psp::host_sim
