// training_minutes_test.cpp: the training minutes summary (storage/training_minutes.hpp) always
// equals the records. Random PSPs, leaves and records arrive through the real methods (single
// entries, CSV and xAPI imports, re-sent statements, a refused import); then the summary's sums
// must equal the records' sums month by month, and compliance read from the summary must equal
// compliance read from every record for every period policy (month to year, hours, leave pausing
// the clock or not, cycle topics) at many dates: a change of policy needs no rebuild. The
// migration's backfill must rebuild the same summary from the records alone.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "plugin/config/agency_config.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/migrations.hpp"
#include "test_fixtures.hpp"
#include "training_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::local_ms;
using psp_test::one_role;

constexpr const char *kChicago = "America/Chicago";
constexpr std::array<const char *, 4> kTopics = {"confidentiality", "suicide_assessment",
                                                 "referral", "role_conflict"};
constexpr int kPeopleCount = 24;

using MonthSums = std::map<std::pair<std::string, int>, long long>;

std::string person(int i) {
    return "P" + std::to_string(10 + i);
}

std::string iso(date::sys_days day) {
    return psp::format_iso_date(psp::CivilDate{day});
}

psp::StorageConfig storage_of(const psp_test::TestInstance &t) {
    return t.storage_config();
}

// An integer column of any declared type (an expression has none).
long long integer_at(const soci::row &r, std::size_t i) {
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_integer:
            return r.get<int>(i);
        case soci::dt_long_long:
            return r.get<long long>(i);
        case soci::dt_unsigned_long_long:
            return static_cast<long long>(r.get<unsigned long long>(i));
        case soci::dt_double:
            return static_cast<long long>(r.get<double>(i));
        default:
            return std::stoll(r.get<std::string>(i));
    }
}

class TrainingMinutesSummary : public ::testing::Test {
  protected:
    TrainingMinutesSummary() : t_(R"({"policy": {"time_zone": "America/Chicago"}})") {
        t_.host.now_ms = local_ms("2026-02-10T09:00", kChicago);
        std::vector<std::string> ids = {"CHIEF"};
        for (int i = 0; i < kPeopleCount; ++i) {
            ids.push_back(person(i));
        }
        t_.call("directory.sync", {"hr_admin"}, psp_test::directory_of(ids), "dir");
        t_.call("training.add_course", one_role().coordinator,
                {{"code", "peer_basics"},
                 {"title", "Peer basics"},
                 {"hours", 3},
                 {"topics", {"confidentiality", "referral"}}},
                "course");
        add_people();
    }

    // Activation between 2018 and 2025; one in three with a leave, every third of those open.
    void add_people() {
        const auto first = date::sys_days(date::year(2018) / 1 / 1);
        for (int i = 0; i < kPeopleCount; ++i) {
            const auto since = first + date::days(pick(0, 7 * 365));
            psp_test::add_psp(t_, person(i), local_ms(iso(since) + "T08:00", kChicago));
            if (i % 3 != 0) {
                continue;
            }
            const auto start = since + date::days(pick(30, 900));
            const int64_t end =
                i % 9 == 0 ? 0
                           : local_ms(iso(start + date::days(pick(20, 200))) + "T17:00", kChicago);
            psp_test::add_leave(t_, person(i), 1, local_ms(iso(start) + "T08:00", kChicago), end);
        }
    }

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }
    date::sys_days random_day() {
        return date::sys_days(date::year(2016) / 1 / 1) + date::days(pick(0, 3692));  // to 2026-02
    }
    // The lower-numbered train more, so the data reaches every compliance state.
    std::string someone() {
        return person(std::min(pick(0, kPeopleCount - 1), pick(0, kPeopleCount - 1)));
    }
    std::string activity() { return pick(0, 4) == 0 ? "peer_basics" : kTopics[pick(0, 3)]; }

    void record_singly(int n) {
        for (int k = 0; k < n; ++k) {
            Json params = {{"employee_id", someone()},
                           {"date", iso(random_day())},
                           {"hours", pick(1, 16) * 0.25}};
            const std::string a = activity();
            params[a == "peer_basics" ? "course" : "topic"] = a;
            t_.call("training.record", one_role().coordinator, params,
                    "single-" + std::to_string(key_++));
        }
    }

    void import_csv(int rows) {
        std::string csv = "employee_id,date,hours,topic\n";
        for (int k = 0; k < rows; ++k) {
            csv += someone() + "," + iso(random_day()) + "," + std::to_string(pick(1, 24) * 0.25) +
                   "," + kTopics[pick(0, 3)] + "\n";
        }
        t_.call("training.import", one_role().coordinator, {{"format", "csv"}, {"csv", csv}},
                "csv-" + std::to_string(key_++));
    }

    // Timestamps at any UTC hour: the local date is sometimes the UTC date's day before.
    Json xapi_batch(int rows) {
        Json statements = Json::array();
        for (int k = 0; k < rows; ++k) {
            char when[40];
            std::snprintf(when, sizeof when, "%sT%02d:%02d:00Z", iso(random_day()).c_str(),
                          pick(0, 23), pick(0, 59));
            statements.push_back(psp_test::xapi_statement(
                psp_test::uuid_of(++statement_), someone(), activity(), when,
                "PT" + std::to_string(pick(1, 5)) + "H" + std::to_string(pick(0, 3) * 15) + "M"));
        }
        return statements;
    }
    void import_xapi(const Json &statements) {
        t_.call("training.import", one_role().coordinator,
                {{"format", "xapi"}, {"statements", statements}}, "xapi-" + std::to_string(key_++));
    }

    void fill() {
        record_singly(20);
        import_csv(300);
        const Json statements = xapi_batch(400);
        import_xapi(statements);
        import_xapi(statements);  // re-sent: unchanged, counted once
        record_singly(10);
        import_csv(200);
    }

    MonthSums sums(const std::string &query) {
        MonthSums out;
        db_.read([&](soci::session &sql) {
            soci::rowset<soci::row> rows = (sql.prepare << query);
            for (const soci::row &r : rows) {
                const long long minutes = integer_at(r, 2);
                if (minutes != 0) {
                    out[{r.get<std::string>(0), int(integer_at(r, 1))}] = minutes;
                }
            }
        });
        return out;
    }
    MonthSums record_sums() {
        return sums(
            "SELECT employee_id, month_index, SUM(minutes) FROM training_attendance"
            " GROUP BY employee_id, month_index");
    }
    MonthSums summary_sums() {
        std::string query;
        for (int m = 1; m <= 12; ++m) {
            query += std::string(m > 1 ? " UNION ALL " : "") + "SELECT employee_id, year * 12 + " +
                     std::to_string(m - 1) + ", m" + (m < 10 ? "0" : "") + std::to_string(m) +
                     " FROM training_minutes";
        }
        return sums(query);
    }

    // Compliance from the summary equals compliance from the records, field by field.
    void expect_same_compliance(const std::string &policy, const std::vector<std::string> &when) {
        const psp::AgencyConfig config = psp::parse_agency_config(
            "agency-test", t_.dir.path().string().c_str(),
            (R"({"policy": {"time_zone": "America/Chicago", "training": )" + policy + "}}")
                .c_str());
        for (const std::string &local : when) {
            const int64_t now = local_ms(local, kChicago);
            db_.read([&](soci::session &sql) {
                const auto fast = psp::compliance_of_all_psps(sql, config, now);
                const auto raw =
                    psp::compliance_of_all_psps(sql, config, now, psp::MinutesSource::records);
                ASSERT_EQ(fast.size(), std::size_t(kPeopleCount));
                ASSERT_EQ(raw.size(), std::size_t(kPeopleCount));
                for (const auto &[id, r] : raw) {
                    const psp::ComplianceStatus &f = fast.at(id);
                    std::string where = id;
                    where.append(" at ").append(local).append(" under ").append(policy);
                    EXPECT_EQ(f.state, r.state) << where;
                    EXPECT_EQ(f.period, r.period) << where;
                    EXPECT_EQ(f.minutes_this_period, r.minutes_this_period) << where;
                    EXPECT_EQ(f.minutes_required, r.minutes_required) << where;
                    EXPECT_EQ(f.minutes_outstanding, r.minutes_outstanding) << where;
                    EXPECT_EQ(f.missing_topics, r.missing_topics) << where;
                    EXPECT_EQ(f.overdue_since, r.overdue_since) << where;
                    EXPECT_EQ(f.on_leave, r.on_leave) << where;
                    states_seen_.insert(r.state);
                }
            });
        }
    }

    psp_test::TestInstance t_;
    psp::Database db_{storage_of(t_)};
    std::mt19937 random_{20260210};
    int key_ = 0;
    uint64_t statement_ = 0;
    std::set<psp::ComplianceState> states_seen_;
};

TEST_F(TrainingMinutesSummary, EqualsTheRecordsAfterEveryKindOfWrite) {
    EXPECT_EQ(summary_sums(), record_sums());  // every PSP's initial training, nothing else
    record_singly(5);
    EXPECT_EQ(summary_sums(), record_sums());
    import_csv(50);
    EXPECT_EQ(summary_sums(), record_sums());
    const Json statements = xapi_batch(80);
    import_xapi(statements);
    const MonthSums once = summary_sums();
    import_xapi(statements);
    EXPECT_EQ(summary_sums(), once) << "a re-sent statement added its minutes again";
    EXPECT_EQ(once, record_sums());
    EXPECT_GT(t_.count("SELECT COUNT(*) FROM training_attendance"), 100);
}

TEST_F(TrainingMinutesSummary, ARefusedImportLeavesTheSummaryAsItWas) {
    fill();
    const MonthSums before = summary_sums();
    const std::string csv = "employee_id,date,hours,topic\n" + person(1) +
                            ",2025-03-31,2,confidentiality\n" + person(2) +
                            ",2025-04-01,-1,referral\n";
    const psp::Error e = psp_test::error_from([&] {
        t_.call("training.import", one_role().coordinator, {{"format", "csv"}, {"csv", csv}},
                "bad");
    });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(summary_sums(), before);
    EXPECT_EQ(record_sums(), before);
}

TEST_F(TrainingMinutesSummary, ComplianceFromTheSummaryEqualsComplianceFromTheRecords) {
    fill();
    ASSERT_EQ(summary_sums(), record_sums());
    const std::vector<std::string> when = {
        "2025-03-31T23:30", "2025-04-01T00:10", "2025-06-20T12:00", "2025-12-31T23:59",
        "2026-02-10T09:00", "2026-09-15T09:00", "2027-01-02T09:00"};
    for (const char *policy :
         {R"({})", R"({"continuing": {"period": "month", "hours": 1}})",
          R"({"continuing": {"period": "half_year", "hours": 8, "grace_days": 60}})",
          R"({"continuing": {"period": "year", "hours": 16}})",
          R"({"continuing": {"hours": 6}, "leave_pauses_clock": false})",
          R"({"continuing": {"cycle_periods": 2, "cycle_topics": ["referral", "role_conflict"]}})",
          R"({"continuing": {"period": "month", "hours": 2, "cycle_periods": 6,
              "cycle_topics": ["suicide_assessment"]}})"}) {
        expect_same_compliance(policy, when);
    }
    // The data reaches every state, so agreement is not agreement on "compliant" alone.
    EXPECT_EQ(states_seen_.size(), 4u);
}

TEST_F(TrainingMinutesSummary, TheMigrationBackfillRebuildsTheSameSummary) {
    fill();
    const MonthSums kept = summary_sums();
    const psp::Migration &six = psp::schema_migrations().at(5);
    ASSERT_EQ(six.version, 6);
    db_.write([&](soci::session &sql) {
        sql << "DELETE FROM training_minutes";
        sql << six.statements.at(1);  // the backfill from training_attendance
    });
    EXPECT_FALSE(kept.empty());
    EXPECT_EQ(summary_sums(), kept);
    EXPECT_EQ(summary_sums(), record_sums());
}

}  // namespace
