// training_compliance_test.cpp: the compliance ledger: compliant, due soon, overdue and lapsed;
// catch-up hours paying the oldest debt; quarter and year boundaries in the agency's time zone
// (a record at 23:30 on Mar 31 in Los Angeles is Q1 though UTC says Q2); leap years; DST; leave
// pausing the clock (whole periods waived, partial ones prorated, grace days paused);
// activation mid-period; cycle topics; initial training; period labels.
#include "plugin/domain/training_compliance.hpp"

#include <gtest/gtest.h>

#include "adapters/xapi_training.hpp"
#include "training_fixtures.hpp"

namespace {

using psp::ComplianceStatus;
using psp::TrainingAttendance;
using psp::TrainingPolicy;
using psp::TrainingSubject;

constexpr const char *kLa = "America/Los_Angeles";

psp::DayNumber day(const std::string &iso) {
    return psp::day_number(*psp::parse_iso_date(iso));
}

TrainingAttendance rec(const std::string &iso, double hours, std::vector<std::string> topics = {}) {
    return {day(iso), psp::minutes_from_hours(hours), std::move(topics)};
}

// Active since local midnight of `since` in `zone`, with these records.
TrainingSubject subject(const std::string &since, std::vector<TrainingAttendance> records,
                        const std::string &zone = kLa) {
    return {psp_test::local_ms(since + "T00:00", zone), {}, std::move(records)};
}

ComplianceStatus at(const TrainingSubject &s, const std::string &local,
                    const TrainingPolicy &policy = {}, const std::string &zone = kLa) {
    return psp::training_compliance(s, policy, psp::AgencyCalendar(zone),
                                    psp_test::local_ms(local, zone));
}

// Four hours in each quarter of 2025.
std::vector<TrainingAttendance> year_2025() {
    return {rec("2025-02-10", 4), rec("2025-05-10", 4), rec("2025-08-10", 4), rec("2025-11-10", 4)};
}

std::string state(const ComplianceStatus &s) {
    return std::string(psp::compliance_state_name(s.state));
}

TEST(TrainingCompliance, FourHoursEveryQuarterIsCompliant) {
    auto records = year_2025();
    records.push_back(rec("2026-01-20", 4));
    const ComplianceStatus s = at(subject("2025-01-01", records), "2026-02-01T09:00");
    EXPECT_EQ(state(s), "compliant");
    EXPECT_EQ(s.period, "2026-Q1");
    EXPECT_EQ(psp::format_iso_date(s.period_start), "2026-01-01");
    EXPECT_EQ(psp::format_iso_date(s.period_end), "2026-03-31");
    EXPECT_EQ(s.minutes_this_period, 240);
    EXPECT_EQ(s.minutes_required, 240);
    EXPECT_EQ(s.minutes_outstanding, 0);
    EXPECT_FALSE(s.overdue_since.has_value());
}

TEST(TrainingCompliance, ShortOfHoursInTheLastTwoWeeksIsDueSoon) {
    const TrainingSubject s = subject("2025-01-01", year_2025());
    EXPECT_EQ(state(at(s, "2026-03-17T12:00")), "compliant");  // 15 days left
    EXPECT_EQ(state(at(s, "2026-03-18T00:01")), "due_soon");   // 14 days left
    TrainingPolicy wide;
    wide.continuing.due_soon_days = 30;
    EXPECT_EQ(state(at(s, "2026-03-02T12:00", wide)), "due_soon");
}

TEST(TrainingCompliance, AQuarterEndedShortIsOverdueThenLapsedAfterGrace) {
    auto records = year_2025();
    records.pop_back();  // nothing in 2025-Q4
    const TrainingSubject s = subject("2025-01-01", records);
    const ComplianceStatus first = at(s, "2026-01-01T00:30");
    EXPECT_EQ(state(first), "overdue");
    EXPECT_EQ(psp::format_iso_date(*first.overdue_since), "2026-01-01");
    EXPECT_EQ(first.minutes_outstanding, 240);
    EXPECT_EQ(state(at(s, "2026-01-30T23:00")), "overdue");  // 29 days
    EXPECT_EQ(state(at(s, "2026-01-31T00:30")), "lapsed");   // 30 days: past the grace period
    TrainingPolicy longer;
    longer.continuing.grace_days = 60;
    EXPECT_EQ(state(at(s, "2026-01-31T00:30", longer)), "overdue");
}

TEST(TrainingCompliance, CatchUpHoursPayTheOldestDebtFirst) {
    auto records = year_2025();
    records.pop_back();
    records.push_back(rec("2026-01-15", 4));
    const TrainingSubject s = subject("2025-01-01", records);
    const ComplianceStatus jan = at(s, "2026-01-20T09:00");
    EXPECT_EQ(state(jan), "compliant");
    EXPECT_EQ(jan.minutes_outstanding, 0);
    EXPECT_EQ(jan.minutes_this_period, 240);
    // The catch-up paid 2025-Q4, so 2026-Q1 still needs its own four hours.
    EXPECT_EQ(state(at(s, "2026-03-20T09:00")), "due_soon");
    EXPECT_EQ(state(at(s, "2026-04-02T09:00")), "overdue");
    // Half a catch-up leaves the rest of the debt, still dated from the first short quarter.
    records.back() = rec("2026-01-15", 3);
    const ComplianceStatus part = at(subject("2025-01-01", records), "2026-01-20T09:00");
    EXPECT_EQ(state(part), "overdue");
    EXPECT_EQ(part.minutes_outstanding, 60);
    EXPECT_EQ(psp::format_iso_date(*part.overdue_since), "2026-01-01");
}

TEST(TrainingCompliance, QuarterBoundaryIsTheAgencyZonesNotUtcs) {
    const int64_t instant = *psp::parse_iso_timestamp("2025-03-31T23:30:00-07:00");
    const psp::AgencyCalendar la(kLa), utc("UTC");
    EXPECT_EQ(psp::format_iso_date(la.local_date(instant)), "2025-03-31");
    EXPECT_EQ(psp::format_iso_date(utc.local_date(instant)), "2025-04-01");
    const auto subject_in = [&](const psp::AgencyCalendar &calendar, const std::string &zone) {
        return TrainingSubject{psp_test::local_ms("2025-01-01T00:00", zone),
                               {},
                               {{psp::day_number(calendar.local_date(instant)), 240, {}}}};
    };
    const ComplianceStatus in_la = at(subject_in(la, kLa), "2025-04-02T12:00");
    EXPECT_EQ(state(in_la), "compliant");
    EXPECT_EQ(in_la.minutes_this_period, 0);  // Q1's hours, not Q2's
    EXPECT_EQ(in_la.minutes_outstanding, 0);
    // Read in UTC the record is Q2's: Q1 ended short and the record only paid that debt back.
    const ComplianceStatus in_utc = at(subject_in(utc, "UTC"), "2025-04-02T12:00", {}, "UTC");
    EXPECT_EQ(in_utc.minutes_this_period, 240);
    EXPECT_EQ(state(at(subject_in(utc, "UTC"), "2025-06-25T12:00", {}, "UTC")), "due_soon");
    EXPECT_EQ(state(at(subject_in(la, kLa), "2025-05-01T12:00")), "compliant");
}

TEST(TrainingCompliance, YearBoundaryInTheAgencyZone) {
    const int64_t instant = *psp::parse_iso_timestamp("2025-12-31T23:30:00-08:00");
    const psp::AgencyCalendar la(kLa);
    auto records = year_2025();
    records.back() = {psp::day_number(la.local_date(instant)), 240, {}};
    const ComplianceStatus s = at(subject("2025-01-01", records), "2026-01-05T08:00");
    EXPECT_EQ(state(s), "compliant");
    EXPECT_EQ(s.period, "2026-Q1");
    EXPECT_EQ(s.minutes_this_period, 0);
    // Read as UTC the same instant is 2026-01-01: 2025-Q4 is short and 2026-Q1 pays it.
    const psp::AgencyCalendar utc("UTC");
    records.back() = {psp::day_number(utc.local_date(instant)), 240, {}};
    EXPECT_EQ(state(at(subject("2025-01-01", records), "2026-01-05T08:00")), "compliant");
    EXPECT_EQ(state(at(subject("2025-01-01", records), "2026-03-25T08:00")), "due_soon");
}

TEST(TrainingCompliance, LeapDayCountsForFebruaryAndProratesByTwentyNineDays) {
    TrainingPolicy monthly;
    monthly.continuing.period = psp::TrainingPeriod::month;
    const psp::TrainingPeriodSpan feb =
        psp::period_containing(day("2024-02-29"), monthly.continuing.period);
    EXPECT_EQ(psp::period_label(feb, monthly.continuing.period), "2024-02");
    EXPECT_EQ(feb.end - feb.first, 29);
    // Active from Feb 15: 15 of 29 days, 4 h * 15 / 29 = 124 min, rounded down to 120.
    const ComplianceStatus met =
        at(subject("2024-02-15", {rec("2024-02-29", 2)}), "2024-03-05T09:00", monthly);
    EXPECT_EQ(state(met), "compliant");
    const ComplianceStatus feb_now = at(subject("2024-02-15", {}), "2024-02-20T09:00", monthly);
    EXPECT_EQ(feb_now.minutes_required, 120);
    const ComplianceStatus short_by =
        at(subject("2024-02-15", {rec("2024-02-29", 1.5)}), "2024-03-05T09:00", monthly);
    EXPECT_EQ(state(short_by), "overdue");
    EXPECT_EQ(short_by.minutes_outstanding, 30);
    // 2023 has no Feb 29: the month has 28 days.
    const psp::TrainingPeriodSpan feb23 =
        psp::period_containing(day("2023-02-10"), monthly.continuing.period);
    EXPECT_EQ(feb23.end - feb23.first, 28);
}

TEST(TrainingCompliance, DueSoonCountsCivilDaysAcrossDst) {
    // Chicago moved its clocks on 2026-03-08; the window is still whole days.
    const std::string chicago = "America/Chicago";
    const TrainingSubject s = subject("2025-01-01", year_2025(), chicago);
    EXPECT_EQ(state(at(s, "2026-03-17T23:30", {}, chicago)), "compliant");
    EXPECT_EQ(state(at(s, "2026-03-18T00:30", {}, chicago)), "due_soon");
    // The day DST ends: 01:30 happens twice, both on Nov 1.
    const psp::AgencyCalendar calendar(chicago);
    EXPECT_EQ(psp::format_iso_date(
                  calendar.local_date(*psp::parse_iso_timestamp("2026-11-01T01:30:00-06:00"))),
              "2026-11-01");
    EXPECT_EQ(psp::format_iso_date(
                  calendar.local_date(*psp::parse_iso_timestamp("2026-11-01T23:59:00-06:00"))),
              "2026-11-01");
}

TrainingSubject on_leave_from(const std::string &from, const std::string &to,
                              std::vector<TrainingAttendance> records) {
    TrainingSubject s = subject("2025-01-01", std::move(records));
    s.leaves.push_back({psp_test::local_ms(from + "T00:00", kLa),
                        to.empty() ? 0 : psp_test::local_ms(to + "T00:00", kLa)});
    return s;
}

TEST(TrainingCompliance, AQuarterEntirelyOnLeaveRequiresNothing) {
    auto records = year_2025();
    records.pop_back();
    const TrainingSubject s = on_leave_from("2025-10-01", "2026-01-01", records);
    EXPECT_EQ(state(at(s, "2026-01-10T09:00")), "compliant");
    TrainingPolicy no_pause;
    no_pause.leave_pauses_clock = false;
    EXPECT_EQ(state(at(s, "2026-01-10T09:00", no_pause)), "overdue");
}

TEST(TrainingCompliance, APartlyCoveredQuarterIsProrated) {
    // Nov 16 to Dec 31: 46 of Q4's 92 days on leave, so 2 h are due.
    auto records = year_2025();
    records.back() = rec("2025-10-20", 2);
    EXPECT_EQ(state(at(on_leave_from("2025-11-16", "2026-01-01", records), "2026-01-10T09:00")),
              "compliant");
    records.back() = rec("2025-10-20", 1);
    const ComplianceStatus s =
        at(on_leave_from("2025-11-16", "2026-01-01", records), "2026-01-10T09:00");
    EXPECT_EQ(state(s), "overdue");
    EXPECT_EQ(s.minutes_outstanding, 60);
}

TEST(TrainingCompliance, LeavePausesTheGracePeriodAndAnOpenLeaveRunsOn) {
    auto records = year_2025();
    records.pop_back();
    // Overdue from Jan 1; ten days of leave in January do not count toward the 30.
    const TrainingSubject s = on_leave_from("2026-01-10", "2026-01-20", records);
    EXPECT_EQ(state(at(s, "2026-01-31T09:00")), "overdue");
    EXPECT_EQ(state(at(s, "2026-02-10T09:00")), "lapsed");
    const ComplianceStatus open =
        at(on_leave_from("2026-01-10", "", year_2025()), "2026-03-25T09:00");
    EXPECT_TRUE(open.on_leave);
    EXPECT_EQ(open.minutes_required, 15);  // 9 of 90 days active: 24 min, down to 15
    EXPECT_FALSE(
        at(on_leave_from("2026-01-10", "2026-01-20", year_2025()), "2026-03-25T09:00").on_leave);
}

TEST(TrainingCompliance, ActivationMidQuarterIsProratedAndEarlierPeriodsOweNothing) {
    // Active Feb 15: 45 of Q1's 90 days, 2 h due; 2025's empty quarters owe nothing.
    const ComplianceStatus s =
        at(subject("2026-02-15", {rec("2026-03-01", 2)}), "2026-03-20T09:00");
    EXPECT_EQ(state(s), "compliant");
    EXPECT_EQ(s.minutes_required, 120);
    // Initial training in the activation quarter counts; the quarter before does not.
    const ComplianceStatus initial = at(
        subject("2026-02-15", {rec("2025-12-01", 40), rec("2026-02-01", 1)}), "2026-03-20T09:00");
    EXPECT_EQ(initial.minutes_this_period, 60);
    EXPECT_EQ(state(initial), "due_soon");
}

TEST(TrainingCompliance, NotYetActiveOwesNothing) {
    const ComplianceStatus s = at(subject("2026-06-01", {}), "2026-03-25T09:00");
    EXPECT_EQ(state(s), "compliant");
    EXPECT_EQ(s.minutes_required, 0);
}

TEST(TrainingCompliance, CycleTopicsAreDueOncePerCycle) {
    TrainingPolicy p;
    p.continuing.cycle_topics = {"suicide_assessment", "confidentiality"};
    p.continuing.cycle_periods = 4;  // the calendar year
    auto records = year_2025();
    records.push_back(rec("2025-06-01", 1, {"confidentiality"}));
    records.push_back(rec("2026-01-20", 4));
    const TrainingSubject s = subject("2025-01-01", records);
    const ComplianceStatus jan = at(s, "2026-01-25T09:00", p);
    EXPECT_EQ(state(jan), "overdue");  // 2025 ended without suicide assessment
    EXPECT_EQ(psp::format_iso_date(*jan.overdue_since), "2026-01-01");
    EXPECT_EQ(jan.missing_topics,
              (std::vector<std::string>{"suicide_assessment", "confidentiality"}));
    records.push_back(rec("2026-02-01", 2, {"suicide_assessment"}));
    const ComplianceStatus feb = at(subject("2025-01-01", records), "2026-02-05T09:00", p);
    EXPECT_EQ(state(feb), "compliant");
    EXPECT_EQ(feb.missing_topics, (std::vector<std::string>{"confidentiality"}));
    records.push_back(rec("2026-04-01", 4));
    records.push_back(rec("2026-07-01", 4));
    records.push_back(rec("2026-10-01", 4));
    EXPECT_EQ(state(at(subject("2025-01-01", records), "2026-12-20T09:00", p)), "due_soon");
    // Someone active only since mid-2025 owed nothing for 2025.
    EXPECT_EQ(state(at(subject("2025-06-01", records), "2026-02-05T09:00", p)), "compliant");
}

TEST(TrainingCompliance, InitialTrainingNeedsHoursAndTopics) {
    psp::InitialTrainingPolicy p;  // 40 h, five topics
    std::vector<TrainingAttendance> records = {
        rec("2025-01-10", 24, {"confidentiality", "role_conflict", "limits_liability"}),
        rec("2025-01-20", 16, {"suicide_assessment"})};
    psp::InitialTrainingStatus s = psp::initial_training(records, p);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.minutes_done, 40 * 60);
    EXPECT_EQ(s.missing_topics, (std::vector<std::string>{"referral"}));
    records.push_back(rec("2025-01-21", 1, {"referral"}));
    s = psp::initial_training(records, p);
    EXPECT_TRUE(s.complete);
    EXPECT_TRUE(s.missing_topics.empty());
    p.minutes = int64_t{50} * 60;
    EXPECT_FALSE(psp::initial_training(records, p).complete);
}

TEST(TrainingCompliance, PeriodLabelsAndSpans) {
    const psp::DayNumber d = day("2026-08-15");
    EXPECT_EQ(psp::period_label(psp::period_containing(d, psp::TrainingPeriod::month),
                                psp::TrainingPeriod::month),
              "2026-08");
    EXPECT_EQ(psp::period_label(psp::period_containing(d, psp::TrainingPeriod::quarter),
                                psp::TrainingPeriod::quarter),
              "2026-Q3");
    EXPECT_EQ(psp::period_label(psp::period_containing(d, psp::TrainingPeriod::half_year),
                                psp::TrainingPeriod::half_year),
              "2026-H2");
    const psp::TrainingPeriodSpan year = psp::period_containing(d, psp::TrainingPeriod::year);
    EXPECT_EQ(psp::period_label(year, psp::TrainingPeriod::year), "2026");
    EXPECT_EQ(psp::format_iso_date(psp::civil_date(year.first)), "2026-01-01");
    EXPECT_EQ(psp::format_iso_date(psp::civil_date(year.end)), "2027-01-01");
}

}  // namespace
