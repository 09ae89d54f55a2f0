// json_event_log.hpp: every nlohmann SAX event as one line of text, to compare two parsers'
// events (tests/unit/json_quick_sax_test.cpp, tests/fuzz/fuzz_scim.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace psp_test {

// Every event as one line of text, doubles by their bits.
class JsonEventLog : public psp::JsonSaxTypes {
  public:
    std::vector<std::string> lines;
    psp::JsonSaxFailure failed;

    bool null() { return log("null"); }
    bool boolean(bool v) { return log(v ? "true" : "false"); }
    bool number_integer(number_integer_t v) { return log("int " + std::to_string(v)); }
    bool number_unsigned(number_unsigned_t v) { return log("unsigned " + std::to_string(v)); }
    bool number_float(number_float_t v, const string_t &text) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        return log("float " + std::to_string(bits) + " " + text);
    }
    bool string(string_t &v) { return log("string " + v); }
    bool binary(binary_t & /*v*/) { return log("binary"); }
    bool key(string_t &v) { return log("key " + v); }
    bool start_object(std::size_t /*size*/) { return log("{"); }
    bool end_object() { return log("}"); }
    bool start_array(std::size_t /*size*/) { return log("["); }
    bool end_array() { return log("]"); }
    template <class Exception>
    bool parse_error(std::size_t byte, const std::string & /*token*/, const Exception &problem) {
        return failed.record(byte, problem);
    }

  private:
    bool log(std::string line) {
        lines.push_back(std::move(line));
        return true;
    }
};

}  // namespace psp_test
