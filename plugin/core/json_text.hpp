// json_text.hpp: the plugin's one JSON parsing layer.
//
// Every JSON text the plugin reads (requests, configuration, host fetch answers) comes through
// parse_json_text, which enforces the size limit, UTF-8 validity and a nesting limit before
// nlohmann/json sees it, so each of those failures has one clear error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace psp {

using Json = nlohmann::json;

// Deeper documents are refused: no method needs more, and it bounds recursion everywhere after.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text`. Throws Error(too_large | invalid_utf8 | invalid_json) naming `what` and the byte
// offset of the problem.
Json parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what);

// Compact JSON text.
std::string to_json_text(const Json &value);

// Byte offset of the first invalid UTF-8 sequence in `text`, or npos when it is valid.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace psp
