// training_store.cpp: SQL for the training tables.
#include "plugin/storage/training_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/training_minutes.hpp"

namespace psp {
namespace {

constexpr std::size_t kRollupBatch = 10000;
constexpr std::size_t kInListSize = 500;

int month_index(CivilDate day) {
    return int(day.year()) * 12 + int(unsigned(day.month())) - 1;
}

// Column vectors for SOCI's bulk binding.
struct AttendanceColumns {
    std::vector<long long> seq, minutes, recorded;
    std::vector<int> day, month;
    std::vector<std::string> employee, course, topic, provider, source, statement;
    std::vector<soci::indicator> statement_ind;

    AttendanceColumns(const std::vector<AttendanceRecord> &records, long long first_seq,
                      int64_t now_ms) {
        for (const AttendanceRecord &r : records) {
            seq.push_back(first_seq++);
            employee.push_back(r.employee_id);
            day.push_back(day_number(r.date));
            month.push_back(month_index(r.date));
            course.push_back(r.course_code);
            topic.push_back(r.topic_code);
            minutes.push_back(r.minutes);
            provider.push_back(r.provider);
            source.push_back(r.source);
            statement.push_back(r.statement_id);
            statement_ind.push_back(r.statement_id.empty() ? soci::i_null : soci::i_ok);
            recorded.push_back(now_ms);
        }
    }
};

// Statement ids were checked to be UUIDs (hex digits and '-'), so they can be listed literally.
std::string quoted_list(const std::vector<std::string> &ids, std::size_t from, std::size_t to) {
    std::string list;
    for (std::size_t i = from; i < to; ++i) {
        if (ids[i].find_first_not_of("0123456789abcdef-") != std::string::npos) {
            continue;
        }
        list += (list.empty() ? "'" : ",'") + ids[i] + "'";
    }
    return list.empty() ? "''" : list;
}

void append_topics(TrainingAttendance &a, const std::string &course, const std::string &topic,
                   const std::unordered_map<std::string, std::vector<std::string>> &courses) {
    if (!topic.empty()) {
        a.topics.push_back(topic);
    }
    if (const auto it = courses.find(course); it != courses.end()) {
        a.topics.insert(a.topics.end(), it->second.begin(), it->second.end());
    }
}

}  // namespace

std::vector<CustomTopic> TrainingStore::topics() {
    std::vector<CustomTopic> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT code, title FROM training_topics ORDER BY code");
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    }
    return out;
}

bool TrainingStore::has_topic(const std::string &code) {
    long long n = 0;
    sql_ << "SELECT COUNT(*) FROM training_topics WHERE code = :c", soci::use(code), soci::into(n);
    return n > 0;
}

void TrainingStore::add_topic(const CustomTopic &topic, int64_t now_ms) {
    const long long now = now_ms;
    sql_ << "INSERT INTO training_topics (code, title, added_ms) VALUES (:c, :t, :n)",
        soci::use(topic.code), soci::use(topic.title), soci::use(now);
}

std::unordered_map<std::string, std::vector<std::string>> TrainingStore::course_topics() {
    std::unordered_map<std::string, std::vector<std::string>> out;
    std::string course, topic;
    PreparedQuery query(sql_,
                        "SELECT course_code, topic_code FROM training_course_topics"
                        " ORDER BY course_code, topic_code");
    query.into(course).into(topic);
    while (query.next()) {
        out[course].push_back(topic);
    }
    return out;
}

std::vector<TrainingCourse> TrainingStore::courses() {
    auto topics = course_topics();
    std::vector<TrainingCourse> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT code, title, minutes, provider FROM training_courses"
                         " ORDER BY code");
    for (const soci::row &row : rows) {
        TrainingCourse c{row.get<std::string>(0),
                         row.get<std::string>(1),
                         row.get<long long>(2),
                         row.get<std::string>(3),
                         {}};
        c.topics = std::move(topics[c.code]);
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<TrainingCourse> TrainingStore::find_course(const std::string &code) {
    for (TrainingCourse &c : courses()) {
        if (c.code == code) {
            return std::move(c);
        }
    }
    return std::nullopt;
}

void TrainingStore::add_course(const TrainingCourse &c, int64_t now_ms) {
    const long long now = now_ms;
    const long long minutes = c.minutes;
    sql_ << "INSERT INTO training_courses (code, title, minutes, provider, added_ms)"
            " VALUES (:c, :t, :m, :p, :n)",
        soci::use(c.code), soci::use(c.title), soci::use(minutes), soci::use(c.provider),
        soci::use(now);
    if (c.topics.empty()) {
        return;
    }
    std::vector<std::string> codes(c.topics.size(), c.code);
    std::vector<std::string> topics = c.topics;
    sql_ << "INSERT INTO training_course_topics (course_code, topic_code) VALUES (:c, :t)",
        soci::use(codes), soci::use(topics);
}

std::unordered_map<std::string, AttendanceRecord> TrainingStore::stored_statements(
    const std::vector<std::string> &ids) {
    std::unordered_map<std::string, AttendanceRecord> out;
    for (std::size_t from = 0; from < ids.size(); from += kInListSize) {
        const std::size_t to = std::min(ids.size(), from + kInListSize);
        soci::rowset<soci::row> rows =
            (sql_.prepare << "SELECT statement_id, employee_id, day, minutes, course_code,"
                             " topic_code, provider FROM training_attendance"
                             " WHERE statement_id IN ("
                          << quoted_list(ids, from, to) << ")");
        for (const soci::row &row : rows) {
            AttendanceRecord r;
            r.statement_id = row.get<std::string>(0);
            r.employee_id = row.get<std::string>(1);
            r.date = civil_date(row.get<int>(2));
            r.minutes = row.get<long long>(3);
            r.course_code = row.get<std::string>(4);
            r.topic_code = row.get<std::string>(5);
            r.provider = row.get<std::string>(6);
            r.source = "xapi";
            out.emplace(r.statement_id, std::move(r));
        }
    }
    return out;
}

std::unordered_set<std::string> TrainingStore::known_employees(
    const std::unordered_set<std::string> &ids) {
    std::unordered_set<std::string> out;
    std::string id;
    long long n = 0;
    soci::statement st = (sql_.prepare << "SELECT COUNT(*) FROM employees WHERE id = :id",
                          soci::use(id), soci::into(n));
    for (const std::string &candidate : ids) {
        id = candidate;
        st.execute(true);
        if (n > 0) {
            out.insert(candidate);
        }
    }
    return out;
}

void TrainingStore::insert(const std::vector<AttendanceRecord> &records, int64_t now_ms) {
    if (records.empty()) {
        return;
    }
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(seq) FROM training_attendance", soci::into(last, ind);
    AttendanceColumns c(records, ind == soci::i_ok ? last + 1 : 1, now_ms);
    sql_ << "INSERT INTO training_attendance (seq, employee_id, day, month_index, course_code,"
            " topic_code, minutes, provider, source, statement_id, recorded_ms) VALUES (:q, :e,"
            " :d, :m, :c, :t, :n, :p, :s, :i, :r)",
        soci::use(c.seq), soci::use(c.employee), soci::use(c.day), soci::use(c.month),
        soci::use(c.course), soci::use(c.topic), soci::use(c.minutes), soci::use(c.provider),
        soci::use(c.source), soci::use(c.statement, c.statement_ind), soci::use(c.recorded);
    TrainingMinutes(sql_).add(records);  // the summary moves with the records, same transaction
}

std::vector<TrainingAttendance> TrainingStore::attendance(const std::string &employee_id) {
    const auto courses = course_topics();
    std::vector<TrainingAttendance> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT day, minutes, course_code, topic_code FROM training_attendance"
                         " WHERE employee_id = :e ORDER BY day",
         soci::use(employee_id));
    for (const soci::row &row : rows) {
        TrainingAttendance a{row.get<int>(0), row.get<long long>(1), {}};
        append_topics(a, row.get<std::string>(2), row.get<std::string>(3), courses);
        out.push_back(std::move(a));
    }
    return out;
}

void TrainingStore::add_period_sums(
    TrainingPeriod period, std::unordered_map<std::string, std::vector<TrainingAttendance>> &out) {
    const int per = months_per_period(period);
    std::vector<std::string> employee(kRollupBatch);
    std::vector<int> month(kRollupBatch);
    std::vector<long long> minutes(kRollupBatch);
    // A scan of the covering index in its own order: no sort, no table lookups, no join; the
    // sums are folded here, for the people `out` already holds.
    soci::statement st = (sql_.prepare << "SELECT employee_id, month_index, minutes"
                                          " FROM training_attendance"
                                          " ORDER BY employee_id, month_index",
                          soci::into(employee), soci::into(month), soci::into(minutes));
    st.execute();
    std::string current;
    std::vector<TrainingAttendance> *sums = nullptr;
    int64_t last_index = -1;
    while (st.fetch()) {
        for (std::size_t i = 0; i < employee.size(); ++i) {
            if (employee[i] != current) {
                current = employee[i];
                const auto it = out.find(current);
                sums = it == out.end() ? nullptr : &it->second;
                last_index = -1;
            }
            if (sums == nullptr) {
                continue;
            }
            const int64_t index = month[i] / per;
            if (index == last_index) {
                sums->back().minutes += minutes[i];
            } else {
                sums->push_back({period_at(index, period).first, minutes[i], {}});
                last_index = index;
            }
        }
        employee.resize(kRollupBatch);
        month.resize(kRollupBatch);
        minutes.resize(kRollupBatch);
    }
}

void TrainingStore::add_topics_since(
    DayNumber from, std::unordered_map<std::string, std::vector<TrainingAttendance>> &out) {
    const auto courses = course_topics();
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT employee_id, day, course_code, topic_code"
                         " FROM training_attendance WHERE day >= :d",
         soci::use(from));
    for (const soci::row &row : rows) {
        TrainingAttendance a{row.get<int>(1), 0, {}};
        append_topics(a, row.get<std::string>(2), row.get<std::string>(3), courses);
        out[row.get<std::string>(0)].push_back(std::move(a));
    }
}

std::unordered_map<std::string, std::vector<TrainingAttendance>> TrainingStore::members_attendance(
    const std::string &employee_id) {
    const auto courses = course_topics();
    std::unordered_map<std::string, std::vector<TrainingAttendance>> out;
    // Kept prepared: every conflict check and roster read asks this for one person or the team.
    // One person's is its own statement, so it reads through the employee index instead of
    // grouping every member's records. The CAST makes the SUM an integer on both backends.
    static const std::string kColumns =
        "SELECT a.employee_id, a.course_code, a.topic_code, CAST(SUM(a.minutes) AS BIGINT)"
        " FROM training_attendance a JOIN program_members m ON m.employee_id = a.employee_id";
    static const std::string kGroup = " GROUP BY a.employee_id, a.course_code, a.topic_code";
    static const std::string kOne = kColumns + " WHERE a.employee_id = :e" + kGroup;
    static const std::string kMembers =
        kColumns + " WHERE m.status IN ('active', 'on_leave', 'under_review')" + kGroup;
    PreparedQuery query(sql_, employee_id.empty() ? kMembers : kOne);
    if (!employee_id.empty()) {
        query.use(employee_id);
    }
    std::string id, course, topic;
    long long minutes = 0;
    query.into(id).into(course).into(topic).into(minutes);
    while (query.next()) {
        TrainingAttendance a{0, minutes, {}};
        append_topics(a, course, topic, courses);
        out[id].push_back(std::move(a));
    }
    return out;
}

bool TrainingStore::record_notification(const std::string &employee_id, const std::string &kind,
                                        const std::string &period, int64_t now_ms) {
    long long n = 0;
    sql_ << "SELECT COUNT(*) FROM training_notifications WHERE employee_id = :e AND kind = :k"
            " AND period = :p",
        soci::use(employee_id), soci::use(kind), soci::use(period), soci::into(n);
    if (n > 0) {
        return false;
    }
    const long long now = now_ms;
    sql_ << "INSERT INTO training_notifications (employee_id, kind, period, sent_ms)"
            " VALUES (:e, :k, :p, :n)",
        soci::use(employee_id), soci::use(kind), soci::use(period), soci::use(now);
    return true;
}

void TrainingStore::save_states(const std::vector<std::pair<std::string, std::string>> &states,
                                int64_t now_ms) {
    sql_ << "DELETE FROM training_state";
    if (states.empty()) {
        return;
    }
    std::vector<std::string> ids, names;
    for (const auto &[id, state] : states) {
        ids.push_back(id);
        names.push_back(state);
    }
    std::vector<long long> at(ids.size(), now_ms);  // SOCI binds all-vector or all-scalar
    sql_ << "INSERT INTO training_state (employee_id, state, computed_ms) VALUES (:e, :s, :t)",
        soci::use(ids), soci::use(names), soci::use(at);
}

std::vector<std::string> TrainingStore::ids_in_state(const std::vector<std::string> &states) {
    std::vector<std::string> out;
    for (const std::string &state : states) {
        std::string id;
        PreparedQuery query(sql_, "SELECT employee_id FROM training_state WHERE state = :s");
        query.use(state).into(id);
        while (query.next()) {
            out.push_back(id);
        }
    }
    return out;
}

}  // namespace psp
