// jurisdiction_store.hpp: what the jurisdiction profiles read and record beyond the program's own
// tables: designation dates (the selection decisions), how involved employees were involved in an
// incident, the readiness facts the coordinator records, and how often PSPs recorded that they
// explained the limits of confidentiality at the outset (counts only: no assignment, no person).
//
// Storage only, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace psp {

// Limits-of-confidentiality explanations recorded at check-in, by quarter and incident category.
struct LimitsExplainedCount {
    std::string quarter;
    std::string category;
    long long explained = 0;
    long long not_explained = 0;
};

struct StoredReadinessFact {
    std::string fact;  // a ReadinessFact name
    bool value = false;
    std::string as_of;  // YYYY-MM-DD
    int64_t recorded_ms = 0;
    std::string recorded_by;
};

class JurisdictionStore {
  public:
    explicit JurisdictionStore(soci::session &sql) : sql_(sql) {}

    // Each person's latest "selected" decision date (YYYY-MM-DD), by employee id; `employee_id`
    // empty: everyone.
    std::map<std::string, std::string> designation_dates(const std::string &employee_id = {});

    // Sets how `employee_id` was involved in the incident (a name of Involvement).
    void set_involvement(int64_t incident_id, const std::string &employee_id,
                         const std::string &involvement);
    // The involvement of `employee_id` in the incident ("" when not said), or nullopt when they
    // are not involved in it.
    std::optional<std::string> involvement(int64_t incident_id, const std::string &employee_id);
    // Every involved employee of the incident and their involvement.
    std::map<std::string, std::string> involvements(int64_t incident_id);

    void record_fact(const StoredReadinessFact &fact);
    // The latest value of each fact (latest as_of, then latest recorded), by fact name.
    std::map<std::string, StoredReadinessFact> latest_facts();

    // One check-in's yes/no: were the limits explained at the outset (IACP 6.2, 6.4)?
    void count_limits_explained(const std::string &quarter, const std::string &category,
                                bool explained);
    std::vector<LimitsExplainedCount> limits_explained_counts();

  private:
    soci::session &sql_;
};

}  // namespace psp
