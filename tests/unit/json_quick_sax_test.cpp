// json_quick_sax_test.cpp: JsonQuickSax against nlohmann's parser on random JSON texts spelt in
// every way JSON allows (escapes, \u escapes in either case, surrogate pairs, numbers with signs,
// fractions and exponents, big integers, all four kinds of white space) and on damaged ones: when
// it accepts a text it gives exactly nlohmann's events, and it never accepts what nlohmann refuses.
#include "plugin/core/json_quick_sax.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "tests/fuzz/json_event_log.hpp"

namespace {

using psp::Json;

using EventLog = psp_test::JsonEventLog;

class OddJson {
  public:
    explicit OddJson(unsigned seed) : rng_(seed) {}

    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }
    std::mt19937 &rng() { return rng_; }

    std::string space() {
        static const char *const spaces[] = {"", "", "", " ", "\t", "\n", "\r\n", "  \t "};
        return spaces[pick(8)];
    }

    std::string hex4(unsigned unit) {
        static const char *const lower = "0123456789abcdef";
        static const char *const upper = "0123456789ABCDEF";
        const char *digits = pick(2) == 0 ? lower : upper;
        std::string out = "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) {
            out += digits[(unit >> shift) & 0xF];
        }
        return out;
    }

    std::string string() {
        std::string out = "\"";
        for (std::size_t n = pick(8); n > 0; --n) {
            switch (pick(12)) {
                case 0:
                    out += "\\\"";
                    break;
                case 1: {
                    static const char *const escapes[] = {"\\\\", "\\/", "\\b", "\\f",
                                                          "\\n",  "\\r", "\\t"};
                    out += escapes[pick(7)];
                    break;
                }
                case 2:
                    out += hex4(static_cast<unsigned>(pick(0xD800)));  // below the surrogates
                    break;
                case 3:  // a pair
                    out += hex4(0xD800 + static_cast<unsigned>(pick(0x400)));
                    out += hex4(0xDC00 + static_cast<unsigned>(pick(0x400)));
                    break;
                case 4:
                    out += pick(10) == 0 ? hex4(0xDC00 + static_cast<unsigned>(pick(0x400)))
                                         : hex4(0xE000 + static_cast<unsigned>(pick(0x2000)));
                    break;
                case 5:
                    out += "é名🙂";
                    break;
                case 6:
                    if (pick(10) == 0) {
                        out += hex4(0xD800 + static_cast<unsigned>(pick(0x400)));  // lone
                    }
                    break;
                default:
                    out += "plain text"[pick(10)];
            }
        }
        return out + "\"";
    }

    std::string number() {
        static const char *const numbers[] = {"0",
                                              "-0",
                                              "7",
                                              "-7",
                                              "123456789",
                                              "18446744073709551615",
                                              "18446744073709551616",
                                              "-9223372036854775808",
                                              "-9223372036854775809",
                                              "1.5",
                                              "-0.0",
                                              "1e2",
                                              "1E+2",
                                              "2.5e-3",
                                              "1e400",
                                              "-1e400",
                                              "1e-400",
                                              "0.1",
                                              "123.456e7",
                                              "99999999999999999999999"};
        return numbers[pick(sizeof numbers / sizeof *numbers)];
    }

    std::string value(int depth) {
        switch (depth <= 0 ? 2 + pick(4) : pick(6)) {
            case 0: {
                std::string out = "{" + space();
                for (std::size_t n = pick(4); n > 0; --n) {
                    out += string() + space() + ":" + space() + value(depth - 1) + space() +
                           (n > 1 ? "," + space() : "");
                }
                return out + "}";
            }
            case 1: {
                std::string out = "[" + space();
                for (std::size_t n = pick(4); n > 0; --n) {
                    out += value(depth - 1) + space() + (n > 1 ? "," + space() : "");
                }
                return out + "]";
            }
            case 2:
                return string();
            case 3:
                return number();
            default: {
                static const char *const words[] = {"true", "false", "null"};
                return words[pick(3)];
            }
        }
    }

  private:
    std::mt19937 rng_;
};

// What nlohmann makes of `text`, and what the quick parser makes of it.
void compare(const std::string &text) {
    try {
        psp::check_json_text(text, 1 << 20, "text");
    } catch (const psp::Error &) {
        return;  // the quick parser is only ever given text that passed
    }
    EventLog nlohmann;
    const bool nlohmann_ok = Json::sax_parse(text.begin(), text.end(), &nlohmann);
    EventLog quick;
    if (psp::JsonQuickSax(text, quick).parse()) {
        ASSERT_TRUE(nlohmann_ok) << "accepted what nlohmann refuses: " << text;
        EXPECT_EQ(quick.lines, nlohmann.lines) << text;
    }
}

TEST(JsonQuickSax, GivesNlohmannsEventsForWellFormedText) {
    std::size_t accepted = 0;
    for (unsigned seed = 1; seed <= 2000; ++seed) {
        OddJson odd(seed);
        const std::string text = odd.space() + odd.value(4) + odd.space();
        compare(text);
        EventLog quick;
        accepted += psp::JsonQuickSax(text, quick).parse() ? 1 : 0;
    }
    // Most of them: it gives up only on what is rare in a host's pages.
    EXPECT_GT(accepted, 1000u);
}

TEST(JsonQuickSax, NeverAcceptsWhatNlohmannRefuses) {
    static const std::string bytes = std::string("{}[]\",:0-+e.E\\ u\x01x\xc3\xa9", 21);
    for (unsigned seed = 1; seed <= 3000; ++seed) {
        OddJson odd(seed);
        std::string text = odd.value(3);
        if (odd.pick(2) == 0 && !text.empty()) {
            text.resize(odd.pick(text.size()));
        } else {
            for (std::size_t n = 1 + odd.pick(2); n > 0; --n) {
                const std::size_t at = odd.pick(text.size() + 1);
                const char c = bytes[odd.pick(bytes.size())];
                if (odd.pick(2) == 0 && at < text.size()) {
                    text[at] = c;
                } else {
                    text.insert(at, 1, c);
                }
            }
        }
        compare(text);
    }
}

TEST(JsonQuickSax, SpellingsOfTheSameValues) {
    for (const char *text :
         {"\"\\u00e9\\u00E9\"", "\"\\ud83d\\ude42\"", "[1E2,1e+2,100.0,-0,0.0e0]",
          " {\"a\" : [ true , false , null ] }\r\n", "\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"",
          "18446744073709551615", "-9223372036854775808"}) {
        compare(text);
        EventLog quick;
        EXPECT_TRUE(psp::JsonQuickSax(std::string_view(text), quick).parse()) << text;
    }
    // Left to nlohmann: what does not fit a 64-bit integer or a double, a BOM, a lone surrogate.
    for (const char *text : {"18446744073709551616", "-9223372036854775809", "1e400", "1e-400",
                             "\xEF\xBB\xBF{}", "\"\\ud83d\"", "\"\\ude42\"", "", " "}) {
        compare(text);
        EventLog quick;
        EXPECT_FALSE(psp::JsonQuickSax(std::string_view(text), quick).parse()) << text;
    }
}

// It refuses itself what check_json_text's depth and NUL checks refuse (the page reader runs
// them only when it gives up): nesting past kMaxJsonDepth, a NUL anywhere.
TEST(JsonQuickSax, GivesUpPastTheDepthLimitAndOnANul) {
    const auto arrays = [](std::size_t levels) {
        return std::string(levels, '[') + std::string(levels, ']');
    };
    EventLog at_limit;
    EXPECT_TRUE(psp::JsonQuickSax(arrays(psp::kMaxJsonDepth), at_limit).parse());
    EventLog past_limit;
    EXPECT_FALSE(psp::JsonQuickSax(arrays(psp::kMaxJsonDepth + 1), past_limit).parse());
    std::string objects;
    for (std::size_t i = 0; i < psp::kMaxJsonDepth; ++i) {
        objects += "{\"a\":";
    }
    objects += "[]" + std::string(psp::kMaxJsonDepth, '}');
    EventLog deep;
    EXPECT_FALSE(psp::JsonQuickSax(objects, deep).parse());  // 65 levels with the array
    for (const std::string text : {std::string("[1,\0 2]", 7), std::string("\"a\0b\"", 5),
                                   std::string("{}\0", 3), std::string("\0[]", 3)}) {
        EventLog quick;
        EXPECT_FALSE(psp::JsonQuickSax(std::string_view(text), quick).parse());
    }
}

}  // namespace
