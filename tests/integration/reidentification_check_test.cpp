// reidentification_check_test.cpp: the check every scenario closes with must be able to fail. A
// leak planted in a real plugin database (an unsalted fingerprint of a contact, an audit entry
// naming who logged it) is found; the untouched database of the same agency holds.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "host_sim/reidentification_check.hpp"
#include "integration_fixtures.hpp"
#include "plugin/core/sha256.hpp"

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

std::string sqlite_file(const fs::path &folder) {
    for (const fs::directory_entry &f : fs::directory_iterator(folder)) {
        if (f.path().extension() == ".sqlite3") {
            return f.path().string();
        }
    }
    return {};
}

std::vector<std::string> ids_of(const GeneratedAgency &agency) {
    std::vector<std::string> ids;
    for (const HostEmployee &e : agency.employees) {
        ids.push_back(e.employee_number);
    }
    return ids;
}

class Reidentification : public ::testing::Test {
  protected:
    void SetUp() override {
        agency_ = pull_agency(31, 60);
        ASSERT_TRUE(agency_->full_sync.ok()) << agency_->full_sync.response.dump();
        database_ = sqlite_file(agency_->plugin_data_dir());
        if (database_.empty()) {
            GTEST_SKIP() << "the plugin's database is not a SQLite file in this run";
        }
    }

    ReidentificationReport check() const {
        return check_reidentification(*agency_->session, ids_of(agency_->created.agency),
                                      {contact_});
    }

    std::unique_ptr<PulledAgency> agency_;
    std::string database_;
    ConfidentialCall contact_{"contact.log", "E000010", {{"category", "family"}, {"minutes", 30}}};
};

TEST_F(Reidentification, AnUntouchedDatabaseHolds) {
    const ReidentificationReport report = check();
    EXPECT_TRUE(report.held()) << report.violations.front();
    EXPECT_EQ(report.guesses, 60u * 3);  // each id alone, and with the method, and the request
    EXPECT_GT(report.values_scanned, 0u);
}

TEST_F(Reidentification, AnUnsaltedFingerprintIsBruteForcedToWhoCalled) {
    const std::string fingerprint =
        sha256_hex(contact_.method + '\n' + contact_.principal + '\n' + contact_.params.dump());
    {
        soci::session sql(soci::sqlite3, "db=" + database_);
        sql << "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
               " VALUES ('k', 'other.method', :f, '{}', 1)",
            soci::use(fingerprint);
    }
    const ReidentificationReport report = check();
    ASSERT_FALSE(report.held());
    EXPECT_EQ(report.violations.front(),
              "a stored value is the fingerprint of contact.log by E000010");
}

TEST_F(Reidentification, AConfidentialCallKeptWithItsCallerIsJoined) {
    {
        soci::session sql(soci::sqlite3, "db=" + database_);
        sql << "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome, prev_hash,"
               " hash) VALUES (1000000, 1, 'E000010', 'peer_supporter', 'contact.log', 'ok', '',"
               " '')";
        sql << "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
               " VALUES ('k2', 'leave.start', 'x', '{}', 1)";
    }
    const ReidentificationReport report = check();
    ASSERT_EQ(report.violations.size(), 2u) << ::testing::PrintToString(report.violations);
    EXPECT_EQ(report.violations[0], "idempotency keeps a leave.start request with its fingerprint");
    EXPECT_EQ(report.violations[1], "audit_log names E000010 for contact.log");
}

TEST_F(Reidentification, AFetchDuringAConfidentialCallTimesIt) {
    ConfidentialCall timed = contact_;
    timed.fetches_during = 1;
    const ReidentificationReport report =
        check_reidentification(*agency_->session, ids_of(agency_->created.agency), {timed});
    ASSERT_FALSE(report.held());
    EXPECT_NE(report.violations.front().find("fetch log times the call"), std::string::npos);
}

}  // namespace
}  // namespace psp::host_sim::integration
