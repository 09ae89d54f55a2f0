// agency_calendar.cpp: time zone conversions through Howard Hinnant's date/tz (the system tzdata).
#include "plugin/core/agency_calendar.hpp"

#include <date/tz.h>

#include <cctype>
#include <chrono>
#include <cstdio>

#include "plugin/core/error.hpp"

namespace psp {

AgencyCalendar::AgencyCalendar(const std::string &zone_name) : zone_name_(zone_name) {
    try {
        zone_ = date::locate_zone(zone_name);
    } catch (const std::exception &) {
        throw Error(ErrorCode::invalid_request,
                    "time_zone '" + zone_name + "' is not a known IANA time zone",
                    "/config/policy/time_zone");
    }
}

CivilDate AgencyCalendar::local_date(int64_t ms) const {
    const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds(ms)};
    const auto local = zone_->to_local(instant);
    return CivilDate{date::floor<date::days>(local)};
}

int64_t AgencyCalendar::start_of_day_ms(CivilDate day) const {
    const date::local_days local{day};
    // choose::earliest: a day whose midnight is skipped or repeated starts at its first instant.
    const auto instant = zone_->to_sys(local, date::choose::earliest);
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch())
        .count();
}

int64_t AgencyCalendar::local_time_ms(CivilDate day, int minutes) const {
    const date::local_time<std::chrono::minutes> local =
        date::local_days{day} + std::chrono::minutes(minutes);
    const auto instant = zone_->to_sys(local, date::choose::earliest);
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch())
        .count();
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
            return std::nullopt;
        }
    }
    const auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const CivilDate day{date::year(number(0, 4)), date::month(unsigned(number(5, 2))),
                        date::day(unsigned(number(8, 2)))};
    if (!day.ok()) {
        return std::nullopt;
    }
    return day;
}

std::string format_iso_date(CivilDate day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                  unsigned(day.day()));
    return text;
}

CivilDate require_iso_date(std::string_view text, const std::string &field) {
    if (auto day = parse_iso_date(text)) {
        return *day;
    }
    throw Error(ErrorCode::invalid_request,
                "'" + std::string(text.substr(0, 32)) + "' is not a date as YYYY-MM-DD", field);
}

unsigned quarter_of(CivilDate day) {
    return (unsigned(day.month()) - 1) / 3 + 1;
}

CivilDate quarter_start(CivilDate day) {
    return CivilDate{day.year(), date::month((quarter_of(day) - 1) * 3 + 1), date::day(1)};
}

}  // namespace psp
