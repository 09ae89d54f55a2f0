// audit_anchor_test.cpp: an audit chain an outsider can check (issue 20, item 4).
//
// The attacker can write to the database: they delete the last entries, edit an entry and
// recompute every hash after it with the documented scheme (psp::audit_entry_hash), or swap two
// entries and recompute. Without an anchor each rewrite verifies as intact, which is why the host
// keeps one: the {seq, hash} maintenance.run hands it. Given that anchor, audit.verify catches all
// three. Verification is bounded per call and continues from where it stopped.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "plugin/storage/audit_log.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::one_role;

class AuditAnchor : public ::testing::Test {
  protected:
    // `n` audited refusals (an employee asking for the audit log), then a maintenance run whose
    // answer carries the anchor the host keeps.
    Json entries_then_anchor(int n) {
        for (int i = 0; i < n; ++i) {
            psp_test::error_from([&] {
                t_.call("audit.read", one_role().employee, {}, {}, "E" + std::to_string(i));
            });
        }
        return t_
            .call("maintenance.run", one_role().it_admin, Json::object(),
                  "run-" + std::to_string(++runs_), "IT")
            .at("audit_anchor");
    }
    Json verify(const Json &params = Json::object()) {
        return t_.call("audit.verify", {"auditor"}, params, {}, "AUD");
    }
    // Rewrites the chain from entry `from_seq` on with the documented hash scheme, as an intruder
    // who read docs/confidentiality.md would.
    void recompute_from(int64_t from_seq) {
        psp::Database db(t_.storage_config());
        db.write([&](soci::session &sql) {
            psp::AuditLog log(sql);
            std::vector<psp::AuditEntry> all = log.read(0, 1'000'000);
            std::string prev = from_seq == 1 ? std::string(64, '0') : all.at(from_seq - 2).hash;
            for (psp::AuditEntry &e : all) {
                if (e.seq < from_seq) {
                    continue;
                }
                e.prev_hash = prev;
                e.hash = psp::audit_entry_hash(e);
                prev = e.hash;
                const long long seq = e.seq;
                sql << "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s",
                    soci::use(e.prev_hash), soci::use(e.hash), soci::use(seq);
            }
        });
    }
    void execute(const std::string &statement) {
        psp::Database db(t_.storage_config());
        db.write([&](soci::session &sql) { sql << statement; });
    }

    psp_test::TestInstance t_;
    int runs_ = 0;
};

TEST_F(AuditAnchor, MaintenanceHandsTheHostTheChainsHead) {
    const Json anchor = entries_then_anchor(5);
    EXPECT_EQ(anchor.at("seq"), 5);
    EXPECT_EQ(anchor.at("hash").get<std::string>().size(), 64u);
    const Json v = verify({{"anchor", anchor}});
    EXPECT_TRUE(v.at("intact").get<bool>()) << v.dump();
    EXPECT_TRUE(v.at("complete").get<bool>());
    EXPECT_EQ(v.at("head_seq"), 6);  // the run's own entry follows the anchor
}

TEST_F(AuditAnchor, TruncationIsCaughtGivenTheHostsAnchor) {
    const Json anchor = entries_then_anchor(8);
    execute("DELETE FROM audit_log WHERE seq >= 6");
    EXPECT_TRUE(verify().at("intact").get<bool>())
        << "the attack: a shorter chain is still a chain";
    const Json v = verify({{"anchor", anchor}});
    EXPECT_FALSE(v.at("intact").get<bool>()) << v.dump();
    EXPECT_EQ(v.at("first_bad_seq"), 6);
    EXPECT_NE(v.at("problem").get<std::string>().find("removed"), std::string::npos) << v.dump();
}

TEST_F(AuditAnchor, EditWithRecomputedHashesIsCaughtGivenTheHostsAnchor) {
    const Json anchor = entries_then_anchor(8);
    execute("UPDATE audit_log SET principal = 'SOMEONE-ELSE' WHERE seq = 3");
    recompute_from(3);
    EXPECT_TRUE(verify().at("intact").get<bool>()) << "the attack: a recomputed chain verifies";
    const Json v = verify({{"anchor", anchor}});
    EXPECT_FALSE(v.at("intact").get<bool>()) << v.dump();
    EXPECT_EQ(v.at("first_bad_seq"), anchor.at("seq"));
    EXPECT_NE(v.at("problem").get<std::string>().find("rewritten"), std::string::npos) << v.dump();
}

TEST_F(AuditAnchor, ReorderingWithRecomputedHashesIsCaughtGivenTheHostsAnchor) {
    const Json anchor = entries_then_anchor(8);
    execute(
        "UPDATE audit_log SET principal = CASE seq WHEN 2 THEN 'E3' ELSE 'E1' END"
        " WHERE seq IN (2, 4)");
    recompute_from(2);
    EXPECT_TRUE(verify().at("intact").get<bool>());
    EXPECT_FALSE(verify({{"anchor", anchor}}).at("intact").get<bool>());
}

// From the host's last anchor, each call checks at most `limit` entries and says where it got to;
// the host continues from there. A full check pages the same way from the start.
TEST_F(AuditAnchor, VerificationIsIncrementalAndBoundedPerCall) {
    const Json anchor = entries_then_anchor(10);
    entries_then_anchor(30);  // 30 refusals and a second run after the host's anchor
    Json from = anchor;
    int calls = 0;
    int64_t checked = 0;
    for (;;) {
        const Json v = verify({{"from", from}, {"anchor", anchor}, {"limit", 7}});
        ASSERT_TRUE(v.at("intact").get<bool>()) << v.dump();
        EXPECT_LE(v.at("entries_checked").get<int64_t>(), 7);
        EXPECT_EQ(v.at("head_seq"), 42);
        checked += v.at("entries_checked").get<int64_t>();
        from = v.at("verified_to");
        ++calls;
        if (v.at("complete").get<bool>()) {
            break;
        }
        ASSERT_LT(calls, 20);
    }
    EXPECT_EQ(checked, 42 - 10);
    EXPECT_EQ(calls, 5);
    EXPECT_EQ(from.at("seq"), 42);
    // A full check from the start, a page at a time, reporting how far it got.
    const Json first_page = verify({{"limit", 25}});
    EXPECT_EQ(first_page.at("verified_to").at("seq"), 25);
    EXPECT_FALSE(first_page.at("complete").get<bool>());
    const Json second_page = verify({{"from", first_page.at("verified_to")}, {"limit", 25}});
    EXPECT_TRUE(second_page.at("complete").get<bool>());
    EXPECT_EQ(second_page.at("entries_checked"), 42 - 25);
}

// Continuing from a point whose hash no longer matches is itself a finding.
TEST_F(AuditAnchor, ContinuingFromAStaleVerifiedPointIsCaught) {
    entries_then_anchor(6);
    const Json page = verify({{"limit", 4}});
    execute("UPDATE audit_log SET outcome = 'ok' WHERE seq = 2");
    recompute_from(2);
    const Json v = verify({{"from", page.at("verified_to")}});
    EXPECT_FALSE(v.at("intact").get<bool>()) << v.dump();
    EXPECT_EQ(v.at("first_bad_seq"), 4);
}

TEST_F(AuditAnchor, AMalformedAnchorIsRefusedWithItsField) {
    const psp::Error e = psp_test::error_from([&] {
        verify({{"anchor", {{"seq", 3}, {"hash", "not-a-hash"}}}});
    });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/anchor/hash");
}

}  // namespace
