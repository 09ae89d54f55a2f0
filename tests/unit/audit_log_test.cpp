// audit_log_test.cpp: the hash-chained audit log on real SQLite: appending links each entry to
// the previous one; verify() finds an intact chain intact and names the first bad seq when an
// entry is edited (even with its hash recomputed), removed, renumbered or swapped through SQL.
#include "plugin/storage/audit_log.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include "test_fixtures.hpp"

namespace {

using psp::AuditEntry;
using psp::AuditLog;
using psp::AuditVerification;

class AuditLogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        for (int i = 1; i <= kEntries; ++i) {
            database_.db().write([&](soci::session &sql) {
                AuditLog(sql).append(1000 + i, "P" + std::to_string(i), "hr_admin",
                                     i % 2 == 0 ? "directory.sync" : "directory.get",
                                     i == 4 ? "forbidden" : "ok");
            });
        }
    }

    AuditVerification verify() {
        AuditVerification v;
        database_.db().read([&](soci::session &sql) { v = AuditLog(sql).verify(); });
        return v;
    }

    // Exchanges two entries' places in the chain, as a tamperer reordering rows would.
    void swap_entries(int a, int b) {
        const std::string sa = std::to_string(a), sb = std::to_string(b);
        database_.execute("UPDATE audit_log SET seq = -1 WHERE seq = " + sa);
        database_.execute("UPDATE audit_log SET seq = " + sa + " WHERE seq = " + sb);
        database_.execute("UPDATE audit_log SET seq = " + sb + " WHERE seq = -1");
    }

    std::vector<AuditEntry> entries() {
        std::vector<AuditEntry> out;
        database_.db().read([&](soci::session &sql) { out = AuditLog(sql).read(0, 1000); });
        return out;
    }

    static constexpr int kEntries = 6;
    psp_test::TestDatabase database_;
};

TEST_F(AuditLogTest, AppendedEntriesAreChained) {
    const std::vector<AuditEntry> all = entries();
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kEntries));
    EXPECT_EQ(all[0].prev_hash, std::string(64, '0'));
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
        EXPECT_EQ(all[i].hash, psp::audit_entry_hash(all[i]));
        EXPECT_EQ(all[i].hash.size(), 64u);
        if (i > 0) {
            EXPECT_EQ(all[i].prev_hash, all[i - 1].hash);
        }
    }
    EXPECT_EQ(all[3].outcome, "forbidden");
    EXPECT_EQ(all[3].principal, "P4");
    EXPECT_EQ(all[3].at_ms, 1004);
}

TEST_F(AuditLogTest, ReadPagesAfterASeq) {
    std::vector<AuditEntry> page;
    database_.db().read([&](soci::session &sql) { page = AuditLog(sql).read(2, 3); });
    ASSERT_EQ(page.size(), 3u);
    EXPECT_EQ(page.front().seq, 3);
    EXPECT_EQ(page.back().seq, 5);
}

TEST_F(AuditLogTest, IntactLogVerifies) {
    const AuditVerification v = verify();
    EXPECT_TRUE(v.intact) << v.problem;
    EXPECT_EQ(v.entries_checked, kEntries);
    EXPECT_FALSE(v.first_bad_seq.has_value());
}

TEST(AuditLogEmpty, EmptyLogIsIntact) {
    psp_test::TestDatabase database;
    AuditVerification v;
    database.db().read([&](soci::session &sql) { v = AuditLog(sql).verify(); });
    EXPECT_TRUE(v.intact);
    EXPECT_EQ(v.entries_checked, 0);
}

TEST_F(AuditLogTest, EditedOutcomeIsNamed) {
    database_.execute("UPDATE audit_log SET outcome = 'ok' WHERE seq = 4");
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 4);
    EXPECT_NE(v.problem.find("edited"), std::string::npos) << v.problem;
}

TEST_F(AuditLogTest, EveryEditedFieldIsDetected) {
    for (const char *edit : {"principal = 'P99'", "roles = 'auditor'", "method = 'audit.read'",
                             "at_ms = 1", "outcome = 'forbidden'"}) {
        psp_test::TestDatabase fresh;
        for (int i = 1; i <= 3; ++i) {
            fresh.db().write(
                [&](soci::session &sql) { AuditLog(sql).append(i, "P", "hr_admin", "m", "ok"); });
        }
        fresh.execute(std::string("UPDATE audit_log SET ") + edit + " WHERE seq = 2");
        AuditVerification v;
        fresh.db().read([&](soci::session &sql) { v = AuditLog(sql).verify(); });
        EXPECT_FALSE(v.intact) << edit;
        EXPECT_EQ(v.first_bad_seq, 2) << edit;
    }
}

TEST_F(AuditLogTest, EditWithRecomputedHashIsCaughtAtTheNextEntry) {
    AuditEntry forged = entries()[2];
    forged.outcome = "forbidden";
    forged.hash = psp::audit_entry_hash(forged);
    database_.db().write([&](soci::session &sql) {
        sql << "UPDATE audit_log SET outcome = :o, hash = :h WHERE seq = 3",
            soci::use(forged.outcome), soci::use(forged.hash);
    });
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 4);
}

TEST_F(AuditLogTest, RemovedMiddleEntryIsNamed) {
    database_.execute("DELETE FROM audit_log WHERE seq = 3");
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 3) << v.problem;
    EXPECT_NE(v.problem.find('3'), std::string::npos) << v.problem;
}

TEST_F(AuditLogTest, RemovedAndRenumberedEntryIsNamed) {
    database_.execute("DELETE FROM audit_log WHERE seq = 3");
    for (int seq = 4; seq <= kEntries; ++seq) {
        database_.execute("UPDATE audit_log SET seq = " + std::to_string(seq - 1) +
                          " WHERE seq = " + std::to_string(seq));
    }
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 3) << v.problem;
}

TEST_F(AuditLogTest, SwappedEntriesAreNamedAtTheFirstOne) {
    swap_entries(2, 5);
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 2) << v.problem;
}

TEST_F(AuditLogTest, AdjacentSwapIsNamedAtTheFirstOne) {
    swap_entries(5, 6);
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, 5) << v.problem;
}

TEST_F(AuditLogTest, AppendingAfterTamperingDoesNotHideIt) {
    database_.execute("UPDATE audit_log SET principal = 'someone else' WHERE seq = 2");
    database_.db().write(
        [](soci::session &sql) { AuditLog(sql).append(9999, "P", "auditor", "m", "ok"); });
    EXPECT_EQ(verify().first_bad_seq, 2);
}

TEST(AuditEntryHash, EveryFieldChangesTheHash) {
    AuditEntry base{1, 2, "p", "r", "m", "o", std::string(64, '0'), ""};
    const std::string h = psp::audit_entry_hash(base);
    std::vector<AuditEntry> variants(7, base);
    variants[0].seq = 9;
    variants[1].at_ms = 9;
    variants[2].principal = "q";
    variants[3].roles = "s";
    variants[4].method = "n";
    variants[5].outcome = "x";
    variants[6].prev_hash = std::string(64, '1');
    for (const AuditEntry &v : variants) {
        EXPECT_NE(psp::audit_entry_hash(v), h);
    }
    // Length-prefixed: moving a character across a field boundary changes the hash.
    AuditEntry shifted = base;
    shifted.principal = "pr";
    shifted.roles = "";
    AuditEntry unshifted = base;
    unshifted.principal = "p";
    unshifted.roles = "r";
    EXPECT_NE(psp::audit_entry_hash(shifted), psp::audit_entry_hash(unshifted));
}

}  // namespace
