// json_text.cpp: size, UTF-8 and depth checks in front of nlohmann/json.
#include "plugin/core/json_text.hpp"

#include <cstdint>
#include <cstring>
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
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            // To the closing quote with memchr: strings are most of a JSON text's bytes (a
            // directory page's in particular), and a byte at a time cost 4% of a host pull. A
            // quote is escaped when an odd run of backslashes comes right before it; the run
            // cannot reach past the opening quote.
            for (;;) {
                const void *quote = std::memchr(text.data() + i + 1, '"', text.size() - i - 1);
                if (quote == nullptr) {
                    return std::string_view::npos;  // unterminated: the parser says so
                }
                i = static_cast<std::size_t>(static_cast<const char *>(quote) - text.data());
                std::size_t backslashes = 0;
                while (text[i - 1 - backslashes] == '\\') {
                    ++backslashes;
                }
                if (backslashes % 2 == 0) {
                    break;
                }
            }
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

// Builds the document from nlohmann's SAX events and refuses a key that appears twice in one
// object. nlohmann/json keeps the last one, but a gateway in front of the plugin may read the
// first: {"roles":["employee"],"roles":["auditor"]} must not mean one thing to the host and another
// to the plugin. Not nlohmann's callback parser: in 3.11.2 (Debian's) its end_object scans the
// whole parent container for a discarded value after every object, so an array of n objects cost
// n^2/2 element visits (45% of a 100,000-employee directory.sync; fixed upstream in
// nlohmann/json#5457).
class CheckedDocumentBuilder : public JsonSaxTypes {
  public:
    explicit CheckedDocumentBuilder(std::string what) : what_(std::move(what)) {}

    bool null() { return place(nullptr); }
    bool boolean(bool value) { return place(value); }
    bool number_integer(number_integer_t value) { return place(value); }
    bool number_unsigned(number_unsigned_t value) { return place(value); }
    bool number_float(number_float_t value, const string_t & /*text*/) { return place(value); }
    bool string(string_t &value) { return place(std::move(value)); }
    bool binary(binary_t &value) { return place(Json::binary(std::move(value))); }

    bool start_object(std::size_t /*size*/) { return open(Json::object()); }
    bool start_array(std::size_t /*size*/) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t &key) {
        Frame &object = open_.back();
        if (object.value->contains(key)) {
            refuse_duplicate(key);
        }
        object.key = std::move(key);
        return true;
    }

    // Keeps where and what went wrong; parse_json_text turns it into the plugin's error.
    template <class Exception>
    bool parse_error(std::size_t byte, const std::string & /*token*/, const Exception &problem) {
        return failure_.record(byte, problem);
    }

    Json &document() { return document_; }
    const JsonSaxFailure &failure() const { return failure_; }

  private:
    struct Frame {
        Json *value;
        std::string key;  // an object's current key
    };

    Json *slot_for_next_value() {
        if (open_.empty()) {
            return &document_;
        }
        Frame &parent = open_.back();
        if (parent.value->is_array()) {
            parent.value->push_back(nullptr);
            return &parent.value->back();
        }
        return &(*parent.value)[parent.key];
    }

    template <class Value>
    bool place(Value &&value) {
        *slot_for_next_value() = Json(std::forward<Value>(value));
        return true;
    }

    // The pointer stays valid while the container is open: nothing is added to its parent then.
    bool open(Json &&container) {
        Json *slot = slot_for_next_value();
        *slot = std::move(container);
        open_.push_back({slot, {}});
        return true;
    }

    bool close() {
        open_.pop_back();
        return true;
    }

    [[noreturn]] void refuse_duplicate(const std::string &key) const {
        std::string pointer;
        for (std::size_t i = 0; i + 1 < open_.size(); ++i) {
            const Frame &frame = open_[i];
            pointer += '/';
            pointer += frame.value->is_object() ? json_pointer_step(frame.key)
                                                : std::to_string(frame.value->size() - 1);
        }
        throw_duplicate_json_key(what_, pointer, key);
    }

    std::string what_;
    Json document_;
    std::vector<Frame> open_;
    JsonSaxFailure failure_;
};

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        // Runs of ASCII eight bytes at a time: most of any JSON text, and of a host's directory
        // pages (tens of megabytes in a pull) in particular.
        constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
        for (std::uint64_t word = 0; i + sizeof word <= text.size(); i += sizeof word) {
            std::memcpy(&word, text.data() + i, sizeof word);
            if ((word & kHighBits) != 0) {
                break;
            }
        }
        if (i >= text.size()) {
            break;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

void check_json_text_encoding(std::string_view text, std::size_t max_bytes,
                              const std::string &name) {
    if (text.size() > max_bytes) {
        throw Error(ErrorCode::too_large, name + " is " + std::to_string(text.size()) +
                                              " bytes; the limit is " + std::to_string(max_bytes));
    }
    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        throw Error(ErrorCode::invalid_utf8,
                    name + " is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
    }
}

void check_json_text(std::string_view text, std::size_t max_bytes, const std::string &name) {
    check_json_text_encoding(text, max_bytes, name);
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
}

void throw_json_parse_failure(const std::string &name, const JsonSaxFailure &failure) {
    if (failure.number_too_large) {
        // nlohmann's message would echo the text, so it is not passed on. Found by fuzz_scim
        // (tests/fuzz).
        throw Error(ErrorCode::invalid_json, name + " holds a number too large to represent");
    }
    throw Error(ErrorCode::invalid_json, name + " is not well-formed JSON (byte offset " +
                                             std::to_string(failure.byte) + ")");
}

void throw_duplicate_json_key(const std::string &name, const std::string &pointer,
                              const std::string &key) {
    const std::string place = pointer.empty() ? "at the top level" : "in " + pointer;
    throw Error(ErrorCode::invalid_json,
                name + " has the key " + shown_name(key) + " twice in one object (" + place +
                    "); each key may appear once",
                pointer + "/" + json_pointer_step(key));
}

std::string json_pointer_step(const std::string &key) {
    if (!is_plain_name(key)) {
        return "?";
    }
    return key;  // the shown characters include neither '~' nor '/'
}

Json parse_json_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
    CheckedDocumentBuilder builder{std::string(what)};
    sax_parse_json_text(text, max_bytes, what, builder);
    return std::move(builder.document());
}

std::string to_json_text(const Json &value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace psp
