// hr_database.cpp: the simulated HR database's tables, its SCIM directory pages and HR changes.
//
// The change log is the cursor's source: every HR change takes the next log seq and stamps it on
// the employee row, so "changed after seq N" is one indexed comparison. Rows loaded by create()
// carry seq 0, so a full pull's cursor ("seq:0" on a fresh database) picks up exactly the later
// changes.
#include "host_sim/hr_database.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <string_view>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "host_sim/scim_page_writer.hpp"

namespace psp::host_sim {
namespace {

constexpr std::string_view kCursorPrefix = "seq:";
constexpr std::size_t kInsertBatch = 1000;  // bounds the column copies held at once

// The seed is kept as decimal text: SQLite integers are signed and would show large seeds as
// negative numbers.
constexpr std::array kCreateTables = {
    "CREATE TABLE agency(agency_id TEXT NOT NULL, seed TEXT NOT NULL, marker TEXT NOT NULL)",
    "CREATE TABLE employees("
    " scim_id TEXT PRIMARY KEY, employee_number TEXT NOT NULL UNIQUE,"
    " given_name TEXT NOT NULL, family_name TEXT NOT NULL, title TEXT NOT NULL,"
    " staff_category TEXT NOT NULL, division TEXT NOT NULL, unit TEXT NOT NULL,"
    " shift TEXT NOT NULL, manager_scim_id TEXT, email TEXT NOT NULL, phone TEXT NOT NULL,"
    " home_address TEXT NOT NULL, active INTEGER NOT NULL, hire_date TEXT NOT NULL,"
    " changed_seq INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX employees_changed_seq ON employees(changed_seq)",
    "CREATE TABLE disciplinary_actions(employee_number TEXT NOT NULL, case_number TEXT NOT NULL,"
    " allegation TEXT NOT NULL, finding TEXT NOT NULL)",
    "CREATE TABLE change_log(seq INTEGER PRIMARY KEY, employee_number TEXT NOT NULL)",
};

constexpr const char *kInsertEmployee =
    "INSERT INTO employees(scim_id, employee_number, given_name, family_name, title,"
    " staff_category, division, unit, shift, manager_scim_id, email, phone, home_address, active,"
    " hire_date) VALUES(:scim_id, :employee_number, :given_name, :family_name, :title,"
    " :staff_category, :division, :unit, :shift, :manager_scim_id, :email, :phone, :home_address,"
    " :active, :hire_date)";

// A page starts at the employee number `from` (inclusive; "" for the first) after skipping `skip`
// rows, and reads one row more than it lists: that row's number is where the next page starts.
// A pull asks for its pages in order, so after the first each page is an index seek
// (HrDatabase::PageResume) instead of an OFFSET that walks every earlier row again: 100 pages
// of 1,000 walked 5 million rows.
constexpr const char *kSelectPage =
    "SELECT e.scim_id, e.employee_number, e.given_name, e.family_name, e.title,"
    " e.staff_category, e.division, e.unit, e.shift, COALESCE(e.manager_scim_id, ''),"
    " COALESCE(m.given_name || ' ' || m.family_name, ''), e.email, e.phone, e.home_address,"
    " e.active, e.hire_date"
    " FROM employees e LEFT JOIN employees m ON m.scim_id = e.manager_scim_id"
    " WHERE e.changed_seq > :after AND e.employee_number >= :from"
    " ORDER BY e.employee_number LIMIT :limit OFFSET :skip";

// SOCI's connection string for SQLite, with the path quoted so spaces survive.
std::string connection_string(const std::string &path) {
    std::string quoted;
    for (char c : path) {
        if (c == '"') {
            quoted += '\\';
        }
        quoted += c;
    }
    return "db=\"" + quoted + "\" timeout=10";
}

// The linked factory, never the loader by name: that one searches the working directory first.
std::unique_ptr<soci::session> connect(const std::string &path) {
    auto sql = std::make_unique<soci::session>(soci::sqlite3, connection_string(path));
    std::string mode;
    *sql << "PRAGMA journal_mode=WAL", soci::into(mode);
    return sql;
}

void remove_database_files(const std::string &path) {
    for (const char *suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
}

// BEGIN IMMEDIATE for writers takes the write lock up front (waiting out the busy timeout)
// instead of failing on a lock upgrade later; readers use a plain BEGIN for one snapshot.
class Transaction {
  public:
    Transaction(soci::session &sql, const char *begin) : sql_(sql) { sql_ << begin; }
    ~Transaction() {
        if (!open_) {
            return;
        }
        try {
            sql_ << "ROLLBACK";
        } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is already broken
        }
    }
    void commit() {
        sql_ << "COMMIT";
        open_ = false;
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

  private:
    soci::session &sql_;
    bool open_ = true;
};

// One column vector per employees column, refilled batch by batch for a bulk insert.
struct EmployeeColumns {
    std::vector<std::string> scim_id, employee_number, given_name, family_name, title,
        staff_category, division, unit, shift, manager_scim_id, email, phone, home_address,
        hire_date;
    std::vector<soci::indicator> manager_indicator;
    std::vector<int> active;

    void assign(const HostEmployee *first, const HostEmployee *last) {
        const auto size = static_cast<std::size_t>(last - first);
        for (auto *column : {&scim_id, &employee_number, &given_name, &family_name, &title,
                             &staff_category, &division, &unit, &shift, &manager_scim_id, &email,
                             &phone, &home_address, &hire_date}) {
            column->clear();
            column->reserve(size);
        }
        manager_indicator.clear();
        active.clear();
        for (const HostEmployee *e = first; e != last; ++e) {
            append(*e);
        }
    }

    void append(const HostEmployee &e) {
        scim_id.push_back(e.scim_id);
        employee_number.push_back(e.employee_number);
        given_name.push_back(e.given_name);
        family_name.push_back(e.family_name);
        title.push_back(e.title);
        staff_category.push_back(e.staff_category);
        division.push_back(e.division);
        unit.push_back(e.unit);
        shift.push_back(e.shift);
        manager_scim_id.push_back(e.manager_scim_id);
        // The root's manager is NULL, not an empty id.
        manager_indicator.push_back(e.manager_scim_id.empty() ? soci::i_null : soci::i_ok);
        email.push_back(e.email);
        phone.push_back(e.phone);
        home_address.push_back(e.home_address);
        active.push_back(e.active ? 1 : 0);
        hire_date.push_back(e.hire_date);
    }
};

void insert_agency(soci::session &sql, const GeneratedAgency &agency) {
    const std::string seed = std::to_string(agency.seed);
    sql << "INSERT INTO agency(agency_id, seed, marker) VALUES(:agency_id, :seed, :marker)",
        soci::use(agency.agency_id), soci::use(seed), soci::use(agency.marker);
}

void insert_employees(soci::session &sql, const std::vector<HostEmployee> &employees) {
    if (employees.empty()) {
        return;
    }
    EmployeeColumns c;
    c.assign(employees.data(), employees.data() + 1);
    soci::statement insert =
        (sql.prepare << kInsertEmployee, soci::use(c.scim_id), soci::use(c.employee_number),
         soci::use(c.given_name), soci::use(c.family_name), soci::use(c.title),
         soci::use(c.staff_category), soci::use(c.division), soci::use(c.unit), soci::use(c.shift),
         soci::use(c.manager_scim_id, c.manager_indicator), soci::use(c.email), soci::use(c.phone),
         soci::use(c.home_address), soci::use(c.active), soci::use(c.hire_date));
    for (std::size_t first = 0; first < employees.size(); first += kInsertBatch) {
        const std::size_t last = std::min(first + kInsertBatch, employees.size());
        c.assign(employees.data() + first, employees.data() + last);
        insert.execute(true);
    }
}

void insert_disciplinary(soci::session &sql, const std::vector<DisciplinaryRecord> &records) {
    if (records.empty()) {
        return;
    }
    std::vector<std::string> employee_number, case_number, allegation, finding;
    for (const DisciplinaryRecord &r : records) {
        employee_number.push_back(r.employee_number);
        case_number.push_back(r.case_number);
        allegation.push_back(r.allegation);
        finding.push_back(r.finding);
    }
    sql << "INSERT INTO disciplinary_actions(employee_number, case_number, allegation, finding)"
           " VALUES(:employee_number, :case_number, :allegation, :finding)",
        soci::use(employee_number), soci::use(case_number), soci::use(allegation),
        soci::use(finding);
}

long long latest_change(soci::session &sql) {
    long long seq = 0;
    sql << "SELECT COALESCE(MAX(seq), 0) FROM change_log", soci::into(seq);
    return seq;
}

// "seq:N" for an N this database has reached; anything else was not issued here.
long long parse_cursor(const std::string &cursor, long long latest) {
    const std::string_view digits = std::string_view(cursor).substr(
        cursor.starts_with(kCursorPrefix) ? kCursorPrefix.size() : cursor.size());
    long long seq = -1;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
    const bool all_digits = !digits.empty() && digits.front() != '-' &&
                            end == digits.data() + digits.size() && error == std::errc();
    if (!all_digits || seq > latest) {
        throw std::invalid_argument("not a directory cursor issued by this HR database: \"" +
                                    cursor + "\"");
    }
    return seq;
}

// Reads up to `limit` users into `page` from employee number `from` on, after skipping `skip`;
// returns the number of the row after them ("" when there is none).
std::string select_users(soci::session &sql, long long after, const std::string &from,
                         long long skip, long long limit, ScimPageWriter &page) {
    if (limit <= 0) {
        return {};
    }
    const long long with_next = limit + 1;
    ScimUserRow r;
    soci::statement select =
        (sql.prepare << kSelectPage, soci::into(r.scim_id), soci::into(r.employee_number),
         soci::into(r.given_name), soci::into(r.family_name), soci::into(r.title),
         soci::into(r.staff_category), soci::into(r.division), soci::into(r.unit),
         soci::into(r.shift), soci::into(r.manager_scim_id), soci::into(r.manager_name),
         soci::into(r.email), soci::into(r.phone), soci::into(r.home_address), soci::into(r.active),
         soci::into(r.hire_date), soci::use(after), soci::use(from), soci::use(with_next),
         soci::use(skip));
    select.execute();
    while (select.fetch()) {
        if (static_cast<long long>(page.users()) == limit) {
            return r.employee_number;
        }
        page.add_user(r);
    }
    return {};
}

// Runs an UPDATE of one employee; throws when no such employee exists.
void update_one(soci::statement &update, const std::string &employee_number) {
    update.execute(true);
    if (update.get_affected_rows() == 0) {
        throw std::invalid_argument("no employee with number \"" + employee_number + "\"");
    }
}

// Gives the change the next log seq and stamps it on the employee's row.
void record_change(soci::session &sql, const std::string &employee_number) {
    sql << "INSERT INTO change_log(employee_number) VALUES(:employee_number)",
        soci::use(employee_number);
    sql << "UPDATE employees SET changed_seq = last_insert_rowid()"
           " WHERE employee_number = :employee_number",
        soci::use(employee_number);
}

}  // namespace

void HrDatabase::create(const std::string &path, const GeneratedAgency &agency) {
    remove_database_files(path);
    const std::unique_ptr<soci::session> sql = connect(path);
    // Room for the whole load in memory: a smaller cache spills pages to the WAL mid-transaction
    // and reads them back.
    *sql << "PRAGMA cache_size=-262144";
    Transaction transaction(*sql, "BEGIN IMMEDIATE");
    for (const char *statement : kCreateTables) {
        *sql << statement;
    }
    insert_agency(*sql, agency);
    insert_employees(*sql, agency.employees);
    insert_disciplinary(*sql, agency.disciplinary);
    transaction.commit();
}

HrDatabase::HrDatabase(const std::string &path) {
    // SQLite would create a missing file; an HR database must already exist.
    if (!std::filesystem::is_regular_file(path)) {
        throw std::runtime_error("no HR database at " + path);
    }
    try {
        sql_ = connect(path);
        agency_id();
    } catch (const std::exception &e) {
        throw std::runtime_error("not an HR database: " + path + ": " + e.what());
    }
}

HrDatabase::~HrDatabase() = default;

std::string HrDatabase::agency_id() {
    std::string id;
    *sql_ << "SELECT agency_id FROM agency", soci::into(id);
    if (!sql_->got_data()) {
        throw std::runtime_error("the HR database has no agency row");
    }
    return id;
}

std::size_t HrDatabase::employee_count() {
    long long count = 0;
    *sql_ << "SELECT COUNT(*) FROM employees", soci::into(count);
    return static_cast<std::size_t>(count);
}

// Where the last page of a listing stopped, so that the next page of the same listing, over the
// same data, starts there.
struct HrDatabase::PageResume {
    long long after = -1;        // the listing: employees changed after this seq
    long long latest = 0;        // the data: its latest change
    long long data_version = 0;  // and SQLite's count of other connections' commits
    std::size_t next_index = 0;  // the startIndex that continues the listing
    std::string next_number;     // the employee number found there
    long long total = 0;
};

std::string HrDatabase::directory_page(std::size_t start_index, std::size_t count,
                                       const std::string &since_cursor) {
    // One snapshot, so the total, the rows and the cursor agree.
    Transaction snapshot(*sql_, "BEGIN");
    const long long latest = latest_change(*sql_);
    long long data_version = 0;
    *sql_ << "PRAGMA data_version", soci::into(data_version);
    const long long after = since_cursor.empty() ? -1 : parse_cursor(since_cursor, latest);
    // SCIM: a startIndex below 1 means 1.
    const std::size_t start = std::max<std::size_t>(start_index, 1);
    const bool resumes = resume_ && resume_->after == after && resume_->latest == latest &&
                         resume_->data_version == data_version && resume_->next_index == start;
    long long total = 0;
    if (resumes) {
        total = resume_->total;
    } else {
        *sql_ << "SELECT COUNT(*) FROM employees WHERE changed_seq > :after", soci::use(after),
            soci::into(total);
    }
    const auto offset = static_cast<long long>(start - 1);
    const long long limit =
        std::min(static_cast<long long>(std::min<std::size_t>(count, total)), total - offset);
    ScimPageWriter page(agency_id());
    const std::string next = resumes
                                 ? select_users(*sql_, after, resume_->next_number, 0, limit, page)
                                 : select_users(*sql_, after, std::string(), offset, limit, page);
    snapshot.commit();
    resume_.reset();
    if (!next.empty()) {
        resume_ = std::make_unique<PageResume>(
            PageResume{after, latest, data_version, start + page.users(), next, total});
    }
    return page.finish_page(total, offset + 1, std::string(kCursorPrefix) + std::to_string(latest));
}

void HrDatabase::transfer(const std::string &employee_number, const std::string &division,
                          const std::string &unit, const std::string &shift) {
    Transaction transaction(*sql_, "BEGIN IMMEDIATE");
    soci::statement update =
        (sql_->prepare << "UPDATE employees SET division = :division, unit = :unit, shift = :shift"
                          " WHERE employee_number = :employee_number",
         soci::use(division), soci::use(unit), soci::use(shift), soci::use(employee_number));
    update_one(update, employee_number);
    record_change(*sql_, employee_number);
    transaction.commit();
}

// Checks only that both people exist: a host's HR data can hold a broken chart (even a cycle),
// and the simulator lets integrators feed the plugin one.
void HrDatabase::set_manager(const std::string &employee_number,
                             const std::string &manager_number) {
    Transaction transaction(*sql_, "BEGIN IMMEDIATE");
    std::string manager_scim_id;
    *sql_ << "SELECT scim_id FROM employees WHERE employee_number = :manager_number",
        soci::use(manager_number), soci::into(manager_scim_id);
    if (!sql_->got_data()) {
        throw std::invalid_argument("no employee with number \"" + manager_number + "\"");
    }
    soci::statement update =
        (sql_->prepare << "UPDATE employees SET manager_scim_id = :manager_scim_id"
                          " WHERE employee_number = :employee_number",
         soci::use(manager_scim_id), soci::use(employee_number));
    update_one(update, employee_number);
    record_change(*sql_, employee_number);
    transaction.commit();
}

void HrDatabase::deactivate(const std::string &employee_number) {
    Transaction transaction(*sql_, "BEGIN IMMEDIATE");
    soci::statement update = (sql_->prepare << "UPDATE employees SET active = 0"
                                               " WHERE employee_number = :employee_number",
                              soci::use(employee_number));
    update_one(update, employee_number);
    record_change(*sql_, employee_number);
    transaction.commit();
}

std::vector<std::string> HrDatabase::disciplinary_markers() {
    soci::rowset<std::string> rows =
        (sql_->prepare << "SELECT case_number FROM disciplinary_actions"
                          " UNION SELECT allegation FROM disciplinary_actions"
                          " UNION SELECT finding FROM disciplinary_actions");
    return {rows.begin(), rows.end()};
}

std::vector<std::string> HrDatabase::employee_numbers() {
    soci::rowset<std::string> rows =
        (sql_->prepare << "SELECT employee_number FROM employees ORDER BY employee_number");
    return {rows.begin(), rows.end()};
}

}  // namespace psp::host_sim
