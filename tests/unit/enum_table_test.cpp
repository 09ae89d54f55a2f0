// enum_table_test.cpp: every enum table of the plugin names each value once, and reads each name
// back to its value (the order is checked when the tables compile: core/enum_table.hpp).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "plugin/core/error.hpp"
#include "plugin/domain/employee.hpp"
#include "plugin/domain/jurisdiction_profile.hpp"
#include "plugin/domain/management_statistics.hpp"
#include "plugin/domain/program_readiness.hpp"
#include "plugin/domain/program_status.hpp"
#include "plugin/domain/roles.hpp"
#include "plugin/domain/training_compliance.hpp"
#include "plugin/policy/program_policy.hpp"
#include "plugin/policy/training_policy.hpp"

namespace {

template <typename Table>
void expect_round_trip(const Table &table, const char *what) {
    std::set<std::string> seen;
    for (const auto &[value, name] : table) {
        EXPECT_FALSE(name.empty()) << what;
        EXPECT_TRUE(seen.insert(std::string(name)).second) << what << ": " << name << " twice";
        EXPECT_EQ(table[value], name) << what;
        ASSERT_TRUE(table.parse(name).has_value()) << what << ": " << name;
        EXPECT_EQ(*table.parse(name), value) << what << ": " << name;
    }
    EXPECT_FALSE(table.parse("no such name").has_value()) << what;
    EXPECT_FALSE(table.parse("").has_value()) << what;
}

TEST(EnumTable, EveryTableReadsEachNameBackToItsValue) {
    expect_round_trip(psp::kErrorCodeNames, "error codes");
    expect_round_trip(psp::kRoleNames, "roles");
    expect_round_trip(psp::kStaffCategoryNames, "staff categories");
    expect_round_trip(psp::kProgramStatusNames, "program statuses");
    expect_round_trip(psp::kSelectionStepNames, "selection steps");
    expect_round_trip(psp::kTrainingPeriodNames, "training periods");
    expect_round_trip(psp::kComplianceStateNames, "compliance states");
    expect_round_trip(psp::kReadinessFactNames, "readiness facts");
    expect_round_trip(psp::kReadinessStateNames, "readiness states");
    expect_round_trip(psp::kBreakdownNames, "breakdowns");
    expect_round_trip(psp::kRuleKindNames, "rule kinds");
    expect_round_trip(psp::kRuleBasisNames, "rule bases");
    expect_round_trip(psp::kLawStatusNames, "law statuses");
    expect_round_trip(psp::kProtectionKindNames, "protection kinds");
    expect_round_trip(psp::kInvolvementNames, "involvements");
    expect_round_trip(psp::kRosterFieldNames, "roster fields");
}

TEST(EnumTable, TheWireNamesAreTheOnesHostsAlreadyRead) {
    // A renamed entry would change what hosts and stored rows read: pin a few of each kind.
    EXPECT_EQ(psp::error_code_name(psp::ErrorCode::idempotency_reused), "idempotency_reused");
    EXPECT_EQ(psp::role_name(psp::Role::peer_supporter), "peer_supporter");
    EXPECT_EQ(psp::program_status_name(psp::ProgramStatus::awaiting_standing), "awaiting_standing");
    EXPECT_EQ(psp::selection_step_name(psp::SelectionStep::initial_training), "initial_training");
    EXPECT_EQ(psp::training_period_name(psp::TrainingPeriod::half_year), "half_year");
    EXPECT_EQ(
        psp::protection_kind_name(psp::ProtectionKind::testimonial_privilege_and_public_records),
        "testimonial_privilege_and_public_records");
}

TEST(EnumTable, AnExportCannotClaimTheUnknownCategoryButStorageReadsItBack) {
    EXPECT_EQ(psp::parse_staff_category("Sworn"), psp::StaffCategory::sworn);
    EXPECT_FALSE(psp::parse_staff_category("unknown").has_value());
    EXPECT_EQ(psp::parse_stored_staff_category("unknown"), psp::StaffCategory::unknown);
    EXPECT_EQ(psp::parse_stored_staff_category("dispatcher"), psp::StaffCategory::dispatcher);
}

}  // namespace
