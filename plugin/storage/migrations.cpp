// migrations.cpp: the schema, one migration at a time. Append; never edit a released migration.
#include "plugin/storage/migrations.hpp"

#include <soci/soci.h>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

const char *const kMigrationTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_ms BIGINT NOT NULL)";

int read_version(soci::session &sql) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
}

}  // namespace

const std::vector<Migration> &schema_migrations() {
    static const std::vector<Migration> migrations = {
        {1,
         "employee directory, audit log, idempotency",
         {
             "CREATE TABLE employees ("
             " id TEXT PRIMARY KEY,"
             " name TEXT NOT NULL,"
             " title TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " agency TEXT NOT NULL,"
             " division TEXT NOT NULL,"
             " unit TEXT NOT NULL,"
             " shift TEXT NOT NULL,"
             " supervisor_id TEXT NOT NULL,"
             " active INTEGER NOT NULL,"
             " updated_ms BIGINT NOT NULL)",
             "CREATE INDEX employees_by_supervisor ON employees (supervisor_id)",
             "CREATE INDEX employees_by_division ON employees (division, shift)",
             "CREATE TABLE directory_state ("
             " id INTEGER PRIMARY KEY CHECK (id = 1),"
             " last_sync_ms BIGINT NOT NULL,"
             " last_mode TEXT NOT NULL,"
             " host_cursor TEXT NOT NULL)",
             "CREATE TABLE audit_log ("
             " seq BIGINT PRIMARY KEY,"
             " at_ms BIGINT NOT NULL,"
             " principal TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " prev_hash TEXT NOT NULL,"
             " hash TEXT NOT NULL)",
             "CREATE TABLE idempotency ("
             " idem_key TEXT PRIMARY KEY,"
             " method TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " response TEXT NOT NULL,"
             " at_ms BIGINT NOT NULL)",
         }},
        {2,
         "host identities for incremental directory pulls",
         {
             "CREATE TABLE host_identities ("
             " host_id TEXT PRIMARY KEY,"
             " employee_id TEXT NOT NULL)",
         }},
        {3,
         "peer support program: selection, membership, agreements, leave, reviews",
         {
             // Bumped by every sync, so each host process knows when its org chart index is stale.
             "ALTER TABLE directory_state ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
             "ALTER TABLE employees ADD COLUMN hire_date TEXT NOT NULL DEFAULT ''",
             "CREATE TABLE acting_supervisors ("
             " employee_id TEXT NOT NULL,"
             " supervisor_id TEXT NOT NULL,"
             " until_date TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, supervisor_id))",
             // One row per person who ever entered the program; `revision` guards transitions
             // against a concurrent host process (compare-and-set on every update).
             "CREATE TABLE program_members ("
             " employee_id TEXT PRIMARY KEY,"
             " status TEXT NOT NULL,"
             " path TEXT NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " revision INTEGER NOT NULL,"
             " nominated_by TEXT NOT NULL,"
             " status_since_ms BIGINT NOT NULL,"
             " active_since_ms BIGINT NOT NULL)",
             "CREATE INDEX program_members_by_status ON program_members (status)",
             "CREATE TABLE program_events ("
             " employee_id TEXT NOT NULL,"
             " event_no INTEGER NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " at_ms BIGINT NOT NULL,"
             " event TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " actor TEXT NOT NULL,"
             " actor_role TEXT NOT NULL,"
             " detail TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, event_no))",
             "CREATE TABLE recommendations ("
             " employee_id TEXT NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " recommender_id TEXT NOT NULL,"
             " relation TEXT NOT NULL,"
             " given_on TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, cycle, recommender_id))",
             // Yes or no, when and by whom: there is deliberately no column for a reason.
             "CREATE TABLE standing_attestations ("
             " employee_id TEXT NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " in_good_standing INTEGER NOT NULL,"
             " attested_on TEXT NOT NULL,"
             " attested_by TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, cycle))",
             // Structured ratings only: no free-text notes about a candidate's history.
             "CREATE TABLE interviews ("
             " employee_id TEXT NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " held_on TEXT NOT NULL,"
             " suitable INTEGER NOT NULL,"
             " maturity INTEGER NOT NULL,"
             " judgment INTEGER NOT NULL,"
             " ethics INTEGER NOT NULL,"
             " credibility INTEGER NOT NULL,"
             " education_training INTEGER NOT NULL,"
             " panel TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, cycle))",
             "CREATE TABLE clinicians ("
             " clinician_id TEXT PRIMARY KEY,"
             " name TEXT NOT NULL,"
             " license TEXT NOT NULL,"
             " active INTEGER NOT NULL)",
             "CREATE TABLE agreement_versions ("
             " version INTEGER PRIMARY KEY,"
             " title TEXT NOT NULL,"
             " body TEXT NOT NULL,"
             " body_sha256 TEXT NOT NULL,"
             " published_ms BIGINT NOT NULL,"
             " resign_by_ms BIGINT NOT NULL)",
             "CREATE TABLE agreement_signatures ("
             " employee_id TEXT NOT NULL,"
             " version INTEGER NOT NULL,"
             " signed_ms BIGINT NOT NULL,"
             " PRIMARY KEY (employee_id, version))",
             // No reason column: a PSP owes nobody a reason for a leave (IACP 4.4).
             "CREATE TABLE leaves ("
             " employee_id TEXT NOT NULL,"
             " leave_no INTEGER NOT NULL,"
             " start_ms BIGINT NOT NULL,"
             " planned_return TEXT NOT NULL,"
             " end_ms BIGINT NOT NULL,"
             " PRIMARY KEY (employee_id, leave_no))",
             "CREATE TABLE reviews ("
             " employee_id TEXT NOT NULL,"
             " review_no INTEGER NOT NULL,"
             " grounds TEXT NOT NULL,"
             " opened_ms BIGINT NOT NULL,"
             " opened_by TEXT NOT NULL,"
             " resume_status TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " conditions TEXT NOT NULL,"
             " decided_on TEXT NOT NULL,"
             " decided_by TEXT NOT NULL,"
             " decided_role TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, review_no))",
         }},
        {4,
         "training: catalogue extensions, courses, attendance, notifications sent",
         {
             // The 24 IACP 8.3 topics are built in (domain/training_catalog); these are the
             // agency's own.
             // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one statement over lines
             "CREATE TABLE training_topics ("
             " code TEXT PRIMARY KEY,"
             " title TEXT NOT NULL,"
             " added_ms BIGINT NOT NULL)",
             "CREATE TABLE training_courses ("
             " code TEXT PRIMARY KEY,"
             " title TEXT NOT NULL,"
             " minutes BIGINT NOT NULL,"
             " provider TEXT NOT NULL,"
             " added_ms BIGINT NOT NULL)",
             "CREATE TABLE training_course_topics ("
             " course_code TEXT NOT NULL,"
             " topic_code TEXT NOT NULL,"
             " PRIMARY KEY (course_code, topic_code))",
             // `day` is the local date as days since 1970-01-01 and `month_index` year * 12 +
             // month - 1, so per-period sums are one index scan for any period length. An xAPI
             // statement id is stored at most once: re-sending a statement changes nothing.
             "CREATE TABLE training_attendance ("
             " seq BIGINT PRIMARY KEY,"
             " employee_id TEXT NOT NULL,"
             " day INTEGER NOT NULL,"
             " month_index INTEGER NOT NULL,"
             " course_code TEXT NOT NULL,"
             " topic_code TEXT NOT NULL,"
             " minutes BIGINT NOT NULL,"
             " provider TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " statement_id TEXT UNIQUE,"
             " recorded_ms BIGINT NOT NULL)",
             "CREATE INDEX training_attendance_by_person"
             " ON training_attendance (employee_id, month_index, minutes)",
             // One due_soon and one overdue notice per PSP and period.
             "CREATE TABLE training_notifications ("
             " employee_id TEXT NOT NULL,"
             " kind TEXT NOT NULL,"
             " period TEXT NOT NULL,"
             " sent_ms BIGINT NOT NULL,"
             " PRIMARY KEY (employee_id, kind, period))",
             // Each PSP's compliance as the last maintenance run computed it: what the roster and
             // activation read, so offering a PSP never recomputes ten years of records.
             "CREATE TABLE training_state ("
             " employee_id TEXT PRIMARY KEY,"
             " state TEXT NOT NULL,"
             " computed_ms BIGINT NOT NULL)",
         }},
        {5,
         "role conflicts, critical-incident activations and contacts",
         {
             // That an incident happened, when and of which kind (IACP 2.3): deliberately no
             // column for a narrative or any free text about what happened.
             "CREATE TABLE incidents ("
             " incident_id BIGINT PRIMARY KEY,"
             " incident_date TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " quarter TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " opened_ms BIGINT NOT NULL,"
             " closed_ms BIGINT NOT NULL)",
             // Identities: purged policy.activation.retention_days after the incident closes.
             // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one statement over lines
             "CREATE TABLE incident_involved ("
             " incident_id BIGINT NOT NULL,"
             " employee_id TEXT NOT NULL,"
             " PRIMARY KEY (incident_id, employee_id))",
             "CREATE TABLE activation_assignments ("
             " incident_id BIGINT NOT NULL,"
             " employee_id TEXT NOT NULL,"
             " assignment_no INTEGER NOT NULL,"
             " psp_id TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " assigned_ms BIGINT NOT NULL,"
             " due_ms BIGINT NOT NULL,"
             " acknowledged_ms BIGINT NOT NULL,"
             " ended_ms BIGINT NOT NULL,"
             " overdue_notified INTEGER NOT NULL,"
             " PRIMARY KEY (incident_id, employee_id, assignment_no))",
             // Anonymous counts by quarter and category: what survives the purge.
             "CREATE TABLE activation_counts ("
             " quarter TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " incidents INTEGER NOT NULL,"
             " involved INTEGER NOT NULL,"
             " assignments INTEGER NOT NULL,"
             " declines INTEGER NOT NULL,"
             " check_ins_on_time INTEGER NOT NULL,"
             " check_ins_late INTEGER NOT NULL,"
             " PRIMARY KEY (quarter, category))",
             "CREATE TABLE declared_conflicts ("
             " psp_id TEXT NOT NULL,"
             " employee_id TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " declared_ms BIGINT NOT NULL,"
             " PRIMARY KEY (psp_id, employee_id))",
             // No column for the person supported, nor for the PSP, nor a time finer than the
             // quarter: a repeat contact is the PSP's own count, never a link (IACP 7.3).
             "CREATE TABLE contacts ("
             " contact_no BIGINT PRIMARY KEY,"
             " quarter TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " minutes INTEGER NOT NULL,"
             " referrals TEXT NOT NULL,"
             " repeat_contact INTEGER NOT NULL,"
             " referral_prompted INTEGER NOT NULL)",
         }},
        {6,
         "training minutes summary",
         {
             // Minutes per person, year and month, kept by TrainingStore::insert in the
             // transaction that stores the records: compliance reads about ten rows a PSP instead
             // of every record. Months, not the policy's periods, so a change of the period policy
             // needs no rebuild (every period is whole months).
             "CREATE TABLE training_minutes ("
             " employee_id TEXT NOT NULL,"
             " year INTEGER NOT NULL,"
             " m01 BIGINT NOT NULL,"
             " m02 BIGINT NOT NULL,"
             " m03 BIGINT NOT NULL,"
             " m04 BIGINT NOT NULL,"
             " m05 BIGINT NOT NULL,"
             " m06 BIGINT NOT NULL,"
             " m07 BIGINT NOT NULL,"
             " m08 BIGINT NOT NULL,"
             " m09 BIGINT NOT NULL,"
             " m10 BIGINT NOT NULL,"
             " m11 BIGINT NOT NULL,"
             " m12 BIGINT NOT NULL,"
             " PRIMARY KEY (employee_id, year))",
             // The records stored before this migration.
             "INSERT INTO training_minutes (employee_id, year, m01, m02, m03, m04, m05, m06,"
             " m07, m08, m09, m10, m11, m12)"
             " SELECT employee_id, month_index / 12,"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 0 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 1 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 2 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 3 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 4 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 5 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 6 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 7 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 8 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 9 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 10 THEN minutes ELSE 0 END),"
             " SUM(CASE WHEN month_index - (month_index / 12) * 12 = 11 THEN minutes ELSE 0 END)"
             " FROM training_attendance GROUP BY employee_id, month_index / 12",
             // Recent records by day with what the cycle-topic check reads: no table lookups.
             "CREATE INDEX training_attendance_by_day"
             " ON training_attendance (day, employee_id, course_code, topic_code)",
         }},
        {7,
         "jurisdiction profiles: involvement kinds and readiness facts",
         {
             // How an involved employee was involved (responder, witness, party, other; '' when
             // not said): some states deny privilege to a PSP who was. Purged with the row.
             "ALTER TABLE incident_involved ADD COLUMN involvement TEXT NOT NULL DEFAULT ''",
             // Program readiness facts the plugin cannot see, recorded by the coordinator as
             // dated yes/no values: deliberately no free text.
             "CREATE TABLE readiness_facts ("
             " fact_no BIGINT PRIMARY KEY,"
             " fact TEXT NOT NULL,"
             " value INTEGER NOT NULL,"
             " as_of TEXT NOT NULL,"
             " recorded_ms BIGINT NOT NULL,"
             " recorded_by TEXT NOT NULL)",
         }},
        {8,
         "confidential calls: quarter-long stored answers and per-quarter audit counts",
         {
             // The first answer to a confidential request (contact.log, activation.decline,
             // leave.*, conflict declarations), found by a hash of its idempotency key and checked
             // by an HMAC keyed outside the database: nothing here can be recomputed from a
             // guess of who called. Only the quarter, never a time; deleted when it ends.
             "CREATE TABLE confidential_replies ("
             " key_hash TEXT PRIMARY KEY,"
             " method TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " response TEXT NOT NULL,"
             " quarter TEXT NOT NULL)",
             // Confidential calls counted by quarter, method, roles and outcome, until
             // maintenance.run writes one audit entry per row once the quarter has ended.
             "CREATE TABLE audit_pending ("
             " quarter TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " calls BIGINT NOT NULL,"
             " PRIMARY KEY (quarter, method, roles, outcome))",
         }},
        {9,
         "limits of confidentiality explained at check-in",
         {
             // Whether the PSP explained the limits of confidentiality at the outset (IACP 6.2,
             // 6.4), counted by quarter and incident category as activation_counts is: the yes/no
             // is never kept per assignment or person, so nothing here outlives a purge.
             "CREATE TABLE limits_explained_counts ("
             " quarter TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " explained INTEGER NOT NULL,"
             " not_explained INTEGER NOT NULL,"
             " PRIMARY KEY (quarter, category))",
         }},
        {10,
         "every involved employee accounted for, reassignment and partner pools",
         {
             // When the incident happened: the 24-72 hour check-in window runs from it for
             // everyone involved, assigned or not. Rows from before count from their opening.
             "ALTER TABLE incidents ADD COLUMN occurred_ms BIGINT NOT NULL DEFAULT 0",
             "UPDATE incidents SET occurred_ms = opened_ms",
             // Whether the coordinator was told this person passed the window without a PSP.
             // Purged with the row.
             "ALTER TABLE incident_involved ADD COLUMN window_notified INTEGER NOT NULL DEFAULT 0",
             // Why an open assignment was taken from its PSP (on_leave, resigned, under_review,
             // deselected): status 'released' flags the employee for reassignment.
             "ALTER TABLE activation_assignments ADD COLUMN released_reason TEXT NOT NULL"
             " DEFAULT ''",
             // A partner agency's PSP (3.8.2) instead of one of ours: psp_id is then ''.
             "ALTER TABLE activation_assignments ADD COLUMN partner_no BIGINT NOT NULL DEFAULT 0",
             // Counted when the incident closes: of the involved, how many had a PSP, how many
             // had none, how many were not checked in within the window; and partner use.
             "ALTER TABLE activation_counts ADD COLUMN covered INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE activation_counts ADD COLUMN uncovered INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE activation_counts ADD COLUMN late INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE activation_counts ADD COLUMN partner_assignments INTEGER NOT NULL"
             " DEFAULT 0",
             // Partner agencies' PSPs (3.8.2): not in our directory, so recorded by hand with
             // how to reach them; no access to our directory follows from being listed.
             "CREATE TABLE partner_psps ("
             " partner_no BIGINT PRIMARY KEY,"
             " name TEXT NOT NULL,"
             " agency TEXT NOT NULL,"
             " training_status TEXT NOT NULL,"
             " contact TEXT NOT NULL,"
             " active INTEGER NOT NULL,"
             " updated_ms BIGINT NOT NULL)",
         }},
        {11,
         "oversight records: clinical consultations and program documents",
         {
             // That a clinical consultation took place (IACP 3.4, 5.1): a date, a registered
             // clinician and a kind; deliberately no column for its content or whom it was about.
             "CREATE TABLE clinical_consultations ("
             " consultation_no BIGINT PRIMARY KEY,"
             " held_on TEXT NOT NULL,"
             " clinician_id TEXT NOT NULL,"
             " kind TEXT NOT NULL,"
             " recorded_by TEXT NOT NULL,"
             " recorded_ms BIGINT NOT NULL)",
             "CREATE INDEX clinical_consultations_by_date ON clinical_consultations (held_on)",
             // The procedures manual (3.5) and the departmental confidentiality policy (6.1), in
             // versions every employee may read.
             "CREATE TABLE program_documents ("
             " kind TEXT NOT NULL,"
             " version INTEGER NOT NULL,"
             " title TEXT NOT NULL,"
             " body TEXT NOT NULL,"
             " body_sha256 TEXT NOT NULL,"
             " published_by TEXT NOT NULL,"
             " published_ms BIGINT NOT NULL,"
             " PRIMARY KEY (kind, version))",
         }},
        {12,
         "audit entries staged in lanes and chained in batches; confidential counts in shards",
         {
             // An entry staged while another writer held the chain keeps, once chained, its
             // lane, its place in the lane, the lane's previous leaf hash and its own leaf hash
             // (over its fields), which its chain hash covers. NULL for an entry chained by its
             // own writer, as every earlier entry was.
             "ALTER TABLE audit_log ADD COLUMN lane INTEGER",
             "ALTER TABLE audit_log ADD COLUMN lane_seq BIGINT",
             "ALTER TABLE audit_log ADD COLUMN lane_prev TEXT",
             "ALTER TABLE audit_log ADD COLUMN leaf TEXT",
             // Partial: an entry chained by its own writer (most, and all on SQLite) adds no
             // index entry to its insert.
             "CREATE UNIQUE INDEX audit_log_by_lane ON audit_log (lane, lane_seq)"
             " WHERE lane IS NOT NULL",
             // Entries committed with the change they record, waiting for the next writer that
             // holds the chain: the same fields, no seq yet.
             "CREATE TABLE audit_staged ("
             " lane INTEGER NOT NULL,"
             " lane_seq BIGINT NOT NULL,"
             " at_ms BIGINT NOT NULL,"
             " principal TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " lane_prev TEXT NOT NULL,"
             " leaf TEXT NOT NULL,"
             " PRIMARY KEY (lane, lane_seq))",
             // The confidential calls' counts, spread over as many rows (shards) as there are
             // lanes, so that two writers of the same method seldom wait for each other's row;
             // summed at the quarter's close. A shard is drawn at random for each call
             // (AuditLog::count_confidential).
             "CREATE TABLE audit_pending_sharded ("
             " quarter TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " shard INTEGER NOT NULL,"
             " calls BIGINT NOT NULL,"
             " PRIMARY KEY (quarter, method, roles, outcome, shard))",
             "INSERT INTO audit_pending_sharded (quarter, method, roles, outcome, shard, calls)"
             " SELECT quarter, method, roles, outcome, 0, calls FROM audit_pending",
             "DROP TABLE audit_pending",
             "ALTER TABLE audit_pending_sharded RENAME TO audit_pending",
         }},
        {13,
         "program tables keyed by their primary key (SQLite)",
         {},
         // SQLite only. A table with a primary key that is not INTEGER keeps its rows in a rowid
         // B-tree and the key in a second one, so each insert wrote two pages; WITHOUT ROWID keeps
         // the row in the key's B-tree, one page. audit_log's `seq BIGINT PRIMARY KEY` is not a
         // rowid alias either; `seq INTEGER PRIMARY KEY` is. A rowid also records the order rows
         // were written in, which the confidential tables no longer keep.
         {
             "CREATE TABLE program_members_rebuilt ("
             " employee_id TEXT PRIMARY KEY,"
             " status TEXT NOT NULL,"
             " path TEXT NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " revision INTEGER NOT NULL,"
             " nominated_by TEXT NOT NULL,"
             " status_since_ms BIGINT NOT NULL,"
             " active_since_ms BIGINT NOT NULL) WITHOUT ROWID",
             "INSERT INTO program_members_rebuilt SELECT * FROM program_members",
             "DROP TABLE program_members",
             "ALTER TABLE program_members_rebuilt RENAME TO program_members",
             "CREATE INDEX program_members_by_status ON program_members (status)",
             "CREATE TABLE program_events_rebuilt ("
             " employee_id TEXT NOT NULL,"
             " event_no INTEGER NOT NULL,"
             " cycle INTEGER NOT NULL,"
             " at_ms BIGINT NOT NULL,"
             " event TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " actor TEXT NOT NULL,"
             " actor_role TEXT NOT NULL,"
             " detail TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, event_no)) WITHOUT ROWID",
             "INSERT INTO program_events_rebuilt SELECT * FROM program_events",
             "DROP TABLE program_events",
             "ALTER TABLE program_events_rebuilt RENAME TO program_events",
             "CREATE TABLE leaves_rebuilt ("
             " employee_id TEXT NOT NULL,"
             " leave_no INTEGER NOT NULL,"
             " start_ms BIGINT NOT NULL,"
             " planned_return TEXT NOT NULL,"
             " end_ms BIGINT NOT NULL,"
             " PRIMARY KEY (employee_id, leave_no)) WITHOUT ROWID",
             "INSERT INTO leaves_rebuilt SELECT * FROM leaves",
             "DROP TABLE leaves",
             "ALTER TABLE leaves_rebuilt RENAME TO leaves",
             "CREATE TABLE reviews_rebuilt ("
             " employee_id TEXT NOT NULL,"
             " review_no INTEGER NOT NULL,"
             " grounds TEXT NOT NULL,"
             " opened_ms BIGINT NOT NULL,"
             " opened_by TEXT NOT NULL,"
             " resume_status TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " conditions TEXT NOT NULL,"
             " decided_on TEXT NOT NULL,"
             " decided_by TEXT NOT NULL,"
             " decided_role TEXT NOT NULL,"
             " PRIMARY KEY (employee_id, review_no)) WITHOUT ROWID",
             "INSERT INTO reviews_rebuilt SELECT * FROM reviews",
             "DROP TABLE reviews",
             "ALTER TABLE reviews_rebuilt RENAME TO reviews",
             "CREATE TABLE idempotency_rebuilt ("
             " idem_key TEXT PRIMARY KEY,"
             " method TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " response TEXT NOT NULL,"
             " at_ms BIGINT NOT NULL) WITHOUT ROWID",
             "INSERT INTO idempotency_rebuilt SELECT * FROM idempotency",
             "DROP TABLE idempotency",
             "ALTER TABLE idempotency_rebuilt RENAME TO idempotency",
             "CREATE TABLE confidential_replies_rebuilt ("
             " key_hash TEXT PRIMARY KEY,"
             " method TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " response TEXT NOT NULL,"
             " quarter TEXT NOT NULL) WITHOUT ROWID",
             "INSERT INTO confidential_replies_rebuilt SELECT * FROM confidential_replies",
             "DROP TABLE confidential_replies",
             "ALTER TABLE confidential_replies_rebuilt RENAME TO confidential_replies",
             "CREATE TABLE audit_pending_rebuilt ("
             " quarter TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " shard INTEGER NOT NULL,"
             " calls BIGINT NOT NULL,"
             " PRIMARY KEY (quarter, method, roles, outcome, shard)) WITHOUT ROWID",
             "INSERT INTO audit_pending_rebuilt SELECT * FROM audit_pending",
             "DROP TABLE audit_pending",
             "ALTER TABLE audit_pending_rebuilt RENAME TO audit_pending",
             "CREATE TABLE audit_log_rebuilt ("
             " seq INTEGER PRIMARY KEY,"
             " at_ms BIGINT NOT NULL,"
             " principal TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " prev_hash TEXT NOT NULL,"
             " hash TEXT NOT NULL,"
             " lane INTEGER,"
             " lane_seq BIGINT,"
             " lane_prev TEXT,"
             " leaf TEXT)",
             "INSERT INTO audit_log_rebuilt SELECT * FROM audit_log",
             "DROP TABLE audit_log",
             "ALTER TABLE audit_log_rebuilt RENAME TO audit_log",
             "CREATE UNIQUE INDEX audit_log_by_lane ON audit_log (lane, lane_seq) WHERE lane IS "
             "NOT NULL",
         }},
        {14,
         "host identities keyed by their primary key (SQLite)",
         {},
         // SQLite only, as 13: a full host pull writes one pair per person (100,000), and with a
         // rowid each pair went into two B-trees, the rows' and the host id's.
         {
             "CREATE TABLE host_identities_rebuilt ("
             " host_id TEXT PRIMARY KEY,"
             " employee_id TEXT NOT NULL) WITHOUT ROWID",
             "INSERT INTO host_identities_rebuilt SELECT host_id, employee_id FROM host_identities",
             "DROP TABLE host_identities",
             "ALTER TABLE host_identities_rebuilt RENAME TO host_identities",
         }},
    };
    return migrations;
}

namespace {

// Runs one migration's statements inside the caller's transaction; a failing statement names the
// migration and the statement's position, so the operator's log says where the upgrade stopped.
void apply_one(soci::session &sql, Backend backend, const Migration &migration, int64_t now_ms) {
    std::vector<const std::string *> statements;
    for (const std::string &statement : migration.statements) {
        statements.push_back(&statement);
    }
    if (backend == Backend::sqlite) {
        for (const std::string &statement : migration.sqlite_statements) {
            statements.push_back(&statement);
        }
    }
    std::size_t position = 0;
    for (const std::string *statement : statements) {
        ++position;
        try {
            sql << *statement;
        } catch (const soci::soci_error &e) {
            throw Error(ErrorCode::internal,
                        "schema migration " + std::to_string(migration.version) + " (" +
                            migration.name + ") failed at statement " + std::to_string(position) +
                            " of " + std::to_string(statements.size()) + ": " + e.what() +
                            "; nothing was changed");
        }
    }
    sql << "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (:v, :n, :t)",
        soci::use(migration.version), soci::use(migration.name), soci::use(now_ms);
}

}  // namespace

int current_schema_version(Database &db) {
    int version = 0;
    db.read([&](soci::session &sql) {
        sql << kMigrationTable;
        version = read_version(sql);
    });
    return version;
}

int apply_migrations(Database &db, int64_t now_ms, const std::vector<Migration> &migrations) {
    db.write([](soci::session &sql) { sql << kMigrationTable; });
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    int reached = 0;
    // One transaction for every pending migration: an upgrade that fails at any statement of any
    // migration leaves the schema the previous release knows, so that release can keep running.
    db.write([&](soci::session &sql) {
        reached = read_version(sql);
        if (reached > newest) {
            throw Error(ErrorCode::unsupported,
                        "the database has schema version " + std::to_string(reached) +
                            ", newer than this plugin's " + std::to_string(newest) +
                            "; install the newer plugin or restore a backup");
        }
        for (const Migration &migration : migrations) {
            if (migration.version <= reached) {
                continue;
            }
            apply_one(sql, db.backend(), migration, now_ms);
            reached = migration.version;
        }
    });
    return reached;
}

}  // namespace psp
