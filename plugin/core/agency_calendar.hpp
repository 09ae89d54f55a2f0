// agency_calendar.hpp: dates as the agency lives them, in its own time zone.
//
// The host's clock gives UTC milliseconds; quarters, due dates and "with date" fields are civil
// dates in the agency's time zone (policy.time_zone, an IANA name such as "America/Chicago").
// Every conversion between the two goes through this class, so a PSP's quarter never depends
// on the server's own TZ setting.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace psp {

// Durations on the host's clock (UTC milliseconds): an hour and a day of elapsed time, not of
// the agency's calendar (a civil day across a DST change is 23 or 25 hours).
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 24 * kHourMs;

using CivilDate = date::year_month_day;

class AgencyCalendar {
  public:
    // Throws Error(invalid_request, field "/config/policy/time_zone") for an unknown zone.
    explicit AgencyCalendar(const std::string &zone_name = "UTC");

    const std::string &zone_name() const { return zone_name_; }
    // The civil date in the agency's zone at the instant `ms` (UTC milliseconds).
    CivilDate local_date(int64_t ms) const;
    // The UTC milliseconds at which `day` begins in the agency's zone (the first instant of the
    // day, also on days a DST change skips midnight).
    int64_t start_of_day_ms(CivilDate day) const;
    // The UTC milliseconds of the wall-clock time `minutes` after midnight on `day` in the
    // agency's zone (the earlier instant when a DST change repeats it).
    int64_t local_time_ms(CivilDate day, int minutes) const;

  private:
    std::string zone_name_;
    const date::time_zone *zone_ = nullptr;
};

// Strict "YYYY-MM-DD" (a real calendar day); nullopt otherwise.
std::optional<CivilDate> parse_iso_date(std::string_view text);
std::string format_iso_date(CivilDate day);

// parse_iso_date or Error(invalid_request) naming `field`.
CivilDate require_iso_date(std::string_view text, const std::string &field);

// Calendar quarter 1..4 and its first day.
unsigned quarter_of(CivilDate day);
CivilDate quarter_start(CivilDate day);

}  // namespace psp
