// training_record.hpp: one attendance record, however it arrived (entered, CSV, xAPI).
#pragma once

#include <cstdint>
#include <string>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/policy/training_policy.hpp"

namespace psp {

inline constexpr int64_t kMaxRecordMinutes = int64_t{1000} * 60;

struct AttendanceRecord {
    std::string employee_id;
    CivilDate date;  // local to the agency
    int64_t minutes = 0;
    std::string course_code;  // exactly one of course_code and topic_code
    std::string topic_code;
    std::string provider;
    std::string source;        // "entry", "csv" or "xapi"
    std::string statement_id;  // the xAPI statement's id; empty otherwise

    // Same person, date, length, course or topic and provider (what a re-sent statement repeats).
    bool same_content(const AttendanceRecord &other) const;
};

// What is wrong with a record on its own (length, date against `today` and the policy's
// tolerance, course or topic); empty when nothing is.
std::string attendance_problem(const AttendanceRecord &record, CivilDate today,
                               const TrainingPolicy &policy);

// Hours as minutes, rounded to the minute.
int64_t minutes_from_hours(double hours);
double hours_from_minutes(int64_t minutes);

}  // namespace psp
