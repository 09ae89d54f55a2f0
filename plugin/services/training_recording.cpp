// training_recording.cpp: catalogue, directory and statement checks for attendance records.
#include "plugin/services/training_recording.hpp"

#include <unordered_map>
#include <unordered_set>

#include "plugin/domain/training_catalog.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {
namespace {

// What the checks look up, read once per import.
struct Lookups {
    std::unordered_map<std::string, int64_t> course_minutes;
    std::unordered_set<std::string> custom_topics;
    std::unordered_set<std::string> known_people;
    std::unordered_map<std::string, AttendanceRecord> stored;

    Lookups(TrainingStore &store, const std::vector<AttendanceRecord> &records) {
        for (const TrainingCourse &c : store.courses()) {
            course_minutes.emplace(c.code, c.minutes);
        }
        for (const CustomTopic &t : store.topics()) {
            custom_topics.insert(t.code);
        }
        std::unordered_set<std::string> people;
        std::vector<std::string> statements;
        for (const AttendanceRecord &r : records) {
            people.insert(r.employee_id);
            if (!r.statement_id.empty()) {
                statements.push_back(r.statement_id);
            }
        }
        known_people = store.known_employees(people);
        stored = store.stored_statements(statements);
    }
    bool is_topic(const std::string &code) const {
        return is_iacp_topic(code) || custom_topics.count(code) > 0;
    }
};

// Course or topic; empty when known.
std::string resolve_activity(AttendanceRecord &r, const Lookups &l, bool course_may_be_topic) {
    if (r.course_code.empty() == r.topic_code.empty()) {
        return "give a course or a topic, not both";
    }
    if (course_may_be_topic && !r.course_code.empty() &&
        l.course_minutes.count(r.course_code) == 0 && l.is_topic(r.course_code)) {
        r.topic_code = std::move(r.course_code);
        r.course_code.clear();
    }
    if (!r.course_code.empty()) {
        const auto course = l.course_minutes.find(r.course_code);
        if (course == l.course_minutes.end()) {
            return "'" + r.course_code.substr(0, 64) + "' is not a course in the catalogue";
        }
        if (course_may_be_topic && r.minutes == 0) {
            r.minutes = course->second;
        }
    } else if (!r.topic_code.empty() && !l.is_topic(r.topic_code)) {
        return "'" + r.topic_code.substr(0, 64) + "' is not a topic in the catalogue";
    }
    return {};
}

std::string problem_of(AttendanceRecord &r, const Lookups &l, const TrainingPolicy &policy,
                       CivilDate today, bool course_may_be_topic) {
    if (std::string p = resolve_activity(r, l, course_may_be_topic); !p.empty()) {
        return p;
    }
    if (course_may_be_topic && r.minutes == 0 && !r.topic_code.empty()) {
        return "result.duration is missing (a topic has no catalogue hours)";
    }
    if (std::string p = attendance_problem(r, today, policy); !p.empty()) {
        return p;
    }
    if (l.known_people.count(r.employee_id) == 0) {
        return "employee " + r.employee_id.substr(0, 128) + " is not in the directory";
    }
    return {};
}

}  // namespace

RecordingOutcome check_attendance(soci::session &sql, const TrainingPolicy &policy, CivilDate today,
                                  TrainingImport import) {
    TrainingStore store(sql);
    const Lookups lookups(store, import.records);
    RecordingOutcome out;
    out.rejected = std::move(import.rejected);
    for (std::size_t i = 0; i < import.records.size(); ++i) {
        AttendanceRecord &r = import.records[i];
        const std::size_t row = import.rows.empty() ? i + 1 : import.rows[i];
        if (std::string p = problem_of(r, lookups, policy, today, import.course_may_be_topic);
            !p.empty()) {
            out.rejected.push_back({row, std::move(p)});
            continue;
        }
        const auto stored = lookups.stored.find(r.statement_id);
        if (stored == lookups.stored.end()) {
            out.fresh.push_back(std::move(r));
        } else if (stored->second.same_content(r)) {
            ++out.unchanged;
        } else {
            out.rejected.push_back(
                {row, "statement id " + r.statement_id +
                          " was imported before with different content; a statement is never "
                          "changed"});
        }
    }
    return out;
}

}  // namespace psp
