// activation_store.cpp: SQL for incidents, assignments, counts and declared conflicts.
#include "plugin/storage/activation_store.hpp"

#include <soci/soci.h>

#include <iterator>

#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/row_values.hpp"

namespace psp {
namespace {

const char *const kCountColumns[] = {
    "incidents",      "involved", "assignments", "declines", "check_ins_on_time",
    "check_ins_late", "covered",  "uncovered",   "late",     "partner_assignments"};
constexpr std::size_t kCountColumnCount = std::size(kCountColumns);

const char *const kAssignmentColumns =
    "incident_id, employee_id, assignment_no, psp_id, status, assigned_ms, due_ms,"
    " acknowledged_ms, ended_ms, overdue_notified, released_reason, partner_no";

const char *const kIncidentColumns =
    "incident_id, incident_date, category, quarter, status, opened_ms, closed_ms, occurred_ms";

Incident incident_from_row(const soci::row &row) {
    return Incident{integer_at(row, 0),      row.get<std::string>(1), row.get<std::string>(2),
                    row.get<std::string>(3), row.get<std::string>(4), integer_at(row, 5),
                    integer_at(row, 6),      integer_at(row, 7)};
}

Assignment assignment_from_row(const soci::row &row) {
    Assignment a;
    a.incident_id = integer_at(row, 0);
    a.employee_id = row.get<std::string>(1);
    a.assignment_no = static_cast<int>(integer_at(row, 2));
    a.psp_id = row.get<std::string>(3);
    a.status = row.get<std::string>(4);
    a.assigned_ms = integer_at(row, 5);
    a.due_ms = integer_at(row, 6);
    a.acknowledged_ms = integer_at(row, 7);
    a.ended_ms = integer_at(row, 8);
    a.overdue_notified = integer_at(row, 9) != 0;
    a.released_reason = row.get<std::string>(10);
    a.partner_no = integer_at(row, 11);
    return a;
}

std::vector<Assignment> assignments_from(soci::rowset<soci::row> &rows) {
    std::vector<Assignment> out;
    for (const soci::row &row : rows) {
        out.push_back(assignment_from_row(row));
    }
    return out;
}

}  // namespace

int64_t ActivationStore::next_incident_id() {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(incident_id) FROM incidents", soci::into(last, ind);
    return ind == soci::i_ok ? last + 1 : 1;
}

void ActivationStore::add_incident(const Incident &i, const std::vector<std::string> &involved) {
    const long long id = i.incident_id, opened = i.opened_ms, closed = i.closed_ms,
                    occurred = i.occurred_ms;
    sql_ << "INSERT INTO incidents (" << kIncidentColumns
         << ") VALUES (:id, :d, :c, :q, :s, :o, :cl, :oc)",
        soci::use(id), soci::use(i.date), soci::use(i.category), soci::use(i.quarter),
        soci::use(i.status), soci::use(opened), soci::use(closed), soci::use(occurred);
    if (involved.empty()) {
        return;
    }
    std::vector<long long> ids(involved.size(), id);
    std::vector<std::string> employees = involved;
    sql_ << "INSERT INTO incident_involved (incident_id, employee_id) VALUES (:i, :e)",
        soci::use(ids), soci::use(employees);
}

std::optional<Incident> ActivationStore::incident(int64_t incident_id) {
    const long long id = incident_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kIncidentColumns << " FROM incidents WHERE incident_id = :id",
         soci::use(id));
    for (const soci::row &row : rows) {
        return incident_from_row(row);
    }
    return std::nullopt;
}

std::vector<Incident> ActivationStore::open_incidents() {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kIncidentColumns
                      << " FROM incidents WHERE status = 'open' ORDER BY incident_id");
    std::vector<Incident> out;
    for (const soci::row &row : rows) {
        out.push_back(incident_from_row(row));
    }
    return out;
}

std::vector<InvolvedRow> ActivationStore::involvements(int64_t incident_id) {
    const long long id = incident_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT employee_id, window_notified FROM incident_involved"
                         " WHERE incident_id = :id ORDER BY employee_id",
         soci::use(id));
    std::vector<InvolvedRow> out;
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), integer_at(row, 1) != 0});
    }
    return out;
}

void ActivationStore::mark_window_notified(int64_t incident_id, const std::string &employee_id) {
    const long long id = incident_id;
    sql_ << "UPDATE incident_involved SET window_notified = 1 WHERE incident_id = :id"
            " AND employee_id = :e",
        soci::use(id), soci::use(employee_id);
}

void ActivationStore::close_incident(int64_t incident_id, int64_t now_ms) {
    const long long id = incident_id, now = now_ms;
    sql_ << "UPDATE incidents SET status = 'closed', closed_ms = :t WHERE incident_id = :id",
        soci::use(now), soci::use(id);
}

std::vector<std::string> ActivationStore::involved(int64_t incident_id) {
    const long long id = incident_id;
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT employee_id FROM incident_involved WHERE incident_id = :id"
                         " ORDER BY employee_id",
         soci::use(id));
    return {rows.begin(), rows.end()};
}

bool ActivationStore::is_involved(int64_t incident_id, const std::string &employee_id) {
    const long long id = incident_id;
    int n = 0;
    sql_ << "SELECT COUNT(*) FROM incident_involved WHERE incident_id = :id AND employee_id = :e",
        soci::use(id), soci::use(employee_id), soci::into(n);
    return n > 0;
}

std::vector<std::pair<int64_t, std::string>> ActivationStore::open_involvement() {
    std::vector<std::pair<int64_t, std::string>> out;
    long long incident = 0;
    std::string employee;
    PreparedQuery query(sql_,
                        "SELECT v.incident_id, v.employee_id FROM incident_involved v"
                        " JOIN incidents i ON i.incident_id = v.incident_id"
                        " WHERE i.status = 'open'");
    query.into(incident).into(employee);
    while (query.next()) {
        out.emplace_back(incident, employee);
    }
    return out;
}

std::vector<Assignment> ActivationStore::assignments(int64_t incident_id) {
    const long long id = incident_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kAssignmentColumns
                      << " FROM activation_assignments WHERE incident_id = :id"
                         " ORDER BY employee_id, assignment_no",
         soci::use(id));
    return assignments_from(rows);
}

void ActivationStore::add_assignment(const Assignment &a) {
    const long long id = a.incident_id, at = a.assigned_ms, due = a.due_ms, partner = a.partner_no;
    sql_ << "INSERT INTO activation_assignments (" << kAssignmentColumns
         << ") VALUES (:i, :e, :n, :p, :s, :a, :d, 0, 0, 0, '', :pn)",
        soci::use(id), soci::use(a.employee_id), soci::use(a.assignment_no), soci::use(a.psp_id),
        soci::use(a.status), soci::use(at), soci::use(due), soci::use(partner);
}

void ActivationStore::update_assignment(const Assignment &a) {
    const long long id = a.incident_id, ack = a.acknowledged_ms, ended = a.ended_ms;
    const int notified = a.overdue_notified ? 1 : 0;
    sql_ << "UPDATE activation_assignments SET status = :s, acknowledged_ms = :a, ended_ms = :e,"
            " overdue_notified = :o, released_reason = :r WHERE incident_id = :i"
            " AND employee_id = :emp AND assignment_no = :n",
        soci::use(a.status), soci::use(ack), soci::use(ended), soci::use(notified),
        soci::use(a.released_reason), soci::use(id), soci::use(a.employee_id),
        soci::use(a.assignment_no);
}

std::map<std::string, uint32_t> ActivationStore::open_load() {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT psp_id, COUNT(*) FROM activation_assignments"
                         " WHERE status IN ('assigned', 'acknowledged') AND psp_id <> ''"
                         " GROUP BY psp_id");
    std::map<std::string, uint32_t> out;
    for (const soci::row &row : rows) {
        out[row.get<std::string>(0)] = static_cast<uint32_t>(integer_at(row, 1));
    }
    return out;
}

std::vector<Assignment> ActivationStore::overdue_unnotified(int64_t now_ms) {
    const long long now = now_ms;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kAssignmentColumns
                      << " FROM activation_assignments WHERE status IN ('assigned',"
                         " 'acknowledged') AND due_ms < :t AND overdue_notified = 0"
                         " AND incident_id IN (SELECT incident_id FROM incidents"
                         " WHERE status = 'open')"
                         " ORDER BY incident_id, employee_id, assignment_no",
         soci::use(now));
    return assignments_from(rows);
}

std::vector<Assignment> ActivationStore::open_assignments_of(const std::string &psp_id) {
    // Every program transition of a PSP asks (release_open_assignments): kept prepared.
    static const std::string kOpenOf =
        std::string("SELECT ") + kAssignmentColumns +
        " FROM activation_assignments WHERE psp_id = :p AND status IN"
        " ('assigned', 'acknowledged') AND incident_id IN (SELECT incident_id"
        " FROM incidents WHERE status = 'open')"
        " ORDER BY incident_id, employee_id, assignment_no";
    Assignment a;
    long long incident = 0, number = 0, assigned = 0, due = 0, acknowledged = 0, ended = 0,
              notified = 0, partner = 0;
    PreparedQuery query(sql_, kOpenOf);
    query.use(psp_id)
        .into(incident)
        .into(a.employee_id)
        .into(number)
        .into(a.psp_id)
        .into(a.status)
        .into(assigned)
        .into(due)
        .into(acknowledged)
        .into(ended)
        .into(notified)
        .into(a.released_reason)
        .into(partner);
    std::vector<Assignment> out;
    while (query.next()) {
        a.incident_id = incident;
        a.assignment_no = static_cast<int>(number);
        a.assigned_ms = assigned;
        a.due_ms = due;
        a.acknowledged_ms = acknowledged;
        a.ended_ms = ended;
        a.overdue_notified = notified != 0;
        a.partner_no = partner;
        out.push_back(a);
    }
    return out;
}

void ActivationStore::add_count(const std::string &quarter, const std::string &category,
                                ActivationCount what, int n) {
    sql_ << "INSERT INTO activation_counts (quarter, category, incidents, involved, assignments,"
            " declines, check_ins_on_time, check_ins_late) VALUES (:q, :c, 0, 0, 0, 0, 0, 0)"
            " ON CONFLICT (quarter, category) DO NOTHING",
        soci::use(quarter), soci::use(category);
    const std::string column = kCountColumns[static_cast<int>(what)];
    sql_ << "UPDATE activation_counts SET " << column << " = " << column
         << " + :n WHERE quarter = :q AND category = :c",
        soci::use(n), soci::use(quarter), soci::use(category);
}

std::vector<std::pair<std::pair<std::string, std::string>, std::vector<long long>>>
ActivationStore::counts() {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT quarter, category, incidents, involved, assignments, declines,"
                         " check_ins_on_time, check_ins_late, covered, uncovered, late,"
                         " partner_assignments FROM activation_counts ORDER BY quarter, category");
    std::vector<std::pair<std::pair<std::string, std::string>, std::vector<long long>>> out;
    for (const soci::row &row : rows) {
        std::vector<long long> values;
        for (std::size_t i = 2; i < 2 + kCountColumnCount; ++i) {
            values.push_back(integer_at(row, i));
        }
        out.push_back({{row.get<std::string>(0), row.get<std::string>(1)}, values});
    }
    return out;
}

std::vector<int64_t> ActivationStore::closed_before(int64_t cutoff_ms) {
    const long long cutoff = cutoff_ms;
    soci::rowset<long long> rows =
        (sql_.prepare << "SELECT incident_id FROM incidents WHERE status = 'closed'"
                         " AND closed_ms <= :t ORDER BY incident_id",
         soci::use(cutoff));
    return {rows.begin(), rows.end()};
}

void ActivationStore::purge(int64_t incident_id) {
    const long long id = incident_id;
    sql_ << "DELETE FROM activation_assignments WHERE incident_id = :id", soci::use(id);
    sql_ << "DELETE FROM incident_involved WHERE incident_id = :id", soci::use(id);
    sql_ << "UPDATE incidents SET status = 'purged' WHERE incident_id = :id", soci::use(id);
}

std::vector<Declaration> ActivationStore::declarations(const std::string &psp_id) {
    std::vector<Declaration> out;
    Declaration d;
    long long declared = 0;
    // One PSP's declarations through the primary key's psp_id prefix; all without one.
    static const std::string kAll =
        "SELECT psp_id, employee_id, category, declared_ms FROM declared_conflicts";
    static const std::string kOrder = " ORDER BY psp_id, employee_id";
    static const std::string kOne = kAll + " WHERE psp_id = :p" + kOrder;
    static const std::string kEvery = kAll + kOrder;
    PreparedQuery query(sql_, psp_id.empty() ? kEvery : kOne);
    if (!psp_id.empty()) {
        query.use(psp_id);
    }
    query.into(d.psp_id).into(d.employee_id).into(d.category).into(declared);
    while (query.next()) {
        d.declared_ms = declared;
        out.push_back(d);
    }
    return out;
}

void ActivationStore::declare(const Declaration &d) {
    const long long at = d.declared_ms;
    sql_ << "DELETE FROM declared_conflicts WHERE psp_id = :p AND employee_id = :e",
        soci::use(d.psp_id), soci::use(d.employee_id);
    sql_ << "INSERT INTO declared_conflicts (psp_id, employee_id, category, declared_ms)"
            " VALUES (:p, :e, :c, :t)",
        soci::use(d.psp_id), soci::use(d.employee_id), soci::use(d.category), soci::use(at);
}

bool ActivationStore::withdraw(const std::string &psp_id, const std::string &employee_id) {
    soci::statement st =
        (sql_.prepare << "DELETE FROM declared_conflicts WHERE psp_id = :p AND employee_id = :e",
         soci::use(psp_id), soci::use(employee_id));
    st.execute(true);
    return st.get_affected_rows() > 0;
}

}  // namespace psp
