// audit_lane_test.cpp: audit entries staged in lanes and chained in batches (issue 25, item 5),
// on real SQLite (and PostgreSQL when the suite runs there).
//
// A writer that finds the chain held stages its entry in a lane; the next writer that holds the
// chain moves the staged entries into it. Staged entries sit in the database unchained until
// then, so an intruder with SQL access may edit, remove or reorder them there: once chained,
// verify() names each of those. The tests stage entries as such writers would (AuditLog::stage
// in a write transaction of its own), tamper with the staging table through SQL, chain, verify.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "plugin/storage/audit_log.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::AuditEntry;
using psp::AuditLog;
using psp::AuditVerification;

class AuditLanes : public ::testing::Test {
  protected:
    // Two chained entries, then `staged` entries staged (principals S1, S2, ...), unchained.
    void SetUp() override {
        for (int i = 1; i <= 2; ++i) {
            write([&](AuditLog &log) {
                log.append(100 + i, "C" + std::to_string(i), "hr_admin", "directory.get", "ok");
            });
        }
        for (int i = 1; i <= kStaged; ++i) {
            write([&](AuditLog &log) {
                log.stage(200 + i, "S" + std::to_string(i), "coordinator", "review.open", "ok");
            });
        }
    }

    template <class Body>
    void write(Body &&body) {
        database_.db().write([&](soci::session &sql) {
            AuditLog log(sql);
            body(log);
        });
    }

    int64_t chain() {
        int64_t chained = 0;
        write([&](AuditLog &log) { chained = log.chain_staged(); });
        return chained;
    }

    AuditVerification verify() {
        AuditVerification v;
        database_.db().read([&](soci::session &sql) { v = AuditLog(sql).verify(); });
        return v;
    }

    std::vector<AuditEntry> entries() {
        std::vector<AuditEntry> out;
        database_.db().read([&](soci::session &sql) { out = AuditLog(sql).read(0, 1000); });
        return out;
    }

    // The seq the chain gave the staged entry of `principal`.
    int64_t seq_of(const std::string &principal) {
        for (const AuditEntry &e : entries()) {
            if (e.principal == principal) {
                return e.seq;
            }
        }
        ADD_FAILURE() << principal << " is not in the chain";
        return 0;
    }

    // Chains what is staged, then expects verify() to name the entry of `principal`, with
    // `words` in its problem.
    void expect_named_once_chained(const std::string &principal, const std::string &words = "") {
        chain();
        const AuditVerification v = verify();
        EXPECT_FALSE(v.intact);
        EXPECT_EQ(v.first_bad_seq, seq_of(principal)) << v.problem;
        EXPECT_NE(v.problem.find(words), std::string::npos) << v.problem;
    }

    static constexpr int kStaged = 4;
    psp_test::TestDatabase database_;
};

TEST_F(AuditLanes, StagedEntriesWaitOutsideTheChainUntilAWriterChainsThem) {
    EXPECT_EQ(entries().size(), 2u);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM audit_staged"), kStaged);
    bool staged = false;
    database_.db().read([&](soci::session &sql) { staged = AuditLog(sql).has_staged(); });
    EXPECT_TRUE(staged);
    // The next writer that holds the chain chains them, before its own entry.
    write([](AuditLog &log) { log.append(300, "NEXT", "auditor", "audit.read", "ok"); });
    const std::vector<AuditEntry> all = entries();
    ASSERT_EQ(all.size(), static_cast<std::size_t>(2 + kStaged + 1));
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM audit_staged"), 0);
    for (int i = 0; i < kStaged; ++i) {
        const AuditEntry &e = all.at(static_cast<std::size_t>(2 + i));
        EXPECT_EQ(e.principal, "S" + std::to_string(i + 1)) << "staged order kept";
        EXPECT_EQ(e.at_ms, 201 + i);
        ASSERT_TRUE(e.lane.has_value());
        EXPECT_EQ(e.leaf, psp::audit_leaf_hash(e));
        EXPECT_EQ(e.prev_hash, all.at(static_cast<std::size_t>(1 + i)).hash);
    }
    EXPECT_FALSE(all.back().lane.has_value()) << "chained by its own writer";
    const AuditVerification v = verify();
    EXPECT_TRUE(v.intact) << v.problem;
    EXPECT_EQ(v.entries_checked, 2 + kStaged + 1);
}

TEST_F(AuditLanes, LanesContinueAcrossBatches) {
    EXPECT_EQ(chain(), kStaged);
    write([](AuditLog &log) { log.stage(400, "LATER", "coordinator", "review.decide", "ok"); });
    EXPECT_EQ(chain(), 1);
    const AuditEntry later = entries().back();
    EXPECT_EQ(later.lane_seq, kStaged + 1) << "on SQLite every entry takes lane 0";
    const AuditVerification v = verify();
    EXPECT_TRUE(v.intact) << v.problem;
}

TEST_F(AuditLanes, AnEntryEditedWhileStagedIsNamedOnceChained) {
    database_.execute("UPDATE audit_staged SET outcome = 'forbidden' WHERE principal = 'S2'");
    expect_named_once_chained("S2", "before it was chained");
}

TEST_F(AuditLanes, AnEntryEditedWhileStagedWithItsLeafRecomputedIsNamedAtTheNext) {
    // The intruder recomputes the edited entry's leaf hash with the documented scheme: the next
    // entry of the lane still names the old one.
    AuditEntry forged;
    database_.db().read([&](soci::session &sql) {
        long long lane = 0, lane_seq = 0, at = 0;
        sql << "SELECT lane, lane_seq, at_ms, principal, roles, method, lane_prev FROM"
               " audit_staged WHERE principal = 'S2'",
            soci::into(lane), soci::into(lane_seq), soci::into(at), soci::into(forged.principal),
            soci::into(forged.roles), soci::into(forged.method), soci::into(forged.lane_prev);
        forged.lane = lane;
        forged.lane_seq = lane_seq;
        forged.at_ms = at;
    });
    forged.outcome = "forbidden";
    forged.leaf = psp::audit_leaf_hash(forged);
    database_.execute("UPDATE audit_staged SET outcome = 'forbidden', leaf = '" + forged.leaf +
                      "' WHERE principal = 'S2'");
    expect_named_once_chained("S3", "does not follow the previous entry of lane");
}

TEST_F(AuditLanes, AnEntryRemovedBeforeItWasChainedIsNamed) {
    database_.execute("DELETE FROM audit_staged WHERE principal = 'S2'");
    expect_named_once_chained("S3", "removed before it was chained");
}

TEST_F(AuditLanes, EntriesReorderedWhileStagedAreNamed) {
    // Swapping two staged entries' places in their lane (and so in the batch) ...
    database_.execute("UPDATE audit_staged SET lane_seq = -1 WHERE principal = 'S2'");
    database_.execute("UPDATE audit_staged SET lane_seq = lane_seq - 1 WHERE principal = 'S3'");
    database_.execute("UPDATE audit_staged SET lane_seq = lane_seq + 4 WHERE principal = 'S2'");
    chain();
    const std::vector<AuditEntry> all = entries();
    ASSERT_EQ(all.at(2).principal, "S1");
    ASSERT_EQ(all.at(3).principal, "S3") << "the swap reordered the batch";
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, seq_of("S3")) << v.problem;
}

TEST_F(AuditLanes, EntriesReorderedInsideAChainedBatchAreNamed) {
    chain();
    const int64_t a = seq_of("S2"), b = seq_of("S3");
    const std::string sa = std::to_string(a), sb = std::to_string(b);
    database_.execute("UPDATE audit_log SET seq = -1 WHERE seq = " + sa);
    database_.execute("UPDATE audit_log SET seq = " + sa + " WHERE seq = " + sb);
    database_.execute("UPDATE audit_log SET seq = " + sb + " WHERE seq = -1");
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, a) << v.problem;
}

TEST_F(AuditLanes, AChainedEntryEditedIsNamed) {
    chain();
    const int64_t seq = seq_of("S3");
    database_.execute("UPDATE audit_log SET principal = 'someone else' WHERE seq = " +
                      std::to_string(seq));
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, seq) << v.problem;
}

TEST_F(AuditLanes, AnEntryRemovedFromAChainedLaneIsNamedFromALaterStart) {
    // A continued verification (from an anchor past the lane's earlier entries) still checks the
    // lane against the entries before the anchor.
    chain();
    write([](AuditLog &log) { log.stage(500, "S5", "coordinator", "review.open", "ok"); });
    write([](AuditLog &log) { log.stage(501, "S6", "coordinator", "review.open", "ok"); });
    database_.execute("DELETE FROM audit_staged WHERE principal = 'S5'");
    chain();
    const std::vector<AuditEntry> all = entries();
    const AuditEntry &last_before = all.at(all.size() - 2);
    AuditVerification v;
    database_.db().read([&](soci::session &sql) {
        v = AuditLog(sql).verify({last_before.seq, last_before.hash}, std::nullopt, 100);
    });
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_seq, seq_of("S6")) << v.problem;
}

TEST(AuditLeafHash, EveryFieldChangesTheLeaf) {
    AuditEntry base{0, 2, "p", "r", "m", "o", "", "", 1, 3, std::string(64, '0'), ""};
    const std::string h = psp::audit_leaf_hash(base);
    std::vector<AuditEntry> variants(8, base);
    variants[0].lane = 2;
    variants[1].lane_seq = 4;
    variants[2].lane_prev = std::string(64, '1');
    variants[3].at_ms = 9;
    variants[4].principal = "q";
    variants[5].roles = "s";
    variants[6].method = "n";
    variants[7].outcome = "x";
    for (const AuditEntry &v : variants) {
        EXPECT_NE(psp::audit_leaf_hash(v), h);
    }
    // A chained staged entry's hash covers its leaf, not its fields a second time.
    AuditEntry chained = base;
    chained.leaf = h;
    AuditEntry other_leaf = chained;
    other_leaf.leaf = std::string(64, 'f');
    EXPECT_NE(psp::audit_entry_hash(chained), psp::audit_entry_hash(other_leaf));
}

// Attack: which row counts a confidential call must not tell which host thread made it. The row
// was the lane the writer held; a thread keeps to its lane and audit_log keeps every entry's lane,
// so someone reading the database could join a confidential call (a contact logged, a PSP
// declined) to the principals whose calls that thread logged around it. One thread's confidential
// calls now land in rows drawn at random: 24 calls in a single row would happen by chance with
// probability 8^-23.
TEST_F(AuditLanes, AConfidentialCountDoesNotTellWhichThreadMadeTheCall) {
    for (int i = 0; i < 24; ++i) {
        write([&](AuditLog &log) {
            log.count_confidential("2026-Q4", "contact.log", "peer_supporter", "ok");
        });
    }
    long long rows = 0;
    long long calls = 0;
    database_.db().read([&](soci::session &sql) {
        sql << "SELECT COUNT(DISTINCT shard), SUM(calls) FROM audit_pending", soci::into(rows),
            soci::into(calls);
    });
    EXPECT_EQ(calls, 24);
    EXPECT_GT(rows, 1) << "every confidential call of one thread was counted in the same row";
}

}  // namespace
