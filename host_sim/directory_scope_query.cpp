// directory_scope_query.cpp: strict parsing of the directory fetch query.
#include "host_sim/directory_scope_query.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

std::size_t positive_integer(const Json &value, const char *key) {
    if (!value.is_number_unsigned() || value.get<std::size_t>() == 0) {
        throw std::invalid_argument(std::string("the directory query's ") + key +
                                    " must be a positive integer");
    }
    return value.get<std::size_t>();
}

Json parse_object(std::string_view query_json) {
    Json query = Json::parse(query_json, nullptr, /*allow_exceptions=*/false);
    if (!query.is_object()) {
        throw std::invalid_argument("the directory query is not a JSON object");
    }
    return query;
}

}  // namespace

DirectoryScopeQuery parse_directory_scope_query(std::string_view query_json) {
    const Json query = parse_object(query_json);
    DirectoryScopeQuery parsed;
    for (const auto &[key, value] : query.items()) {
        if (key == "startIndex") {
            parsed.start_index = positive_integer(value, "startIndex");
        } else if (key == "count") {
            parsed.count = std::min(positive_integer(value, "count"), kMaxDirectoryPageSize);
        } else if (key == "since") {
            if (!value.is_string()) {
                throw std::invalid_argument("the directory query's since must be a string");
            }
            parsed.since = value.get<std::string>();
        } else {
            throw std::invalid_argument(
                "the directory query has a key this host does not "
                "understand: " +
                key);
        }
    }
    return parsed;
}

}  // namespace psp::host_sim
