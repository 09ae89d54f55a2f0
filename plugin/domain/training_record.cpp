// training_record.cpp: the checks every attendance record passes, whatever its source.
#include "plugin/domain/training_record.hpp"

#include <cmath>

#include "plugin/core/json_text.hpp"
#include "plugin/domain/training_catalog.hpp"

namespace psp {

bool AttendanceRecord::same_content(const AttendanceRecord &o) const {
    return employee_id == o.employee_id && date == o.date && minutes == o.minutes &&
           course_code == o.course_code && topic_code == o.topic_code && provider == o.provider;
}

std::string attendance_problem(const AttendanceRecord &r, CivilDate today,
                               const TrainingPolicy &policy) {
    if (r.minutes <= 0) {
        return "hours must be more than 0";
    }
    if (r.minutes > kMaxRecordMinutes) {
        return "hours must be at most 1000";
    }
    const date::sys_days latest = date::sys_days(today) + date::days(policy.future_tolerance_days);
    if (date::sys_days(r.date) > latest) {
        return "date " + format_iso_date(r.date) + " is in the future (today is " +
               format_iso_date(today) + ", tolerance " +
               std::to_string(policy.future_tolerance_days) + " day(s))";
    }
    if (r.course_code.empty() == r.topic_code.empty()) {
        return "give a course or a topic, not both";
    }
    const std::string &code = r.course_code.empty() ? r.topic_code : r.course_code;
    if (!is_valid_training_code(code)) {
        return "'" + code.substr(0, 64) + "' is not a course or topic code (a-z, 0-9 and '_')";
    }
    if (r.provider.size() > 256) {
        return "provider is longer than 256 bytes";
    }
    if (find_invalid_utf8(r.provider) != std::string::npos ||
        find_invalid_utf8(r.employee_id) != std::string::npos) {
        return "employee_id or provider is not valid UTF-8";
    }
    return {};
}

int64_t minutes_from_hours(double hours) {
    return std::llround(hours * 60.0);
}

double hours_from_minutes(int64_t minutes) {
    return static_cast<double>(minutes) / 60.0;
}

}  // namespace psp
