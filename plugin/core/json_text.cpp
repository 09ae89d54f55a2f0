// json_text.cpp: size, UTF-8 and depth checks in front of nlohmann/json.
#include "core/json_text.hpp"

#include "core/error.hpp"

namespace psp {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
            low = 0xA0;
        }
        if (lead == 0xED) {
            high = 0x9F;
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
            low = 0x90;
        }
        if (lead == 0xF4) {
            high = 0x8F;
        }
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    if (byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
            return 0;
        }
    }
    return length;
}

// Byte offset where nesting first exceeds kMaxJsonDepth, or npos.
std::size_t find_excess_depth(std::string_view text) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

Json parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
    const std::string name(what);
    if (text.size() > max_bytes) {
        throw Error(ErrorCode::too_large, name + " is " + std::to_string(text.size()) +
                                              " bytes; the limit is " + std::to_string(max_bytes));
    }
    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        throw Error(ErrorCode::invalid_utf8,
                    name + " is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
    }
    if (const std::size_t deep = find_excess_depth(text); deep != std::string_view::npos) {
        throw Error(ErrorCode::invalid_json,
                    name + " nests deeper than " + std::to_string(kMaxJsonDepth) +
                        " levels (byte offset " + std::to_string(deep) + ")");
    }
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error &e) {
        throw Error(ErrorCode::invalid_json,
                    name + " is not well-formed JSON (byte offset " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::out_of_range &) {
        // A number beyond a double (1E400): nlohmann's message would echo the text, so it is not
        // passed on. Found by fuzz_scim (tests/fuzz).
        throw Error(ErrorCode::invalid_json, name + " holds a number too large to represent");
    }
}

std::string to_json_text(const Json &value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace psp
