// utc_time.cpp: epoch milliseconds to ISO 8601 through <chrono>'s civil calendar.
#include "host_sim/utc_time.hpp"

#include <chrono>
#include <cstdio>

namespace psp::host_sim {

std::string format_utc(int64_t epoch_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> instant{milliseconds(epoch_ms)};
    const sys_days day = floor<days>(instant);
    const year_month_day date(day);
    const hh_mm_ss<seconds> time(floor<seconds>(instant - day));
    char text[64];  // room for any int year the compiler can imagine
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), long(time.hours().count()),
                  long(time.minutes().count()), long(time.seconds().count()));
    return text;
}

}  // namespace psp::host_sim
