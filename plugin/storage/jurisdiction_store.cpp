// jurisdiction_store.cpp: SOCI queries for the jurisdiction profiles; portable SQL only.
#include "plugin/storage/jurisdiction_store.hpp"

#include <soci/soci.h>

#include "plugin/core/json_text.hpp"
#include "plugin/storage/row_values.hpp"

namespace psp {

std::map<std::string, std::string> JurisdictionStore::designation_dates(
    const std::string &employee_id) {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT employee_id, detail FROM program_events"
                         " WHERE event = 'decided' AND (employee_id = :e OR :e2 = '')"
                         " ORDER BY employee_id, event_no",
         soci::use(employee_id), soci::use(employee_id));
    std::map<std::string, std::string> out;
    for (const soci::row &row : rows) {
        const std::string text = row.get<std::string>(1);
        const Json detail = parse_json_text(text, text.size(), "a stored decision");
        if (detail.value("selected", false)) {
            out[row.get<std::string>(0)] = detail.value("decided_on", "");
        }
    }
    return out;
}

void JurisdictionStore::set_involvement(int64_t incident_id, const std::string &employee_id,
                                        const std::string &involvement) {
    const long long id = incident_id;
    sql_ << "UPDATE incident_involved SET involvement = :k"
            " WHERE incident_id = :i AND employee_id = :e",
        soci::use(involvement), soci::use(id), soci::use(employee_id);
}

std::optional<std::string> JurisdictionStore::involvement(int64_t incident_id,
                                                          const std::string &employee_id) {
    const long long id = incident_id;
    std::string kind;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT involvement FROM incident_involved WHERE incident_id = :i AND employee_id = :e",
        soci::into(kind, ind), soci::use(id), soci::use(employee_id);
    if (!sql_.got_data()) {
        return std::nullopt;
    }
    return ind == soci::i_ok ? kind : std::string();
}

std::map<std::string, std::string> JurisdictionStore::involvements(int64_t incident_id) {
    const long long id = incident_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT employee_id, involvement FROM incident_involved"
                         " WHERE incident_id = :i",
         soci::use(id));
    std::map<std::string, std::string> out;
    for (const soci::row &row : rows) {
        out[row.get<std::string>(0)] = row.get<std::string>(1);
    }
    return out;
}

void JurisdictionStore::record_fact(const StoredReadinessFact &f) {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(fact_no) FROM readiness_facts", soci::into(last, ind);
    const long long next = ind == soci::i_ok ? last + 1 : 1, at = f.recorded_ms;
    const int value = f.value ? 1 : 0;
    sql_ << "INSERT INTO readiness_facts (fact_no, fact, value, as_of, recorded_ms, recorded_by)"
            " VALUES (:n, :f, :v, :d, :t, :b)",
        soci::use(next), soci::use(f.fact), soci::use(value), soci::use(f.as_of), soci::use(at),
        soci::use(f.recorded_by);
}

std::map<std::string, StoredReadinessFact> JurisdictionStore::latest_facts() {
    // Ascending, so each later row replaces the earlier value of its fact.
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT fact, value, as_of, recorded_ms, recorded_by FROM readiness_facts"
                         " ORDER BY as_of, fact_no");
    std::map<std::string, StoredReadinessFact> out;
    for (const soci::row &row : rows) {
        StoredReadinessFact f;
        f.fact = row.get<std::string>(0);
        f.value = row.get<int>(1) != 0;
        f.as_of = row.get<std::string>(2);
        f.recorded_ms = row.get<long long>(3);
        f.recorded_by = row.get<std::string>(4);
        out[f.fact] = f;
    }
    return out;
}

void JurisdictionStore::count_limits_explained(const std::string &quarter,
                                               const std::string &category, bool explained) {
    sql_ << "INSERT INTO limits_explained_counts (quarter, category, explained, not_explained)"
            " VALUES (:q, :c, 0, 0) ON CONFLICT (quarter, category) DO NOTHING",
        soci::use(quarter), soci::use(category);
    const char *column = explained ? "explained" : "not_explained";
    sql_ << "UPDATE limits_explained_counts SET " << column << " = " << column
         << " + 1 WHERE quarter = :q AND category = :c",
        soci::use(quarter), soci::use(category);
}

std::vector<LimitsExplainedCount> JurisdictionStore::limits_explained_counts() {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT quarter, category, explained, not_explained"
                         " FROM limits_explained_counts ORDER BY quarter, category");
    std::vector<LimitsExplainedCount> out;
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), row.get<std::string>(1), integer_at(row, 2),
                       integer_at(row, 3)});
    }
    return out;
}

}  // namespace psp
