// training_fixtures.cpp: helpers for the training tests.
#include "training_fixtures.hpp"

#include <date/tz.h>
#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <functional>

#include "plugin/storage/database.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp_test {
namespace {

void write(const TestInstance &t, const std::function<void(soci::session &)> &work) {
    psp::Database db(t.storage_config());
    db.write(work);
}

}  // namespace

int64_t local_ms(const std::string &local, const std::string &zone) {
    const psp::CivilDate day = *psp::parse_iso_date(local.substr(0, 10));
    const auto wall = date::local_days(day) + std::chrono::hours(std::stoi(local.substr(11, 2))) +
                      std::chrono::minutes(std::stoi(local.substr(14, 2)));
    const auto instant = date::locate_zone(zone)->to_sys(wall, date::choose::earliest);
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch())
        .count();
}

void add_psp(const TestInstance &t, const std::string &employee_id, int64_t active_since_ms,
             const std::string &status) {
    const long long since = active_since_ms;
    write(t, [&](soci::session &sql) {
        sql << "INSERT INTO program_members (employee_id, status, path, cycle, revision,"
               " nominated_by, status_since_ms, active_since_ms)"
               " VALUES (:e, :s, 'selection', 1, 1, 'C1', :t, :a)",
            soci::use(employee_id), soci::use(status), soci::use(since), soci::use(since);
        // Nobody serves before initial training: the default policy's 40 hours and five topics,
        // long before any continuing-training period these tests look at.
        std::vector<psp::AttendanceRecord> initial;
        for (const char *topic : {"confidentiality", "role_conflict", "limits_liability",
                                  "suicide_assessment", "referral"}) {
            psp::AttendanceRecord r;
            r.employee_id = employee_id;
            r.date = *psp::parse_iso_date("2000-01-15");
            r.minutes = 8 * 60;
            r.topic_code = topic;
            r.source = "entry";
            initial.push_back(std::move(r));
        }
        psp::TrainingStore(sql).insert(initial, 0);
    });
}

void add_leave(const TestInstance &t, const std::string &employee_id, int leave_no,
               int64_t start_ms, int64_t end_ms) {
    const long long start = start_ms, end = end_ms;
    write(t, [&](soci::session &sql) {
        sql << "INSERT INTO leaves (employee_id, leave_no, start_ms, planned_return, end_ms)"
               " VALUES (:e, :n, :s, '', :x)",
            soci::use(employee_id), soci::use(leave_no), soci::use(start), soci::use(end);
    });
}

psp::Json directory_of(const std::vector<std::string> &ids) {
    psp::Json records = psp::Json::array();
    for (const std::string &id : ids) {
        psp::Json p = {{"id", id}, {"name", "Name " + id}, {"category", "sworn"}};
        if (id != ids.front()) {
            p["supervisor_id"] = ids.front();
        }
        records.push_back(p);
    }
    return {{"mode", "full"}, {"source", "records"}, {"records", records}};
}

psp::Json xapi_statement(const std::string &id, const std::string &employee_id,
                         const std::string &activity, const std::string &timestamp,
                         const std::string &duration) {
    psp::Json s = {{"id", id},
                   {"actor",
                    {{"objectType", "Agent"},
                     {"account", {{"homePage", "https://hr.example"}, {"name", employee_id}}}}},
                   {"verb", {{"id", "http://adlnet.gov/expapi/verbs/completed"}}},
                   {"object", {{"id", "https://lms.example/activities/" + activity}}},
                   {"timestamp", timestamp}};
    if (!duration.empty()) {
        s["result"] = {{"duration", duration}};
    }
    return s;
}

std::string uuid_of(uint64_t n) {
    char text[40];
    std::snprintf(text, sizeof text, "%08llx-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(n >> 48),
                  static_cast<unsigned long long>(n & 0xffffffffffffULL));
    return text;
}

}  // namespace psp_test
