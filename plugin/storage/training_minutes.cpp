// training_minutes.cpp: SQL for the training minutes summary.
#include "plugin/storage/training_minutes.hpp"

#include <soci/soci.h>

#include <array>
#include <map>
#include <utility>

namespace psp {
namespace {

constexpr std::size_t kMinutesBatch = 4096;
using Months = std::array<long long, 12>;

// SOCI's bulk binding wants one vector per column.
struct MinutesColumns {
    std::vector<std::string> employee;
    std::vector<int> year;
    std::array<std::vector<long long>, 12> months;

    explicit MinutesColumns(std::size_t rows) : employee(rows), year(rows) {
        for (auto &m : months) {
            m.resize(rows);
        }
    }
    void resize(std::size_t rows) {
        employee.resize(rows);
        year.resize(rows);
        for (auto &m : months) {
            m.resize(rows);
        }
    }
};

// The twelve month columns as "m01, ..." or, with `prefix`, ":m01, ...".
std::string month_columns(const std::string &prefix) {
    std::string out;
    for (int m = 1; m <= 12; ++m) {
        out += (m > 1 ? ", " : "") + prefix + (m < 10 ? "m0" : "m1") + std::to_string(m % 10);
    }
    return out;
}

std::string upsert_sql() {
    std::string set;
    for (int m = 1; m <= 12; ++m) {
        const std::string c = std::string(m < 10 ? "m0" : "m1") + std::to_string(m % 10);
        set.append(m > 1 ? ", " : "")
            .append(c)
            .append(" = training_minutes.")
            .append(c)
            .append(" + excluded.")
            .append(c);
    }
    return "INSERT INTO training_minutes (employee_id, year, " + month_columns("") +
           ") VALUES (:e, :y, " + month_columns(":") +
           ") ON CONFLICT (employee_id, year) DO UPDATE SET " + set;
}

// One row of sums: its months folded into the periods of `period` (periods never cross a year).
void fold_year(int year, const MinutesColumns &c, std::size_t row, TrainingPeriod period,
               std::vector<TrainingAttendance> &sums) {
    const int per = months_per_period(period);
    for (int first = 0; first < 12; first += per) {
        long long minutes = 0;
        for (int m = first; m < first + per; ++m) {
            minutes += c.months[m][row];
        }
        if (minutes == 0) {
            continue;
        }
        const int64_t index = (int64_t(year) * 12 + first) / per;
        sums.push_back({period_at(index, period).first, minutes, {}});
    }
}

}  // namespace

void TrainingMinutes::add(const std::vector<AttendanceRecord> &records) {
    std::map<std::pair<std::string, int>, Months> sums;
    for (const AttendanceRecord &r : records) {
        Months &m = sums[{r.employee_id, int(r.date.year())}];  // zeros when new
        m[unsigned(r.date.month()) - 1] += r.minutes;
    }
    if (sums.empty()) {
        return;
    }
    MinutesColumns c(0);
    for (const auto &[key, months] : sums) {
        c.employee.push_back(key.first);
        c.year.push_back(key.second);
        for (std::size_t m = 0; m < 12; ++m) {
            c.months[m].push_back(months[m]);
        }
    }
    soci::statement st = (sql_.prepare << upsert_sql(), soci::use(c.employee), soci::use(c.year),
                          soci::use(c.months[0]), soci::use(c.months[1]), soci::use(c.months[2]),
                          soci::use(c.months[3]), soci::use(c.months[4]), soci::use(c.months[5]),
                          soci::use(c.months[6]), soci::use(c.months[7]), soci::use(c.months[8]),
                          soci::use(c.months[9]), soci::use(c.months[10]), soci::use(c.months[11]));
    st.execute(true);
}

void TrainingMinutes::add_period_sums(
    TrainingPeriod period, std::unordered_map<std::string, std::vector<TrainingAttendance>> &out) {
    MinutesColumns c(kMinutesBatch);
    soci::statement st = (sql_.prepare << "SELECT employee_id, year, " + month_columns("") +
                                              " FROM training_minutes",
                          soci::into(c.employee), soci::into(c.year), soci::into(c.months[0]),
                          soci::into(c.months[1]), soci::into(c.months[2]), soci::into(c.months[3]),
                          soci::into(c.months[4]), soci::into(c.months[5]), soci::into(c.months[6]),
                          soci::into(c.months[7]), soci::into(c.months[8]), soci::into(c.months[9]),
                          soci::into(c.months[10]), soci::into(c.months[11]));
    st.execute();
    while (st.fetch()) {
        for (std::size_t row = 0; row < c.employee.size(); ++row) {
            const auto it = out.find(c.employee[row]);
            if (it != out.end()) {
                fold_year(c.year[row], c, row, period, it->second);
            }
        }
        c.resize(kMinutesBatch);
    }
}

}  // namespace psp
