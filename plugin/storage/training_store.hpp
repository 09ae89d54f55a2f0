// training_store.hpp: the training tables (catalogue extensions, courses, attendance, notices
// sent). Storage only: SOCI inside the caller's session and transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "plugin/domain/training_compliance.hpp"
#include "plugin/domain/training_record.hpp"

namespace soci {
class session;
}

namespace psp {

struct CustomTopic {
    std::string code;
    std::string title;
};

struct TrainingCourse {
    std::string code;
    std::string title;
    int64_t minutes = 0;
    std::string provider;
    std::vector<std::string> topics;
};

class TrainingStore {
  public:
    explicit TrainingStore(soci::session &sql) : sql_(sql) {}

    // The agency's own topics, by code.
    std::vector<CustomTopic> topics();
    bool has_topic(const std::string &code);
    void add_topic(const CustomTopic &topic, int64_t now_ms);

    // By code, each with its topics.
    std::vector<TrainingCourse> courses();
    std::optional<TrainingCourse> find_course(const std::string &code);
    void add_course(const TrainingCourse &course, int64_t now_ms);

    // The stored records among these xAPI statement ids (lower-case UUIDs), by id.
    std::unordered_map<std::string, AttendanceRecord> stored_statements(
        const std::vector<std::string> &statement_ids);
    // The ids among these that the employee directory holds.
    std::unordered_set<std::string> known_employees(const std::unordered_set<std::string> &ids);
    // Stores the records and adds their minutes to the summary (training_minutes.hpp).
    void insert(const std::vector<AttendanceRecord> &records, int64_t now_ms);

    // One person's records, each with its topics (a course's topics resolved).
    std::vector<TrainingAttendance> attendance(const std::string &employee_id);
    // The minutes per period of `period` of each person already a key of `out`, each sum as one
    // record dated the period's first day, summed from the records themselves (one index scan):
    // the reference the summary is checked against (TrainingMinutes::add_period_sums).
    void add_period_sums(TrainingPeriod period,
                         std::unordered_map<std::string, std::vector<TrainingAttendance>> &out);
    // Records from day `from` on, with their topics and no minutes (the topic part of a
    // compliance check; the minutes come from add_period_sums).
    void add_topics_since(DayNumber from,
                          std::unordered_map<std::string, std::vector<TrainingAttendance>> &out);
    // Every record of the program's members (active, on leave or under review), or of
    // `employee_id` alone when given, summed per person and course or topic: what initial
    // training is judged on (one grouped scan, not every record of every PSP).
    std::unordered_map<std::string, std::vector<TrainingAttendance>> members_attendance(
        const std::string &employee_id = {});

    // Records a notice; false when this one was already sent for the period.
    bool record_notification(const std::string &employee_id, const std::string &kind,
                             const std::string &period, int64_t now_ms);
    // Replaces the compliance snapshot: (employee id, state name) for every PSP.
    void save_states(const std::vector<std::pair<std::string, std::string>> &states,
                     int64_t now_ms);
    // PSPs whose snapshot state is one of `states`.
    std::vector<std::string> ids_in_state(const std::vector<std::string> &states);

  private:
    std::unordered_map<std::string, std::vector<std::string>> course_topics();
    soci::session &sql_;
};

}  // namespace psp
