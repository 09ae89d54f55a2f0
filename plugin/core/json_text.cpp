// json_text.cpp: size, UTF-8 and depth checks in front of nlohmann/json.
#include "plugin/core/json_text.hpp"

#include <set>
#include <vector>

#include "plugin/core/caller_text.hpp"
#include "plugin/core/error.hpp"

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

// Refuses a key that appears twice in one object. nlohmann/json keeps the last one, but a gateway
// in front of the plugin may read the first: {"roles":["employee"],"roles":["auditor"]} must not
// mean one thing to the host and another to the plugin. Follows the parse through nlohmann's
// callback (one JSON layer), keeping each open object's keys and the path to name the place.
class DuplicateKeyCheck {
  public:
    explicit DuplicateKeyCheck(std::string what) : what_(std::move(what)) {}

    bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, Json &parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                frames_.push_back({event == Event::object_start, {}, {}, 0});
                break;
            case Event::key:
                on_key(parsed.get_ref<const std::string &>());
                break;
            case Event::object_end:
            case Event::array_end:
                frames_.pop_back();
                next_element();
                break;
            case Event::value:
                next_element();
                break;
        }
        return true;
    }

  private:
    struct Frame {
        bool object;
        std::set<std::string> keys;
        std::string key;        // the object's current key
        std::size_t index = 0;  // the array's current element
    };

    void next_element() {
        if (!frames_.empty() && !frames_.back().object) {
            ++frames_.back().index;
        }
    }

    void on_key(const std::string &key) {
        Frame &object = frames_.back();
        if (object.keys.insert(key).second) {
            object.key = key;
            return;
        }
        std::string pointer;
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            pointer += '/';
            pointer +=
                frames_[i].object ? pointer_step(frames_[i].key) : std::to_string(frames_[i].index);
        }
        const std::string place = pointer.empty() ? "at the top level" : "in " + pointer;
        throw Error(ErrorCode::invalid_json,
                    what_ + " has the key " + shown_name(key) + " twice in one object (" + place +
                        "); each key may appear once",
                    pointer + "/" + pointer_step(key));
    }

    // A JSON Pointer step (RFC 6901), or "?" for a key an error may not show.
    static std::string pointer_step(const std::string &key) {
        if (!is_plain_name(key)) {
            return "?";
        }
        return key;  // the shown characters include neither '~' nor '/'
    }

    std::string what_;
    std::vector<Frame> frames_;
};

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
    // A raw NUL is never part of JSON (inside a string it must be written \u0000), and nlohmann's
    // lexer would take it for the end of the input and ignore whatever follows it.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        throw Error(ErrorCode::invalid_json,
                    name + " holds a NUL byte (byte offset " + std::to_string(nul) +
                        "); nothing may follow the JSON value, and a NUL inside a string is "
                        "written \\u0000");
    }
    try {
        return Json::parse(text.begin(), text.end(), DuplicateKeyCheck(name));
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
