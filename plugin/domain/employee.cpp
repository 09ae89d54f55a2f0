// employee.cpp: reading staff categories from exports and from storage.
#include "plugin/domain/employee.hpp"

#include "plugin/core/plain_text.hpp"

namespace psp {

std::optional<StaffCategory> parse_staff_category(std::string_view text) {
    const std::optional<StaffCategory> category = kStaffCategoryNames.parse(ascii_lowercased(text));
    if (category == StaffCategory::unknown) {
        return std::nullopt;  // not a category an export can claim
    }
    return category;
}

std::optional<StaffCategory> parse_stored_staff_category(std::string_view text) {
    if (text == staff_category_name(StaffCategory::unknown)) {
        return StaffCategory::unknown;
    }
    return parse_staff_category(text);
}

}  // namespace psp
