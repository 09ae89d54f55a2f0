// employee.cpp: names of staff categories.
#include "plugin/domain/employee.hpp"

#include "plugin/core/plain_text.hpp"

namespace psp {

std::string_view staff_category_name(StaffCategory category) {
    switch (category) {
        case StaffCategory::sworn:
            return "sworn";
        case StaffCategory::civilian:
            return "civilian";
        case StaffCategory::dispatcher:
            return "dispatcher";
        case StaffCategory::unknown:
            return "unknown";
    }
    return "sworn";
}

std::optional<StaffCategory> parse_staff_category(std::string_view text) {
    const std::string lower = ascii_lowercased(text);
    if (lower == "sworn") {
        return StaffCategory::sworn;
    }
    if (lower == "civilian") {
        return StaffCategory::civilian;
    }
    if (lower == "dispatcher") {
        return StaffCategory::dispatcher;
    }
    return std::nullopt;
}

std::optional<StaffCategory> parse_stored_staff_category(std::string_view text) {
    if (text == "unknown") {
        return StaffCategory::unknown;
    }
    return parse_staff_category(text);
}

}  // namespace psp
