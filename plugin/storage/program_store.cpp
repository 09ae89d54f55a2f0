// program_store.cpp: SQL for the program's tables.
#include "plugin/storage/program_store.hpp"

#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/storage/prepared_statements.hpp"

namespace psp {
namespace {

const char *const kMemberColumns =
    "employee_id, status, path, cycle, revision, nominated_by, status_since_ms, active_since_ms";

ProgramMember member_from_row(const soci::row &row) {
    ProgramMember m;
    m.employee_id = row.get<std::string>(0);
    m.status = parse_program_status(row.get<std::string>(1)).value_or(ProgramStatus::withdrawn);
    m.path = row.get<std::string>(2);
    m.cycle = row.get<int>(3);
    m.revision = row.get<int>(4);
    m.nominated_by = row.get<std::string>(5);
    m.status_since_ms = row.get<long long>(6);
    m.active_since_ms = row.get<long long>(7);
    return m;
}

Json parse_stored(const std::string &text) {
    return parse_json_text(text, text.size(), "a stored record");
}

void lost_race(const std::string &employee_id) {
    throw Error(ErrorCode::conflict,
                "the program record of " + employee_id +
                    " changed while this request ran (another host or user); read it again and "
                    "retry if still wanted",
                "/params/employee_id", {employee_id});
}

// A status change as stored: the new revision, and the time the member became active, kept
// from the first activation of the cycle.
struct StatusMove {
    std::string name;
    int revision;
    long long since;
    long long active;
};

StatusMove status_move(const ProgramMember &m, ProgramStatus status, int64_t now_ms) {
    const bool activates = status == ProgramStatus::active && m.active_since_ms == 0;
    return {std::string(program_status_name(status)), m.revision + 1, now_ms,
            activates ? now_ms : m.active_since_ms};
}

void apply_move(ProgramMember &m, ProgramStatus status, const StatusMove &move) {
    m.status = status;
    m.revision = move.revision;
    m.status_since_ms = move.since;
    m.active_since_ms = move.active;
}

// A status change, compare-and-set on the revision read (RETURNING says whether it still was).
const char *const kSetStatus =
    "UPDATE program_members SET status = :s, revision = :r, status_since_ms = :t,"
    " active_since_ms = :a WHERE employee_id = :e AND revision = :old RETURNING revision";

// An event numbered in the same statement (one round trip inside the write lock), as are leaves
// and reviews. The casts give PostgreSQL the parameters' types, which an INSERT ... SELECT does
// not infer from the columns.
const char *const kAppendEvent =
    "INSERT INTO program_events (employee_id, event_no, cycle, at_ms, event, status, actor,"
    " actor_role, detail) SELECT :e, COALESCE(MAX(event_no), 0) + 1, CAST(:c AS INTEGER),"
    " CAST(:t AS BIGINT), :v, :s, :a, :r, :d FROM program_events WHERE employee_id = :owner";

void use_status_move(PreparedQuery &query, const ProgramMember &m, const StatusMove &move) {
    query.use(move.name).use(move.revision).use(move.since).use(move.active);
    query.use(m.employee_id).use(m.revision);
}

// `at` and `detail` are bound by reference: they must outlive the statement's execution.
void use_event(PreparedQuery &query, const ProgramMember &m, const ProgramEvent &e,
               const long long &at, const std::string &detail) {
    query.use(m.employee_id).use(m.cycle).use(at).use(e.event).use(e.status).use(e.actor);
    query.use(e.actor_role).use(detail).use(m.employee_id);
}

}  // namespace

// The statements a transition runs are prepared once per connection (PreparedQuery): on
// PostgreSQL each is then one round trip inside the write lock, with no parse or plan.
std::optional<ProgramMember> ProgramStore::find(const std::string &employee_id) {
    static const std::string kFind =
        std::string("SELECT ") + kMemberColumns + " FROM program_members WHERE employee_id = :id";
    ProgramMember m;
    std::string status;
    long long since = 0, active = 0;
    PreparedQuery query(sql_, kFind);
    query.use(employee_id).into(m.employee_id).into(status).into(m.path).into(m.cycle);
    query.into(m.revision).into(m.nominated_by).into(since).into(active);
    if (!query.execute()) {
        return std::nullopt;
    }
    m.status = parse_program_status(status).value_or(ProgramStatus::withdrawn);
    m.status_since_ms = since;
    m.active_since_ms = active;
    return m;
}

std::vector<ProgramMember> ProgramStore::list(const std::vector<ProgramStatus> &statuses,
                                              const std::string &after_id, std::size_t limit) {
    std::string where = "employee_id > :after";
    if (!statuses.empty()) {
        where += " AND status IN (";
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            where += (i ? ", '" : "'") + std::string(program_status_name(statuses[i])) + "'";
        }
        where += ")";
    }
    const long long max = static_cast<long long>(limit);
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kMemberColumns << " FROM program_members WHERE " << where
                      << " ORDER BY employee_id LIMIT :n",
         soci::use(after_id), soci::use(max));
    std::vector<ProgramMember> out;
    for (const soci::row &row : rows) {
        out.push_back(member_from_row(row));
    }
    return out;
}

std::vector<std::string> ProgramStore::ids_with_status(ProgramStatus status) {
    const std::string name(program_status_name(status));
    soci::rowset<std::string> rows =
        (sql_.prepare << "SELECT employee_id FROM program_members WHERE status = :s"
                         " ORDER BY employee_id",
         soci::use(name));
    return {rows.begin(), rows.end()};
}

void ProgramStore::start_cycle(const ProgramMember &m, std::optional<int> expected_revision) {
    const std::string status(program_status_name(m.status));
    const long long since = m.status_since_ms, active = m.active_since_ms;
    if (!expected_revision) {
        sql_ << "INSERT INTO program_members (" << kMemberColumns
             << ") VALUES (:e, :s, :p, :c, :r, :n, :t, :a)",
            soci::use(m.employee_id), soci::use(status), soci::use(m.path), soci::use(m.cycle),
            soci::use(m.revision), soci::use(m.nominated_by), soci::use(since), soci::use(active);
        return;
    }
    soci::statement st =
        (sql_.prepare << "UPDATE program_members SET status = :s, path = :p, cycle = :c,"
                         " revision = :r, nominated_by = :n, status_since_ms = :t,"
                         " active_since_ms = :a WHERE employee_id = :e AND revision = :old",
         soci::use(status), soci::use(m.path), soci::use(m.cycle), soci::use(m.revision),
         soci::use(m.nominated_by), soci::use(since), soci::use(active), soci::use(m.employee_id),
         soci::use(*expected_revision));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
        lost_race(m.employee_id);
    }
}

void ProgramStore::set_status(ProgramMember &m, ProgramStatus status, int64_t now_ms) {
    const StatusMove move = status_move(m, status, now_ms);
    int stored_revision = 0;
    PreparedQuery update(sql_, kSetStatus);
    use_status_move(update, m, move);
    if (!update.into(stored_revision).execute()) {
        lost_race(m.employee_id);
    }
    apply_move(m, status, move);
}

void ProgramStore::append_event(const ProgramMember &m, const ProgramEvent &e) {
    const long long at = e.at_ms;
    const std::string detail = to_json_text(e.detail);
    PreparedQuery insert(sql_, kAppendEvent);
    use_event(insert, m, e, at, detail);
    insert.execute();
}

void ProgramStore::set_status_with_event(ProgramMember &m, ProgramStatus status, int64_t now_ms,
                                         const ProgramEvent &e) {
    if (sql_.get_backend_name() != "postgresql") {
        set_status(m, status, now_ms);
        append_event(m, e);
        return;
    }
    const StatusMove move = status_move(m, status, now_ms);
    const long long at = e.at_ms;
    const std::string detail = to_json_text(e.detail);
    // The event is numbered only when the UPDATE found the revision read (HAVING: an aggregate
    // over no rows still gives one); no row back means another writer moved the member first.
    static const std::string both = std::string("WITH moved AS (") + kSetStatus + ") " +
                                    kAppendEvent +
                                    " HAVING EXISTS (SELECT 1 FROM moved) RETURNING event_no";
    int event_no = 0;
    PreparedQuery query(sql_, both);
    use_status_move(query, m, move);
    use_event(query, m, e, at, detail);
    if (!query.into(event_no).execute()) {
        lost_race(m.employee_id);
    }
    apply_move(m, status, move);
}

std::vector<ProgramEvent> ProgramStore::history(const std::string &employee_id) {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT event_no, cycle, at_ms, event, status, actor, actor_role, detail"
                         " FROM program_events WHERE employee_id = :e ORDER BY event_no",
         soci::use(employee_id));
    std::vector<ProgramEvent> out;
    for (const soci::row &row : rows) {
        out.push_back({row.get<int>(0), row.get<int>(1), row.get<long long>(2),
                       row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
                       row.get<std::string>(6), parse_stored(row.get<std::string>(7))});
    }
    return out;
}

std::vector<Recommendation> ProgramStore::recommendations(const std::string &employee_id,
                                                          int cycle) {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT recommender_id, relation, given_on FROM recommendations"
                         " WHERE employee_id = :e AND cycle = :c ORDER BY recommender_id",
         soci::use(employee_id), soci::use(cycle));
    std::vector<Recommendation> out;
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    }
    return out;
}

void ProgramStore::add_recommendation(const std::string &employee_id, int cycle,
                                      const Recommendation &r) {
    sql_ << "INSERT INTO recommendations (employee_id, cycle, recommender_id, relation, given_on)"
            " VALUES (:e, :c, :r, :l, :g)",
        soci::use(employee_id), soci::use(cycle), soci::use(r.recommender_id),
        soci::use(r.relation), soci::use(r.given_on);
}

std::optional<bool> ProgramStore::standing(const std::string &employee_id, int cycle) {
    int value = 0;
    sql_ << "SELECT in_good_standing FROM standing_attestations"
            " WHERE employee_id = :e AND cycle = :c",
        soci::use(employee_id), soci::use(cycle), soci::into(value);
    if (!sql_.got_data()) {
        return std::nullopt;
    }
    return value != 0;
}

void ProgramStore::save_standing(const std::string &employee_id, int cycle, bool in_good_standing,
                                 const std::string &attested_on, const std::string &attested_by) {
    const int value = in_good_standing ? 1 : 0;
    // A later attestation in the same cycle (an active member's standing re-attested) replaces
    // the earlier one; the history keeps both events.
    sql_ << "DELETE FROM standing_attestations WHERE employee_id = :e AND cycle = :c",
        soci::use(employee_id), soci::use(cycle);
    sql_ << "INSERT INTO standing_attestations (employee_id, cycle, in_good_standing,"
            " attested_on, attested_by) VALUES (:e, :c, :v, :o, :b)",
        soci::use(employee_id), soci::use(cycle), soci::use(value), soci::use(attested_on),
        soci::use(attested_by);
}

void ProgramStore::save_interview(const std::string &employee_id, int cycle,
                                  const InterviewRecord &r) {
    const int suitable = r.suitable ? 1 : 0;
    const std::string panel = to_json_text(r.panel);
    sql_ << "INSERT INTO interviews (employee_id, cycle, held_on, suitable, maturity, judgment,"
            " ethics, credibility, education_training, panel)"
            " VALUES (:e, :c, :h, :s, :m, :j, :t, :r, :d, :p)",
        soci::use(employee_id), soci::use(cycle), soci::use(r.held_on), soci::use(suitable),
        soci::use(r.maturity), soci::use(r.judgment), soci::use(r.ethics), soci::use(r.credibility),
        soci::use(r.education_training), soci::use(panel);
}

std::optional<Clinician> ProgramStore::clinician(const std::string &clinician_id) {
    Clinician c;
    int active = 0;
    sql_ << "SELECT clinician_id, name, license, active FROM clinicians WHERE clinician_id = :c",
        soci::use(clinician_id), soci::into(c.clinician_id), soci::into(c.name),
        soci::into(c.license), soci::into(active);
    if (!sql_.got_data()) {
        return std::nullopt;
    }
    c.active = active != 0;
    return c;
}

void ProgramStore::save_clinician(const Clinician &c) {
    const int active = c.active ? 1 : 0;
    sql_ << "DELETE FROM clinicians WHERE clinician_id = :c", soci::use(c.clinician_id);
    sql_ << "INSERT INTO clinicians (clinician_id, name, license, active) VALUES (:c, :n, :l, :a)",
        soci::use(c.clinician_id), soci::use(c.name), soci::use(c.license), soci::use(active);
}

std::vector<Clinician> ProgramStore::clinicians() {
    soci::rowset<soci::row> rows = (sql_.prepare << "SELECT clinician_id, name, license, active"
                                                    " FROM clinicians ORDER BY clinician_id");
    std::vector<Clinician> out;
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                       row.get<int>(3) != 0});
    }
    return out;
}

std::optional<AgreementVersion> ProgramStore::current_agreement() {
    AgreementVersion v;
    long long published = 0, resign_by = 0;
    PreparedQuery query(sql_,
                        "SELECT version, title, body, body_sha256, published_ms, resign_by_ms"
                        " FROM agreement_versions ORDER BY version DESC LIMIT 1");
    query.into(v.version)
        .into(v.title)
        .into(v.body)
        .into(v.body_sha256)
        .into(published)
        .into(resign_by);
    if (!query.execute()) {
        return std::nullopt;
    }
    v.published_ms = published;
    v.resign_by_ms = resign_by;
    return v;
}

void ProgramStore::publish_agreement(const AgreementVersion &v) {
    const long long published = v.published_ms, resign_by = v.resign_by_ms;
    sql_ << "INSERT INTO agreement_versions (version, title, body, body_sha256, published_ms,"
            " resign_by_ms) VALUES (:v, :t, :b, :h, :p, :r)",
        soci::use(v.version), soci::use(v.title), soci::use(v.body), soci::use(v.body_sha256),
        soci::use(published), soci::use(resign_by);
}

bool ProgramStore::signed_version(const std::string &employee_id, int version) {
    int found = 0;
    sql_ << "SELECT COUNT(*) FROM agreement_signatures WHERE employee_id = :e AND version = :v",
        soci::use(employee_id), soci::use(version), soci::into(found);
    return found > 0;
}

void ProgramStore::sign_agreement(const std::string &employee_id, int version, int64_t now_ms) {
    const long long at = now_ms;
    // A reinstated member signs again a version they signed before: the newer date stands.
    sql_ << "DELETE FROM agreement_signatures WHERE employee_id = :e AND version = :v",
        soci::use(employee_id), soci::use(version);
    sql_
        << "INSERT INTO agreement_signatures (employee_id, version, signed_ms) VALUES (:e, :v, :t)",
        soci::use(employee_id), soci::use(version), soci::use(at);
}

std::vector<std::string> ProgramStore::signers(int version) {
    std::vector<std::string> out;
    std::string id;
    PreparedQuery query(sql_, "SELECT employee_id FROM agreement_signatures WHERE version = :v");
    query.use(version).into(id);
    while (query.next()) {
        out.push_back(id);
    }
    return out;
}

std::optional<LeaveRecord> ProgramStore::open_leave(const std::string &employee_id) {
    LeaveRecord leave;
    long long start = 0, end = 0;
    PreparedQuery query(sql_,
                        "SELECT leave_no, start_ms, planned_return, end_ms FROM leaves"
                        " WHERE employee_id = :e AND end_ms = 0 ORDER BY leave_no DESC LIMIT 1");
    query.use(employee_id).into(leave.leave_no).into(start).into(leave.planned_return).into(end);
    if (!query.execute()) {
        return std::nullopt;
    }
    leave.start_ms = start;
    leave.end_ms = end;
    return leave;
}

void ProgramStore::start_leave(const std::string &employee_id, const LeaveRecord &leave) {
    const long long start = leave.start_ms;
    PreparedQuery insert(sql_,
                         "INSERT INTO leaves (employee_id, leave_no, start_ms, planned_return,"
                         " end_ms) SELECT :e, COALESCE(MAX(leave_no), 0) + 1, CAST(:s AS BIGINT),"
                         " :p, 0 FROM leaves WHERE employee_id = :owner");
    insert.use(employee_id).use(start).use(leave.planned_return).use(employee_id).execute();
}

void ProgramStore::end_open_leave(const std::string &employee_id, int64_t now_ms) {
    const long long end = now_ms;
    PreparedQuery update(
        sql_,
        "UPDATE leaves SET end_ms = :t WHERE employee_id = :e AND leave_no ="
        " (SELECT MAX(leave_no) FROM leaves WHERE employee_id = :e2 AND end_ms = 0)");
    update.use(end).use(employee_id).use(employee_id).execute();
}

std::optional<ReviewRecord> ProgramStore::last_review(const std::string &employee_id) {
    ReviewRecord r;
    long long opened = 0;
    std::string conditions;
    PreparedQuery query(sql_,
                        "SELECT review_no, grounds, opened_ms, opened_by, resume_status, outcome,"
                        " conditions, decided_on, decided_by, decided_role FROM reviews"
                        " WHERE employee_id = :e ORDER BY review_no DESC LIMIT 1");
    query.use(employee_id).into(r.review_no).into(r.grounds).into(opened).into(r.opened_by);
    query.into(r.resume_status).into(r.outcome).into(conditions).into(r.decided_on);
    query.into(r.decided_by).into(r.decided_role);
    if (!query.execute()) {
        return std::nullopt;
    }
    r.opened_ms = opened;
    r.conditions = parse_stored(conditions);
    return r;
}

std::optional<ReviewRecord> ProgramStore::open_review(const std::string &employee_id) {
    auto review = last_review(employee_id);
    if (review && review->outcome.empty()) {
        return review;
    }
    return std::nullopt;
}

void ProgramStore::add_review(const std::string &employee_id, const ReviewRecord &r) {
    const long long opened = r.opened_ms;
    PreparedQuery insert(
        sql_,
        "INSERT INTO reviews (employee_id, review_no, grounds, opened_ms, opened_by,"
        " resume_status, outcome, conditions, decided_on, decided_by, decided_role)"
        " SELECT :e, COALESCE(MAX(review_no), 0) + 1, :g, CAST(:o AS BIGINT), :b, :r, '', '[]',"
        " '', '', '' FROM reviews WHERE employee_id = :owner");
    insert.use(employee_id).use(r.grounds).use(opened).use(r.opened_by).use(r.resume_status);
    insert.use(employee_id).execute();
}

void ProgramStore::decide_review(const std::string &employee_id, const ReviewRecord &r) {
    const std::string conditions = to_json_text(r.conditions);
    PreparedQuery update(sql_,
                         "UPDATE reviews SET outcome = :o, conditions = :c, decided_on = :d,"
                         " decided_by = :b, decided_role = :r"
                         " WHERE employee_id = :e AND review_no = :n");
    update.use(r.outcome).use(conditions).use(r.decided_on).use(r.decided_by);
    update.use(r.decided_role).use(employee_id).use(r.review_no).execute();
}

}  // namespace psp
