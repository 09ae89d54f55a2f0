// caller_text.cpp: plain names are shown, anything else only counted.
#include "plugin/core/caller_text.hpp"

namespace psp {

bool is_plain_name(std::string_view name) {
    bool plain = !name.empty() && name.size() <= 64;
    for (const char c : name) {
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':');
    }
    return plain;
}

std::string shown_name(std::string_view name) {
    if (is_plain_name(name)) {
        return "'" + std::string(name) + "'";
    }
    return "a name of " + std::to_string(name.size()) + " bytes (not shown)";
}

}  // namespace psp
