// json_quick_sax.hpp: a quick parse of well-formed JSON into nlohmann SAX events, which gives up
// on anything else.
//
// nlohmann's lexer keeps every character of a token for its messages and reads the text through
// an input adapter one character at a time: on a host's directory page of a thousand users it
// was a third of a 100,000-person pull. This parser takes the common path only and says false
// the moment the text strays from it (a syntax error, a BOM, a control character in a string, a
// lone surrogate, a number a 64-bit integer or double does not hold exactly as written): the
// caller then parses the same text with nlohmann (json_text.hpp's sax_parse_json_text), which
// gives the answer or the error that text has always had. The events it does give are the ones
// nlohmann gives for the same text: the same order, the same values (integers as unsigned when
// not negative, numbers with a fraction or exponent as doubles, correctly rounded), strings
// unescaped into UTF-8. A handler that throws stops it too.
//
// Call it only on valid UTF-8 (check_json_text_encoding). It gives up on nesting deeper than
// kMaxJsonDepth (its recursion stays bounded) and on a NUL byte, so a text it accepts is one
// check_json_text passes.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "plugin/core/json_text.hpp"

namespace psp {

template <class Handler>
class JsonQuickSax {
  public:
    JsonQuickSax(std::string_view text, Handler &handler) : text_(text), handler_(handler) {}

    // True when the text was well-formed and every event given; false to ask nlohmann.
    bool parse() {
        skip_space();
        if (!value()) {
            return false;
        }
        skip_space();
        return at_ == text_.size();
    }

  private:
    void skip_space() {
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            ++at_;
        }
    }

    bool literal(std::string_view word) {
        if (text_.substr(at_, word.size()) != word) {
            return false;
        }
        at_ += word.size();
        return true;
    }

    bool value() {
        if (at_ >= text_.size()) {
            return false;
        }
        switch (text_[at_]) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string(buffer_) && handler_.string(buffer_);
            case 't':
                return literal("true") && handler_.boolean(true);
            case 'f':
                return literal("false") && handler_.boolean(false);
            case 'n':
                return literal("null") && handler_.null();
            default:
                return number();
        }
    }

    // Counts one more level of nesting for as long as it lives.
    struct Nested {
        explicit Nested(std::size_t &depth) : count(depth) { ++count; }
        ~Nested() { --count; }
        Nested(const Nested &) = delete;
        Nested &operator=(const Nested &) = delete;
        std::size_t &count;
    };

    bool object() {
        const Nested level(depth_);
        if (depth_ > kMaxJsonDepth) {
            return false;
        }
        ++at_;
        if (!handler_.start_object(static_cast<std::size_t>(-1))) {
            return false;
        }
        skip_space();
        if (at_ < text_.size() && text_[at_] == '}') {
            ++at_;
            return handler_.end_object();
        }
        for (;;) {
            if (at_ >= text_.size() || text_[at_] != '"' || !string(buffer_) ||
                !handler_.key(buffer_)) {
                return false;
            }
            skip_space();
            if (at_ >= text_.size() || text_[at_] != ':') {
                return false;
            }
            ++at_;
            skip_space();
            bool ended = false;
            if (!value() || !separator('}', ended)) {
                return false;
            }
            if (ended) {
                return handler_.end_object();
            }
        }
    }

    bool array() {
        const Nested level(depth_);
        if (depth_ > kMaxJsonDepth) {
            return false;
        }
        ++at_;
        if (!handler_.start_array(static_cast<std::size_t>(-1))) {
            return false;
        }
        skip_space();
        if (at_ < text_.size() && text_[at_] == ']') {
            ++at_;
            return handler_.end_array();
        }
        for (;;) {
            bool ended = false;
            if (!value() || !separator(']', ended)) {
                return false;
            }
            if (ended) {
                return handler_.end_array();
            }
        }
    }

    // After a member or an element: the container's `close` (`ended`) or a comma, each with the
    // white space after it.
    bool separator(char close, bool &ended) {
        skip_space();
        if (at_ >= text_.size() || (text_[at_] != close && text_[at_] != ',')) {
            return false;
        }
        ended = text_[at_] == close;
        ++at_;
        skip_space();
        return true;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // Four hex digits after "\u", or -1.
    long code_unit() {
        if (at_ + 6 > text_.size() || text_[at_] != '\\' || text_[at_ + 1] != 'u') {
            return -1;
        }
        long unit = 0;
        for (std::size_t k = at_ + 2; k < at_ + 6; ++k) {
            const int digit = hex(text_[k]);
            if (digit < 0) {
                return -1;
            }
            unit = unit * 16 + digit;
        }
        at_ += 6;
        return unit;
    }

    static void append_utf8(std::string &out, long cp) {
        const auto byte = [&](long b) { out += static_cast<char>(b); };
        if (cp < 0x80) {
            byte(cp);
        } else if (cp < 0x800) {
            byte(0xC0 | (cp >> 6));
            byte(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            byte(0xE0 | (cp >> 12));
            byte(0x80 | ((cp >> 6) & 0x3F));
            byte(0x80 | (cp & 0x3F));
        } else {
            byte(0xF0 | (cp >> 18));
            byte(0x80 | ((cp >> 12) & 0x3F));
            byte(0x80 | ((cp >> 6) & 0x3F));
            byte(0x80 | (cp & 0x3F));
        }
    }

    // The string at the opening quote, unescaped into `out`.
    bool string(std::string &out) {
        out.clear();
        ++at_;
        for (;;) {
            // The plain run up to the next quote, backslash or control character, copied at once.
            std::size_t end = at_;
            while (end < text_.size()) {
                const auto c = static_cast<unsigned char>(text_[end]);
                if (c == '"' || c == '\\' || c < 0x20) {
                    break;
                }
                ++end;
            }
            out.append(text_.data() + at_, end - at_);
            at_ = end;
            if (at_ >= text_.size() || static_cast<unsigned char>(text_[at_]) < 0x20) {
                return false;
            }
            if (text_[at_] == '"') {
                ++at_;
                return true;
            }
            if (!escape(out)) {
                return false;
            }
        }
    }

    bool escape(std::string &out) {
        if (at_ + 1 >= text_.size()) {
            return false;
        }
        const char c = text_[at_ + 1];
        static constexpr std::string_view kFrom = "\"\\/bfnrt";
        static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
        if (const auto k = kFrom.find(c); k != std::string_view::npos) {
            out += kTo[k];
            at_ += 2;
            return true;
        }
        long cp = code_unit();
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
            return false;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const long low = code_unit();
            if (low < 0xDC00 || low > 0xDFFF) {
                return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        return true;
    }

    bool number() {
        const std::size_t start = at_;
        const auto digits = [&] {
            const std::size_t from = at_;
            while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
                ++at_;
            }
            return at_ - from;
        };
        const bool negative = at_ < text_.size() && text_[at_] == '-';
        at_ += negative ? 1 : 0;
        if (at_ >= text_.size()) {
            return false;
        }
        if (text_[at_] == '0') {
            ++at_;
        } else if (digits() == 0) {
            return false;
        }
        bool integral = true;
        if (at_ < text_.size() && text_[at_] == '.') {
            ++at_;
            integral = false;
            if (digits() == 0) {
                return false;
            }
        }
        if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
            ++at_;
            integral = false;
            if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) {
                ++at_;
            }
            if (digits() == 0) {
                return false;
            }
        }
        const char *first = text_.data() + start;
        const char *last = text_.data() + at_;
        if (integral && negative) {
            Json::number_integer_t value = 0;
            const auto [end, error] = std::from_chars(first, last, value);
            return error == std::errc() && end == last && handler_.number_integer(value);
        }
        if (integral) {
            Json::number_unsigned_t value = 0;
            const auto [end, error] = std::from_chars(first, last, value);
            return error == std::errc() && end == last && handler_.number_unsigned(value);
        }
        Json::number_float_t value = 0;
        const auto [end, error] = std::from_chars(first, last, value);
        if (error != std::errc() || end != last) {
            return false;  // beyond a double either way: nlohmann decides
        }
        buffer_.assign(first, last);
        return handler_.number_float(value, buffer_);
    }

    std::string_view text_;
    Handler &handler_;
    std::size_t at_ = 0;
    std::string buffer_;
    std::size_t depth_ = 0;  // containers open, the one being read included
};

}  // namespace psp
