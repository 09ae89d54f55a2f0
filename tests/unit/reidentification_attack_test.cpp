// reidentification_attack_test.cpp: issue 20, item 1, as the attacks that worked on 0.2.0.
//
// The attacker holds a copy of the database (every table, the audit log included) and the
// directory, and knows the plugin's code: the fingerprint scheme, the audit format, the order rows
// are written in. Against calls that must not be linked to a person (a contact logged, a PSP
// declined, a leave, a conflict declared and withdrawn) they try:
//   1. brute force: sha256(method \n principal \n params) over every directory id and the params
//      actually sent (more than a real attacker would know) against every stored value;
//   2. the audit join: the audit entry of each confidential call, its principal and its time;
//   3. timing: the exact millisecond (or second) of each contact anywhere in the database;
//   4. order: contact numbers (and SQLite row ids) in the order the contacts were logged;
//   5. order: the stored answers of confidential calls in the order SQLite keeps them.
// After the quarter ends, the audit keeps counts, the chain stays intact and the stored answers
// are gone.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "plugin/core/sha256.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kAttackDay = 24 * 3'600'000LL;

// Every value of every table, as text, one set per database.
std::set<std::string> every_stored_value(psp_test::TestInstance &t) {
    std::set<std::string> values;
    psp::Database db(t.storage_config());
    for (const std::string &table : psp_test::table_names(db)) {
        db.read([&](soci::session &sql) {
            soci::rowset<soci::row> rows = sql.prepare << "SELECT * FROM " << table;
            for (const soci::row &row : rows) {
                for (std::size_t i = 0; i < row.size(); ++i) {
                    if (row.get_indicator(i) == soci::i_null) {
                        continue;
                    }
                    switch (row.get_properties(i).get_data_type()) {
                        case soci::dt_string:
                            values.insert(row.get<std::string>(i));
                            break;
                        case soci::dt_integer:
                            values.insert(std::to_string(row.get<int>(i)));
                            break;
                        case soci::dt_long_long:
                            values.insert(std::to_string(row.get<long long>(i)));
                            break;
                        case soci::dt_unsigned_long_long:
                            values.insert(std::to_string(row.get<unsigned long long>(i)));
                            break;
                        default:
                            break;
                    }
                }
            }
        });
    }
    return values;
}

struct ConfidentialCall {
    std::string method, principal;
    Json params;
    int64_t at_ms;
};

class Reidentification : public ::testing::Test {
  protected:
    Reidentification() {
        p_.make_active("O1");
        p_.make_active("O4");
    }

    // A confidential call with a random idempotency key, as a host makes them, at a millisecond
    // of its own (so the attacker's timing attack has a value to look for).
    Json confidential(const std::string &who, const std::vector<std::string> &roles,
                      const std::string &method, const Json &params) {
        p_.t.host.now_ms += 7'777 + static_cast<int64_t>(random_() % 1000);
        calls_.push_back({method, who, params, p_.t.host.now_ms});
        const std::string key = "k-" + std::to_string(random_()) + std::to_string(random_());
        return p_.t.call(method, roles, params, key, who);
    }

    void log_contact(const std::string &psp, int minutes, const Json &referrals = Json::array()) {
        confidential(
            psp, one_role().peer_supporter, "contact.log",
            {{"category", "career_issues"}, {"minutes", minutes}, {"referrals", referrals}});
    }

    // The scenario: contacts by two PSPs, a declared and withdrawn conflict, a leave, a decline.
    void run_scenario() {
        for (int minutes = 1; minutes <= 12; ++minutes) {
            log_contact("O1", minutes);
        }
        log_contact("O4", 45, {"clinician"});
        confidential("O1", one_role().peer_supporter, "conflict.declare",
                     {{"employee_id", "O3"}, {"category", "friend"}});
        confidential("O1", one_role().peer_supporter, "conflict.withdraw_declaration",
                     {{"employee_id", "O3"}});
        confidential("O4", one_role().peer_supporter, "leave.start", Json::object());
        confidential("O4", one_role().peer_supporter, "leave.end", Json::object());
        p_.t.host.now_ms += 1000;
        const int64_t incident = p_.as("COORD", one_role().coordinator, "incident.open",
                                       {{"date", "2023-11-10"},
                                        {"category", "post_critical_incident"},
                                        {"involved", {"O2"}}})
                                     .at("incident")
                                     .at("incident_id");
        p_.as("COORD", one_role().coordinator, "activation.assign",
              {{"incident_id", incident}, {"employee_id", "O2"}, {"psp_id", "O4"}});
        confidential("O2", one_role().employee, "activation.decline", {{"incident_id", incident}});
        p_.t.host.now_ms += 1000;
    }

    std::vector<std::string> directory_ids() {
        std::vector<std::string> ids;
        psp::Database db(p_.t.storage_config());
        db.read([&](soci::session &sql) {
            soci::rowset<std::string> rows = sql.prepare << "SELECT id FROM employees";
            ids.assign(rows.begin(), rows.end());
        });
        return ids;
    }

    ProgramAgency p_;
    std::vector<ConfidentialCall> calls_;
    std::mt19937_64 random_{20260412};
};

// Attack 1: on 0.2.0 the idempotency table held sha256(method \n principal \n params) for each
// call; hashing every directory id with the params recovered who logged, declined, took leave.
TEST_F(Reidentification, NoStoredValueReversesByBruteForceOverTheDirectory) {
    run_scenario();
    const std::set<std::string> stored = every_stored_value(p_.t);
    const std::vector<std::string> ids = directory_ids();
    ASSERT_GT(ids.size(), 10u);
    std::size_t tried = 0;
    for (const ConfidentialCall &call : calls_) {
        for (const std::string &id : ids) {
            const std::string guess =
                psp::sha256_hex(call.method + '\n' + id + '\n' + psp::to_json_text(call.params));
            ++tried;
            EXPECT_EQ(stored.count(guess), 0u)
                << call.method << " by " << call.principal << " reversed to " << id;
        }
    }
    EXPECT_GT(tried, 200u);
}

// Attack 2: on 0.2.0 the audit log kept the principal of every contact.log, leave, declaration.
TEST_F(Reidentification, NoAuditEntryNamesWhoMadeAConfidentialCall) {
    run_scenario();
    const std::vector<std::string> ids = directory_ids();
    const std::set<std::string> people(ids.begin(), ids.end());
    int confidential_entries = 0;
    for (const Json &row : p_.t.audit_rows()) {
        const std::string method = row.at("method");
        if (std::none_of(calls_.begin(), calls_.end(),
                         [&](const ConfidentialCall &c) { return c.method == method; })) {
            continue;
        }
        ++confidential_entries;
        EXPECT_EQ(people.count(row.at("principal").get<std::string>()), 0u) << row.dump();
    }
    // Nothing yet: the quarter has not ended, the calls are only counted.
    EXPECT_EQ(confidential_entries, 0);
}

// Attack 3: on 0.2.0 the audit and idempotency rows kept the millisecond of each contact.
TEST_F(Reidentification, NoStoredValueTimesAContactFinerThanItsQuarter) {
    run_scenario();
    const std::set<std::string> stored = every_stored_value(p_.t);
    for (const ConfidentialCall &call : calls_) {
        if (call.method != "contact.log") {
            continue;  // a leave, a declaration and a decline (until the activation's purge) are
                       // records the coordinator works with, dated on purpose
        }
        EXPECT_EQ(stored.count(std::to_string(call.at_ms)), 0u) << call.method << " timed";
        EXPECT_EQ(stored.count(std::to_string(call.at_ms / 1000)), 0u) << call.method << " timed";
    }
}

// Attack 4: contact numbers in logging order paired the k-th contact with the k-th anything.
TEST_F(Reidentification, ContactNumbersCarryNoOrder) {
    run_scenario();
    const auto minutes_in = [&](const std::string &order) {
        std::vector<int> minutes;
        psp::Database db(p_.t.storage_config());
        db.read([&](soci::session &sql) {
            soci::rowset<int> rows = sql.prepare
                                     << "SELECT minutes FROM contacts WHERE minutes <= 12 ORDER BY "
                                     << order;
            minutes.assign(rows.begin(), rows.end());
        });
        return minutes;
    };
    std::vector<int> logged(12);
    std::iota(logged.begin(), logged.end(), 1);
    const std::vector<int> by_number = minutes_in("contact_no");
    ASSERT_EQ(by_number.size(), 12u);
    EXPECT_NE(by_number, logged) << "contact numbers follow the order contacts were logged";
    if (!psp_test::testing_postgresql()) {
        EXPECT_NE(minutes_in("rowid"), logged) << "SQLite row ids follow the logging order";
    }
}

// Attack 5: the stored answers of confidential calls (a retry's reply until the quarter ends) in
// the order SQLite keeps them. In a rowid table that is the order the calls were made, so a
// contact's answer sat between the answers of a leave and its end, whose times the program's
// history keeps. Keyed by the key's hash (WITHOUT ROWID), the order is the hashes'.
TEST_F(Reidentification, StoredAnswersCarryNoOrder) {
    if (psp_test::testing_postgresql()) {
        GTEST_SKIP() << "a PostgreSQL heap keeps insertion order (see docs/confidentiality.md)";
    }
    run_scenario();
    std::vector<std::string> called;
    for (const ConfidentialCall &call : calls_) {
        called.push_back(call.method);
    }
    std::vector<std::string> stored;
    std::vector<std::string> hashes;
    psp::Database db(p_.t.storage_config());
    db.read([&](soci::session &sql) {
        soci::rowset<soci::row> rows = sql.prepare
                                       << "SELECT method, key_hash FROM confidential_replies";
        for (const soci::row &row : rows) {
            stored.push_back(row.get<std::string>(0));
            hashes.push_back(row.get<std::string>(1));
        }
    });
    ASSERT_EQ(stored.size(), called.size());
    EXPECT_NE(stored, called) << "the stored answers follow the order of the calls";
    EXPECT_TRUE(std::is_sorted(hashes.begin(), hashes.end()));
    db.read([&](soci::session &sql) {
        EXPECT_THROW(sql << "SELECT rowid FROM confidential_replies LIMIT 1", soci::soci_error)
            << "the stored answers have row ids, which follow the order of the calls";
    });
}

// What accountability remains: once the quarter ends, maintenance.run writes the counts into
// the chain (no principal, no time but the run's), deletes the stored answers, and the chain
// verifies. A retry within the quarter still gets the first answer.
TEST_F(Reidentification, AfterTheQuarterTheAuditKeepsCountsAndTheAnswersGo) {
    run_scenario();
    const Json first =
        p_.t.call("contact.log", one_role().peer_supporter,
                  {{"category", "career_issues"}, {"minutes", 5}}, "retry-key-1", "O1");
    const long long contacts = p_.t.count("SELECT COUNT(*) FROM contacts");
    EXPECT_EQ(p_.t.call("contact.log", one_role().peer_supporter,
                        {{"category", "career_issues"}, {"minutes", 5}}, "retry-key-1", "O1"),
              first);
    EXPECT_EQ(p_.t.count("SELECT COUNT(*) FROM contacts"), contacts);
    EXPECT_EQ(psp_test::error_from([&] {
                  p_.t.call("contact.log", one_role().peer_supporter,
                            {{"category", "career_issues"}, {"minutes", 6}}, "retry-key-1", "O1");
              }).code(),
              psp::ErrorCode::idempotency_reused);
    EXPECT_GT(p_.t.count("SELECT COUNT(*) FROM confidential_replies"), 0);
    p_.t.host.now_ms += 100 * kAttackDay;  // into 2024-Q1
    const Json run = p_.as("IT", one_role().it_admin, "maintenance.run");
    EXPECT_GT(run.at("tasks").at("confidential_counts_audited").get<int>(), 0);
    EXPECT_EQ(p_.t.count("SELECT COUNT(*) FROM confidential_replies"), 0);
    EXPECT_EQ(p_.t.count("SELECT COUNT(*) FROM audit_pending"), 0);
    std::set<std::string> outcomes;
    for (const Json &row : p_.t.audit_rows()) {
        if (row.at("method") == "contact.log") {
            EXPECT_EQ(row.at("principal"), "withheld:confidential");
            outcomes.insert(row.at("outcome").get<std::string>());
        }
    }
    EXPECT_EQ(outcomes, (std::set<std::string>{"ok: 14 calls in 2023-Q4",
                                               "idempotency_reused: 1 call in 2023-Q4"}));
    EXPECT_TRUE(p_.as("AUD", {"auditor"}, "audit.verify").at("intact").get<bool>());
}

}  // namespace
