// training_policy_test.cpp: policy.training: its defaults (IACP 8.2: four hours a quarter),
// every setting read, and bad values refused with their field.
#include "plugin/policy/training_policy.hpp"

#include <gtest/gtest.h>

#include "plugin/config/agency_config.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp_test::error_from;

class TrainingPolicyTest : public ::testing::Test {
  protected:
    psp::TrainingPolicy parse(const std::string &training) {
        const std::string json = R"({"policy": {"training": )" + training + "}}";
        return psp::parse_agency_config("metro", dir_.path().string().c_str(), json.c_str())
            .training;
    }
    psp::Error refusal(const std::string &training) {
        return error_from([&] { parse(training); });
    }
    psp_test::TempDir dir_;
};

TEST_F(TrainingPolicyTest, Defaults) {
    const psp::TrainingPolicy p = parse("{}");
    EXPECT_EQ(p.continuing.period, psp::TrainingPeriod::quarter);
    EXPECT_EQ(p.continuing.minutes_per_period, 240);
    EXPECT_EQ(p.continuing.grace_days, 30);
    EXPECT_EQ(p.continuing.due_soon_days, 14);
    EXPECT_EQ(p.continuing.cycle_periods, 4);
    EXPECT_TRUE(p.continuing.cycle_topics.empty());
    EXPECT_EQ(p.initial.minutes, 40 * 60);
    EXPECT_EQ(p.initial.topics.size(), 5u);
    EXPECT_EQ(p.future_tolerance_days, 0);
    EXPECT_TRUE(p.leave_pauses_clock);
}

TEST_F(TrainingPolicyTest, EverySettingIsRead) {
    const psp::TrainingPolicy p = parse(R"({
      "initial": {"hours": 24.5, "topics": ["confidentiality"]},
      "continuing": {"period": "half_year", "hours": 8, "grace_days": 10, "due_soon_days": 7,
                     "cycle_periods": 2, "cycle_topics": ["suicide_assessment", "agency_own"]},
      "future_tolerance_days": 3, "leave_pauses_clock": false})");
    EXPECT_EQ(p.initial.minutes, 24 * 60 + 30);
    EXPECT_EQ(p.initial.topics, (std::vector<std::string>{"confidentiality"}));
    EXPECT_EQ(p.continuing.period, psp::TrainingPeriod::half_year);
    EXPECT_EQ(psp::months_per_period(p.continuing.period), 6);
    EXPECT_EQ(p.continuing.minutes_per_period, 480);
    EXPECT_EQ(p.continuing.grace_days, 10);
    EXPECT_EQ(p.continuing.due_soon_days, 7);
    EXPECT_EQ(p.continuing.cycle_periods, 2);
    EXPECT_EQ(p.continuing.cycle_topics.size(), 2u);
    EXPECT_EQ(p.future_tolerance_days, 3);
    EXPECT_FALSE(p.leave_pauses_clock);
    EXPECT_EQ(parse(R"({"continuing": {"period": "month"}})").continuing.period,
              psp::TrainingPeriod::month);
    EXPECT_EQ(parse(R"({"continuing": {"period": "year"}})").continuing.period,
              psp::TrainingPeriod::year);
}

TEST_F(TrainingPolicyTest, BadValuesAreRefusedWithTheirField) {
    const psp::Error period = refusal(R"({"continuing": {"period": "week"}})");
    EXPECT_EQ(period.code(), ErrorCode::invalid_request);
    EXPECT_NE(period.field().find("period"), std::string::npos) << period.field();
    EXPECT_EQ(refusal(R"({"continuing": {"hours": -1}})").code(), ErrorCode::invalid_request);
    EXPECT_EQ(refusal(R"({"continuing": {"cycle_periods": 0}})").code(),
              ErrorCode::invalid_request);
    EXPECT_EQ(refusal(R"({"grace": 3})").code(), ErrorCode::invalid_request);
    const psp::Error code = refusal(R"({"initial": {"topics": ["ok", "Not A Code"]}})");
    EXPECT_EQ(code.code(), ErrorCode::invalid_request);
    EXPECT_EQ(code.field(), "/config/policy/training/initial/topics/1");
}

}  // namespace
