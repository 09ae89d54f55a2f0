// directory_store.cpp: SQL for the employee directory.
#include "plugin/storage/directory_store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <string_view>

#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/sqlite_bulk_rows.hpp"

namespace psp {
namespace {

const char *const kColumns =
    "id, name, title, category, agency, division, unit, shift, supervisor_id, active, hire_date";

EmployeeRecord employee_from_row(const soci::row &row) {
    EmployeeRecord e;
    e.id = row.get<std::string>(0);
    e.name = row.get<std::string>(1);
    e.title = row.get<std::string>(2);
    e.category =
        parse_stored_staff_category(row.get<std::string>(3)).value_or(StaffCategory::unknown);
    e.agency = row.get<std::string>(4);
    e.division = row.get<std::string>(5);
    e.unit = row.get<std::string>(6);
    e.shift = row.get<std::string>(7);
    e.supervisor_id = row.get<std::string>(8);
    e.active = row.get<int>(9) != 0;
    e.hire_date = row.get<std::string>(10);
    return e;
}

// Column vectors for SOCI's bulk binding.
struct EmployeeColumns {
    std::vector<std::string> id, name, title, category, agency, division, unit, shift, supervisor,
        hire_date;
    std::vector<int> active;
    std::vector<long long> updated;

    EmployeeColumns(const std::vector<const EmployeeRecord *> &employees, int64_t now_ms) {
        for (const EmployeeRecord *record : employees) {
            const EmployeeRecord &e = *record;
            id.push_back(e.id);
            name.push_back(e.name);
            title.push_back(e.title);
            category.emplace_back(staff_category_name(e.category));
            agency.push_back(e.agency);
            division.push_back(e.division);
            unit.push_back(e.unit);
            shift.push_back(e.shift);
            supervisor.push_back(e.supervisor_id);
            active.push_back(e.active ? 1 : 0);
            hire_date.push_back(e.hire_date);
            updated.push_back(now_ms);
        }
    }
};

std::string like_pattern(const std::string &text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return pattern + "%";
}

}  // namespace

// Fetched into column vectors a batch at a time: soci::row's type-erased cells cost more than
// SQLite's own reading at 100,000 rows (a third of an incremental sync's time).
std::vector<EmployeeRecord> DirectoryStore::load_all() {
    constexpr std::size_t kBatch = 4096;
    std::vector<std::string> id(kBatch), name(kBatch), title(kBatch), category(kBatch),
        agency(kBatch), division(kBatch), unit(kBatch), shift(kBatch), supervisor(kBatch),
        hire_date(kBatch);
    std::vector<int> active(kBatch);
    soci::statement select =
        (sql_.prepare << "SELECT " << kColumns << " FROM employees ORDER BY id", soci::into(id),
         soci::into(name), soci::into(title), soci::into(category), soci::into(agency),
         soci::into(division), soci::into(unit), soci::into(shift), soci::into(supervisor),
         soci::into(active), soci::into(hire_date));
    std::vector<EmployeeRecord> out;
    if (!select.execute(true)) {
        return out;
    }
    do {
        for (std::size_t i = 0; i < id.size(); ++i) {
            EmployeeRecord &e = out.emplace_back();
            e.id = std::move(id[i]);
            e.name = std::move(name[i]);
            e.title = std::move(title[i]);
            e.category = parse_stored_staff_category(category[i]).value_or(StaffCategory::unknown);
            e.agency = std::move(agency[i]);
            e.division = std::move(division[i]);
            e.unit = std::move(unit[i]);
            e.shift = std::move(shift[i]);
            e.supervisor_id = std::move(supervisor[i]);
            e.active = active[i] != 0;
            e.hire_date = std::move(hire_date[i]);
        }
    } while (select.fetch());
    return out;
}

// The one-employee read behind directory.get and most checks: kept prepared (PreparedQuery),
// not compiled on every call.
std::optional<EmployeeRecord> DirectoryStore::find(const std::string &id) {
    static const std::string kFind =
        std::string("SELECT ") + kColumns + " FROM employees WHERE id = :id";
    EmployeeRecord e;
    std::string category;
    int active = 0;
    PreparedQuery query(sql_, kFind);
    query.use(id)
        .into(e.id)
        .into(e.name)
        .into(e.title)
        .into(category)
        .into(e.agency)
        .into(e.division)
        .into(e.unit)
        .into(e.shift)
        .into(e.supervisor_id)
        .into(active)
        .into(e.hire_date);
    if (!query.execute()) {
        return std::nullopt;
    }
    e.category = parse_stored_staff_category(category).value_or(StaffCategory::unknown);
    e.active = active != 0;
    return e;
}

std::vector<EmployeeRecord> DirectoryStore::search(const EmployeeQuery &q) {
    const std::string pattern = like_pattern(q.text);
    const std::string category = q.category ? std::string(staff_category_name(*q.category)) : "";
    const int active = q.active ? (*q.active ? 1 : 0) : -1;
    const long long limit = static_cast<long long>(q.limit);
    std::vector<EmployeeRecord> out;
    // Every filter is always bound; an empty value switches it off. This keeps one prepared
    // statement shape whatever the caller combines.
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kColumns << " FROM employees WHERE id > :after"
                      << " AND (:t1 = '' OR id = :t2 OR lower(name) LIKE :t3 ESCAPE '\\')"
                      << " AND (:d1 = '' OR division = :d2)"
                      << " AND (:u1 = '' OR unit = :u2)"
                      << " AND (:s1 = '' OR shift = :s2)"
                      << " AND (:c1 = '' OR category = :c2)"
                      << " AND (:a1 < 0 OR active = :a2)"
                      << " ORDER BY id LIMIT :lim",
         soci::use(q.after_id), soci::use(q.text), soci::use(q.text), soci::use(pattern),
         soci::use(q.division), soci::use(q.division), soci::use(q.unit), soci::use(q.unit),
         soci::use(q.shift), soci::use(q.shift), soci::use(category), soci::use(category),
         soci::use(active), soci::use(active), soci::use(limit));
    for (const soci::row &row : rows) {
        out.push_back(employee_from_row(row));
    }
    return out;
}

std::size_t DirectoryStore::count() {
    long long n = 0;
    sql_ << "SELECT COUNT(*) FROM employees", soci::into(n);
    return static_cast<std::size_t>(n);
}

void DirectoryStore::replace_all(const std::vector<EmployeeRecord> &employees, int64_t now_ms) {
    sql_ << "DELETE FROM employees";
    upsert(employees, now_ms);
}

void DirectoryStore::upsert(const std::vector<EmployeeRecord> &employees, int64_t now_ms) {
    std::vector<const EmployeeRecord *> each;
    each.reserve(employees.size());
    for (const EmployeeRecord &e : employees) {
        each.push_back(&e);
    }
    upsert(each, now_ms);
}

void DirectoryStore::upsert(const std::vector<const EmployeeRecord *> &employees, int64_t now_ms) {
    if (employees.empty()) {
        return;
    }
    static const std::string kSqliteUpsert =
        "INSERT INTO employees (id, name, title, category, agency, division, unit, shift,"
        " supervisor_id, active, hire_date, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " ?9, ?10, ?11, ?12)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title,"
        " category = excluded.category, agency = excluded.agency,"
        " division = excluded.division, unit = excluded.unit, shift = excluded.shift,"
        " supervisor_id = excluded.supervisor_id, active = excluded.active,"
        " hire_date = excluded.hire_date, updated_ms = excluded.updated_ms";
    if (SqliteBulkRows::on_sqlite(sql_)) {
        // Bound from the records themselves (sqlite_bulk_rows.hpp): copying them into columns,
        // then SOCI's copy of those, took a third of a 100,000-employee sync's insert.
        SqliteBulkRows rows(sql_, kSqliteUpsert);
        for (const EmployeeRecord *e : employees) {
            rows.text(1, e->id);
            rows.text(2, e->name);
            rows.text(3, e->title);
            rows.text(4, staff_category_name(e->category));
            rows.text(5, e->agency);
            rows.text(6, e->division);
            rows.text(7, e->unit);
            rows.text(8, e->shift);
            rows.text(9, e->supervisor_id);
            rows.integer(10, e->active ? 1 : 0);
            rows.text(11, e->hire_date);
            rows.integer(12, now_ms);
            rows.write_row();
        }
        return;
    }
    EmployeeColumns c(employees, now_ms);
    sql_ << "INSERT INTO employees (id, name, title, category, agency, division, unit, shift,"
            " supervisor_id, active, hire_date, updated_ms) VALUES (:id, :name, :title, :category,"
            " :agency, :division, :unit, :shift, :supervisor, :active, :hire, :updated)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title,"
            " category = excluded.category, agency = excluded.agency,"
            " division = excluded.division, unit = excluded.unit, shift = excluded.shift,"
            " supervisor_id = excluded.supervisor_id, active = excluded.active,"
            " hire_date = excluded.hire_date, updated_ms = excluded.updated_ms",
        soci::use(c.id), soci::use(c.name), soci::use(c.title), soci::use(c.category),
        soci::use(c.agency), soci::use(c.division), soci::use(c.unit), soci::use(c.shift),
        soci::use(c.supervisor), soci::use(c.active), soci::use(c.hire_date), soci::use(c.updated);
}

void DirectoryStore::remove(const std::vector<std::string> &ids) {
    if (ids.empty()) {
        return;
    }
    std::vector<std::string> copy = ids;
    sql_ << "DELETE FROM employees WHERE id = :id", soci::use(copy);
}

DirectoryState DirectoryStore::state() {
    DirectoryState s;
    long long last = 0, revision = 0;
    sql_ << "SELECT last_sync_ms, last_mode, host_cursor, revision FROM directory_state"
            " WHERE id = 1",
        soci::into(last), soci::into(s.last_mode), soci::into(s.host_cursor), soci::into(revision);
    if (!sql_.got_data()) {
        return DirectoryState{};
    }
    s.last_sync_ms = last;
    s.revision = revision;
    return s;
}

int64_t DirectoryStore::save_state(const DirectoryState &s) {
    const long long last = s.last_sync_ms;
    sql_ << "INSERT INTO directory_state (id, last_sync_ms, last_mode, host_cursor, revision)"
            " VALUES (1, :t, :m, :c, 1) ON CONFLICT (id) DO UPDATE SET"
            " last_sync_ms = excluded.last_sync_ms, last_mode = excluded.last_mode,"
            " host_cursor = excluded.host_cursor, revision = directory_state.revision + 1",
        soci::use(last), soci::use(s.last_mode), soci::use(s.host_cursor);
    return revision();
}

int64_t DirectoryStore::revision() {
    long long revision = 0;
    sql_ << "SELECT revision FROM directory_state WHERE id = 1", soci::into(revision);
    return sql_.got_data() ? revision : 0;
}

int64_t DirectoryStore::bump_revision() {
    // Before the first sync there is no state row; one with "never synced" values holds the count.
    sql_ << "INSERT INTO directory_state (id, last_sync_ms, last_mode, host_cursor, revision)"
            " VALUES (1, 0, '', '', 1) ON CONFLICT (id) DO UPDATE SET"
            " revision = directory_state.revision + 1";
    return revision();
}

std::vector<ActingPeriod> DirectoryStore::acting_periods() {
    std::vector<ActingPeriod> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT employee_id, supervisor_id, until_date FROM acting_supervisors"
                         " ORDER BY employee_id, supervisor_id");
    for (const soci::row &row : rows) {
        out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    }
    return out;
}

void DirectoryStore::save_acting_periods(const std::vector<ActingPeriod> &periods, bool replace) {
    if (replace) {
        sql_ << "DELETE FROM acting_supervisors";
    }
    if (periods.empty()) {
        return;
    }
    std::vector<std::string> employees, supervisors, until;
    for (const ActingPeriod &p : periods) {
        employees.push_back(p.employee_id);
        supervisors.push_back(p.supervisor_id);
        until.push_back(p.until_date);
    }
    sql_ << "INSERT INTO acting_supervisors (employee_id, supervisor_id, until_date)"
            " VALUES (:e, :s, :u) ON CONFLICT (employee_id, supervisor_id)"
            " DO UPDATE SET until_date = excluded.until_date",
        soci::use(employees), soci::use(supervisors), soci::use(until);
}

std::unordered_map<std::string, std::string> DirectoryStore::host_identities() {
    std::unordered_map<std::string, std::string> out;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT host_id, employee_id FROM host_identities");
    for (const soci::row &row : rows) {
        out.emplace(row.get<std::string>(0), row.get<std::string>(1));
    }
    return out;
}

void DirectoryStore::save_host_identities(
    const std::vector<std::pair<std::string, std::string>> &identities, bool replace) {
    if (replace) {
        sql_ << "DELETE FROM host_identities";
    }
    if (identities.empty()) {
        return;
    }
    // In host id order: SCIM ids are mostly random UUIDs, and inserting them as the host listed
    // them put every row at a random place in the primary key's B-tree (8% of a 100,000-person
    // pull). The sort is stable, so a host id listed twice still ends with its later pair. It
    // sorts views of the ids, not pointers to the pairs: one memory hop less per comparison.
    struct Pair {
        std::string_view host_id;
        const std::string *employee_id;
    };
    std::vector<Pair> in_order;
    in_order.reserve(identities.size());
    for (const auto &[host_id, employee_id] : identities) {
        in_order.push_back({host_id, &employee_id});
    }
    std::stable_sort(in_order.begin(), in_order.end(),
                     [](const Pair &a, const Pair &b) { return a.host_id < b.host_id; });
    if (SqliteBulkRows::on_sqlite(sql_)) {
        SqliteBulkRows rows(
            sql_,
            "INSERT INTO host_identities (host_id, employee_id) VALUES (?1, ?2)"
            " ON CONFLICT (host_id) DO UPDATE SET employee_id = excluded.employee_id");
        for (const Pair &pair : in_order) {
            rows.text(1, pair.host_id);
            rows.text(2, *pair.employee_id);
            rows.write_row();
        }
        return;
    }
    std::vector<std::string> host_ids, employee_ids;
    host_ids.reserve(in_order.size());
    employee_ids.reserve(in_order.size());
    for (const Pair &pair : in_order) {
        host_ids.emplace_back(pair.host_id);
        employee_ids.push_back(*pair.employee_id);
    }
    sql_ << "INSERT INTO host_identities (host_id, employee_id) VALUES (:h, :e)"
            " ON CONFLICT (host_id) DO UPDATE SET employee_id = excluded.employee_id",
        soci::use(host_ids), soci::use(employee_ids);
}

std::vector<EmployeeRecord> DirectoryStore::find_many(const std::vector<std::string> &ids) {
    // In chunks: one statement per id would cost a round trip each (4,000 PSPs on a roster).
    constexpr std::size_t kChunk = 500;
    std::vector<EmployeeRecord> out;
    for (std::size_t from = 0; from < ids.size(); from += kChunk) {
        const std::size_t to = std::min(ids.size(), from + kChunk);
        std::string placeholders;
        for (std::size_t i = from; i < to; ++i) {
            placeholders += (i == from ? ":p" : ", :p") + std::to_string(i - from);
        }
        soci::details::prepare_temp_type query =
            (sql_.prepare << "SELECT " << kColumns << " FROM employees WHERE id IN ("
                          << placeholders << ")");
        for (std::size_t i = from; i < to; ++i) {
            query, soci::use(ids[i]);
        }
        const soci::rowset<soci::row> rows(query);
        for (const soci::row &row : rows) {
            out.push_back(employee_from_row(row));
        }
    }
    std::sort(out.begin(), out.end(),
              [](const EmployeeRecord &a, const EmployeeRecord &b) { return a.id < b.id; });
    return out;
}

}  // namespace psp
