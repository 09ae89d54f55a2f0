// employee.hpp: the plugin's minimal employee record (DESIGN.md, "Data the plugin keeps").
//
// This is everything the plugin ever knows about a person from the host's directory. Adapters map
// host exports onto it through an allow-list; anything else is dropped at the door.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugin/core/enum_table.hpp"

namespace psp {

// The kind of work, which peer support matches on (IACP 3.8.1): sworn officers, dispatchers and
// other civilian staff. `unknown` is what an import stores, by the agency's policy
// (policy.directory.mapping.when_category_unknown), when the HR export does not say: an explicit
// gap the sync answer counts as a warning, never a silent guess at sworn or civilian.
enum class StaffCategory { sworn, civilian, dispatcher, unknown };

inline constexpr auto kStaffCategoryNames = enum_table<StaffCategory>({
    {StaffCategory::sworn, "sworn"},
    {StaffCategory::civilian, "civilian"},
    {StaffCategory::dispatcher, "dispatcher"},
    {StaffCategory::unknown, "unknown"},
});

inline std::string_view staff_category_name(StaffCategory category) {
    return kStaffCategoryNames[category];
}
// Accepts "sworn", "civilian", "dispatcher" (case-insensitive); nullopt otherwise. "unknown" is
// not a category an export can claim: parse_stored_staff_category reads it back from storage.
std::optional<StaffCategory> parse_staff_category(std::string_view text);
std::optional<StaffCategory> parse_stored_staff_category(std::string_view text);

struct EmployeeRecord {
    std::string id;
    std::string name;
    std::string title;  // title or rank
    StaffCategory category = StaffCategory::sworn;
    std::string agency;
    std::string division;
    std::string unit;
    std::string shift;
    std::string supervisor_id;  // empty at the top of the chart
    bool active = true;
    std::string hire_date;  // "YYYY-MM-DD" or empty when the host does not say

    bool operator==(const EmployeeRecord &) const = default;
};

}  // namespace psp
