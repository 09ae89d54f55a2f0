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

// The same checks and errors as parse_json_text for a reader that takes nlohmann's SAX events
// itself instead of a document (a host's directory page, mapped user by user as it is read:
// adapters/host_directory.cpp). `Handler` is a nlohmann SAX handler whose parse_error returns
// `failure().record(...)`; a key twice in one object it refuses with throw_duplicate_json_key.
// The value types a nlohmann SAX handler names.
struct JsonSaxTypes {
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using string_t = Json::string_t;
    using binary_t = Json::binary_t;
};

struct JsonSaxFailure {
    std::size_t byte = 0;
    bool number_too_large = false;

    template <class Exception>
    bool record(std::size_t at, const Exception &problem) {
        byte = at;
        number_too_large = problem.id == kNumberOverflow;
        return false;
    }

  private:
    // nlohmann's out_of_range.406: a number beyond a double (1E400).
    static constexpr int kNumberOverflow = 406;
};

// Throws what parse_json_text throws for `text` before parsing it (size, UTF-8, depth, NUL).
void check_json_text(std::string_view text, std::size_t max_bytes, const std::string &what);
// Its first two checks (size, UTF-8) alone: what JsonQuickSax needs before it runs. It refuses
// deeper nesting and NULs itself, so a text it accepts passes check_json_text whole.
void check_json_text_encoding(std::string_view text, std::size_t max_bytes,
                              const std::string &what);
// Throws what parse_json_text throws for a parse that failed as `failure` says.
[[noreturn]] void throw_json_parse_failure(const std::string &what, const JsonSaxFailure &failure);
// Throws what parse_json_text throws for `key` twice in the object at `pointer` (built from
// json_pointer_step of each key or index on the way; "" for the top level).
[[noreturn]] void throw_duplicate_json_key(const std::string &what, const std::string &pointer,
                                           const std::string &key);
// A JSON Pointer step (RFC 6901) an error may show: the key, or "?" for one it may not.
std::string json_pointer_step(const std::string &key);

template <class Handler>
void sax_parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what,
                         Handler &handler) {
    const std::string name(what);
    check_json_text(text, max_bytes, name);
    if (!Json::sax_parse(text.begin(), text.end(), &handler)) {
        throw_json_parse_failure(name, handler.failure());
    }
}

// Compact JSON text.
std::string to_json_text(const Json &value);

// Byte offset of the first invalid UTF-8 sequence in `text`, or npos when it is valid.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace psp
