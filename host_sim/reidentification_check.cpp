// reidentification_check.cpp: the brute force and the joins, on every value the plugin's SQLite
// database holds and every line and fetch the host recorded.
#include "host_sim/reidentification_check.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "plugin/core/sha256.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::array<const char *, 6> kConfidential = {
    "activation.decline", "conflict.declare", "conflict.withdraw_declaration",
    "contact.log",        "leave.end",        "leave.start"};

// A millisecond time of this century: what a "when" column holds.
constexpr long long kEarliestMs = 946'684'800'000;  // 2000-01-01

// Every table's every value, as text, by table and column.
struct StoredValue {
    std::string table;
    std::string column;
    std::string text;
};

std::vector<StoredValue> every_value(soci::session &sql) {
    std::vector<std::string> tables;
    soci::rowset<std::string> names =
        (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE 'sqlite_%'");
    tables.assign(names.begin(), names.end());
    std::vector<StoredValue> out;
    for (const std::string &table : tables) {
        std::vector<std::string> columns;
        soci::rowset<soci::row> info = (sql.prepare << "PRAGMA table_info(\"" + table + "\")");
        for (const soci::row &r : info) {
            columns.push_back(r.get<std::string>(1));
        }
        for (const std::string &column : columns) {
            soci::rowset<soci::row> cells =
                (sql.prepare << "SELECT CAST(\"" + column + "\" AS TEXT) FROM \"" + table + "\"");
            for (const soci::row &cell : cells) {
                if (cell.get_indicator(0) != soci::i_null) {
                    out.push_back({table, column, cell.get<std::string>(0)});
                }
            }
        }
    }
    return out;
}

class Attack {
  public:
    Attack(const std::vector<std::string> &ids, const std::vector<ConfidentialCall> &calls)
        : ids_(ids.begin(), ids.end()), calls_(calls) {
        for (const ConfidentialCall &c : calls_) {
            ids_.insert(c.principal);  // whoever called is among the guesses
        }
    }

    void on_database(const std::vector<StoredValue> &values) {
        std::set<std::string> stored;
        for (const StoredValue &v : values) {
            stored.insert(v.text);
            join_row(v);
        }
        report_.values_scanned += stored.size();
        brute_force(stored);
    }

    void on_log(const std::vector<HostLogLine> &lines) {
        for (const HostLogLine &line : lines) {
            const auto method = std::find_if(
                kConfidential.begin(), kConfidential.end(),
                [&](const char *m) { return line.message.find(m) != std::string::npos; });
            if (method == kConfidential.end()) {
                continue;
            }
            for (const std::string &id : ids_) {
                if (line.message.find(id) != std::string::npos) {
                    violation("a host log line names " + std::string(*method) + " with " + id);
                    break;
                }
            }
        }
    }

    void on_fetches() {
        for (const ConfidentialCall &c : calls_) {
            if (c.fetches_during != 0) {
                violation(c.method + " made the host fetch " + std::to_string(c.fetches_during) +
                          " time(s): the fetch log times the call");
            }
        }
    }

    ReidentificationReport take() { return std::move(report_); }
    ReidentificationReport &report() { return report_; }

  private:
    // Values a row may hold that would link a confidential record to a person or a time.
    void join_row(const StoredValue &v) {
        if (v.table == "contacts") {
            if (ids_.contains(v.text)) {
                violation("contacts." + v.column + " holds the employee id " + v.text);
            }
            if (is_millisecond_time(v.text)) {
                violation("contacts." + v.column + " holds a time finer than the quarter");
            }
        }
        if (v.table == "idempotency" && v.column == "method" && is_confidential_method(v.text)) {
            violation("idempotency keeps a " + v.text + " request with its fingerprint");
        }
    }

    static bool is_millisecond_time(const std::string &text) {
        if (text.empty() || text.size() > 15 ||
            !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        return std::stoll(text) >= kEarliestMs;
    }

    // Every way an unsalted hash could have been made of who called.
    void brute_force(const std::set<std::string> &stored) {
        for (const std::string &id : ids_) {
            try_guess(stored, sha256_hex(id), "the SHA-256 of " + id);
            for (const ConfidentialCall &c : calls_) {
                try_guess(stored, sha256_hex(c.method + '\n' + id),
                          "the SHA-256 of " + c.method + " by " + id);
                try_guess(stored, sha256_hex(c.method + '\n' + id + '\n' + c.params.dump()),
                          "the fingerprint of " + c.method + " by " + id);
            }
        }
    }

    void try_guess(const std::set<std::string> &stored, const std::string &hash,
                   const std::string &what) {
        ++report_.guesses;
        if (stored.contains(hash)) {
            violation("a stored value is " + what);
        }
    }

    void violation(std::string sentence) {
        if (report_.violations.size() < 20) {
            report_.violations.push_back(std::move(sentence));
        }
    }

    std::set<std::string> ids_;
    const std::vector<ConfidentialCall> &calls_;
    ReidentificationReport report_;
};

// The audit chain: a confidential call's entry (a refusal by role aside) names nobody.
void check_audit(soci::session &sql, ReidentificationReport &report) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT principal, method, outcome FROM audit_log");
    for (const soci::row &r : rows) {
        const auto principal = r.get<std::string>(0), method = r.get<std::string>(1);
        if (is_confidential_method(method) && r.get<std::string>(2) != "forbidden" &&
            !principal.starts_with("withheld:")) {
            report.violations.push_back("audit_log names " + principal + " for " + method);
        }
    }
}

}  // namespace

bool is_confidential_method(const std::string &method) {
    return std::find(kConfidential.begin(), kConfidential.end(), method) != kConfidential.end();
}

ReidentificationReport check_reidentification(const AgencySession &session,
                                              const std::vector<std::string> &directory_ids,
                                              const std::vector<ConfidentialCall> &calls) {
    Attack attack(directory_ids, calls);
    bool scanned = false;
    const fs::path data = session.work_dir().plugin_data_dir();
    if (fs::is_directory(data)) {
        for (const fs::directory_entry &f : fs::directory_iterator(data)) {
            if (f.path().extension() == ".sqlite3") {
                soci::session sql(soci::sqlite3, "db=" + f.path().string());
                attack.on_database(every_value(sql));
                check_audit(sql, attack.report());
                scanned = true;
            }
        }
    }
    if (!scanned) {
        attack.report().skipped.push_back("the database (not on SQLite in this run)");
    }
    attack.on_log(session.host().log_lines());
    attack.on_fetches();
    return attack.take();
}

}  // namespace psp::host_sim
