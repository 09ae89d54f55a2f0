// activation_store.hpp: critical incidents, who is involved, the PSPs assigned to them, the
// anonymous counts that outlive them, and the conflicts PSPs declare.
//
// Storage only, inside the caller's transaction. Identities (involved employees, assignments)
// are deleted by purge(); the incident row keeps only its date, category and quarter, and
// activation_counts keeps only numbers by quarter and category.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace psp {

struct Incident {
    int64_t incident_id = 0;
    std::string date;      // YYYY-MM-DD
    std::string category;  // an IACP 2.3 activity
    std::string quarter;   // "2024-Q1", of the date
    std::string status;    // "open", "closed" or "purged"
    int64_t opened_ms = 0;
    int64_t closed_ms = 0;
    int64_t occurred_ms = 0;  // when it happened: the check-in window runs from here
};

struct Assignment {
    int64_t incident_id = 0;
    std::string employee_id;
    int assignment_no = 0;
    std::string psp_id;      // '' for a partner agency's PSP
    int64_t partner_no = 0;  // the partner PSP (partner_psps), or 0
    // "assigned", "acknowledged", "declined", "checked_in", or "released": taken from a PSP who
    // left the pool (released_reason), so the employee needs another.
    std::string status;
    int64_t assigned_ms = 0;
    int64_t due_ms = 0;
    int64_t acknowledged_ms = 0;
    int64_t ended_ms = 0;  // declined or checked in
    bool overdue_notified = false;
    std::string released_reason;  // "on_leave", "resigned", "under_review", "deselected"

    bool open() const { return status == "assigned" || status == "acknowledged"; }
};

struct Declaration {
    std::string psp_id;
    std::string employee_id;
    std::string category;  // empty when the PSP gave none
    int64_t declared_ms = 0;
};

// The anonymous counters.
enum class ActivationCount {
    incidents,
    involved,
    assignments,
    declines,
    check_ins_on_time,
    check_ins_late,
    covered,    // at closing: involved with a PSP (open or checked in)
    uncovered,  // at closing: involved without one
    late,       // at closing: involved not checked in within the window
    partner_assignments
};

// One involved employee of an incident.
struct InvolvedRow {
    std::string employee_id;
    bool window_notified = false;  // the coordinator was told they passed the window uncovered
};

class ActivationStore {
  public:
    explicit ActivationStore(soci::session &sql) : sql_(sql) {}

    int64_t next_incident_id();
    void add_incident(const Incident &incident, const std::vector<std::string> &involved);
    std::optional<Incident> incident(int64_t incident_id);
    void close_incident(int64_t incident_id, int64_t now_ms);
    std::vector<std::string> involved(int64_t incident_id);
    bool is_involved(int64_t incident_id, const std::string &employee_id);
    // (incident, employee) for every open incident.
    std::vector<std::pair<int64_t, std::string>> open_involvement();
    std::vector<InvolvedRow> involvements(int64_t incident_id);
    void mark_window_notified(int64_t incident_id, const std::string &employee_id);
    // Open incidents, oldest first.
    std::vector<Incident> open_incidents();

    // The incident's assignments, by employee then number.
    std::vector<Assignment> assignments(int64_t incident_id);
    void add_assignment(const Assignment &a);
    void update_assignment(const Assignment &a);
    // Open assignments per PSP, across all incidents.
    std::map<std::string, uint32_t> open_load();
    // Open assignments of open incidents past due whose coordinator has not been told yet.
    std::vector<Assignment> overdue_unnotified(int64_t now_ms);
    // The PSP's open assignments in open incidents, by incident then employee.
    std::vector<Assignment> open_assignments_of(const std::string &psp_id);

    void add_count(const std::string &quarter, const std::string &category, ActivationCount what,
                   int n = 1);
    // Every counter row as {quarter, category, counts in ActivationCount order}.
    std::vector<std::pair<std::pair<std::string, std::string>, std::vector<long long>>> counts();

    // Closed incidents closed at or before `cutoff_ms`, not yet purged.
    std::vector<int64_t> closed_before(int64_t cutoff_ms);
    // Deletes the incident's identities; the incident becomes "purged".
    void purge(int64_t incident_id);

    std::vector<Declaration> declarations(const std::string &psp_id);  // all when empty
    void declare(const Declaration &d);
    bool withdraw(const std::string &psp_id, const std::string &employee_id);

  private:
    soci::session &sql_;
};

}  // namespace psp
