// directory_sync_test.cpp: full and incremental directory syncs against a real SQLite database:
// what is added, updated, removed and counted unchanged; refusals that write nothing; the saved
// sync state (last mode, time, host cursor).
#include "plugin/services/directory_sync.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "plugin/core/error.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/storage/directory_store.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::DirectoryChange;
using psp::DirectoryState;
using psp::DirectoryStore;
using psp::EmployeeRecord;
using psp::ErrorCode;
using psp::SyncMode;
using psp::SyncOutcome;
using psp_test::employee;

std::map<std::string, EmployeeRecord> records_by_id(const std::vector<EmployeeRecord> &records) {
    std::map<std::string, EmployeeRecord> out;
    for (const EmployeeRecord &e : records) {
        out.emplace(e.id, e);
    }
    return out;
}

class DirectorySync : public ::testing::Test {
  protected:
    // CHIEF at the top; A and B report to CHIEF; C reports to A.
    void SetUp() override {
        seed_ = {employee("CHIEF"), employee("A", "CHIEF"), employee("B", "CHIEF"),
                 employee("C", "A")};
        apply({SyncMode::full, seed_, {}, "cursor-0"}, 100);
    }

    SyncOutcome apply(const DirectoryChange &change, int64_t now_ms = 200) {
        SyncOutcome outcome;
        database_.db().write([&](soci::session &sql) {
            DirectoryStore store(sql);
            outcome = psp::apply_directory_change(store, change, {}, now_ms);
        });
        return outcome;
    }

    // Runs the change in a transaction that commits even when the change throws, so anything
    // apply_directory_change wrote before throwing would stay visible.
    psp::Error refusal(const DirectoryChange &change) {
        psp::Error caught(ErrorCode::internal, "<nothing was thrown>");
        bool thrown = false;
        database_.db().write([&](soci::session &sql) {
            DirectoryStore store(sql);
            try {
                psp::apply_directory_change(store, change, {}, 999);
            } catch (const psp::Error &e) {
                caught = e;
                thrown = true;
            }
        });
        EXPECT_TRUE(thrown) << "the change was accepted";
        return caught;
    }

    std::vector<EmployeeRecord> stored() {
        std::vector<EmployeeRecord> out;
        database_.db().read([&](soci::session &sql) { out = DirectoryStore(sql).load_all(); });
        return out;
    }

    DirectoryState state() {
        DirectoryState s;
        database_.db().read([&](soci::session &sql) { s = DirectoryStore(sql).state(); });
        return s;
    }

    psp_test::TestDatabase database_;
    std::vector<EmployeeRecord> seed_;
};

TEST_F(DirectorySync, FirstFullSyncAddsEveryone) {
    EXPECT_EQ(records_by_id(stored()), records_by_id(seed_));
}

TEST_F(DirectorySync, FullSyncReplacesAndRemovesUnlisted) {
    EmployeeRecord b = employee("B", "CHIEF");
    b.title = "Lieutenant";
    const std::vector<EmployeeRecord> next = {employee("CHIEF"), employee("A", "CHIEF"), b,
                                              employee("D", "B")};
    const SyncOutcome outcome = apply({SyncMode::full, next, {}, ""});
    EXPECT_EQ(outcome.added, 1u);      // D
    EXPECT_EQ(outcome.updated, 1u);    // B
    EXPECT_EQ(outcome.removed, 1u);    // C, not listed
    EXPECT_EQ(outcome.unchanged, 2u);  // CHIEF, A
    EXPECT_EQ(outcome.total, next.size());
    EXPECT_EQ(records_by_id(stored()), records_by_id(next));
}

TEST_F(DirectorySync, IncrementalUpsertsAndRemoves) {
    EmployeeRecord a = employee("A", "CHIEF");
    a.active = false;
    const SyncOutcome outcome = apply({SyncMode::incremental, {a, employee("E", "B")}, {"C"}, ""});
    EXPECT_EQ(outcome.added, 1u);
    EXPECT_EQ(outcome.updated, 1u);
    EXPECT_EQ(outcome.removed, 1u);
    EXPECT_EQ(outcome.unchanged, 0u);
    EXPECT_EQ(outcome.total, 4u);
    auto expected = records_by_id(seed_);
    expected.erase("C");
    expected["A"] = a;
    expected["E"] = employee("E", "B");
    EXPECT_EQ(records_by_id(stored()), expected);
}

TEST_F(DirectorySync, IncrementalLeavesUnmentionedEmployeesAlone) {
    apply({SyncMode::incremental, {employee("NEW", "C")}, {}, ""});
    auto expected = records_by_id(seed_);
    expected["NEW"] = employee("NEW", "C");
    EXPECT_EQ(records_by_id(stored()), expected);
}

TEST_F(DirectorySync, IdenticalRecordsAreCountedUnchanged) {
    const SyncOutcome full = apply({SyncMode::full, seed_, {}, ""});
    EXPECT_EQ(full.unchanged, seed_.size());
    EXPECT_EQ(full.added + full.updated + full.removed, 0u);
    const SyncOutcome incremental = apply({SyncMode::incremental, {seed_[1], seed_[3]}, {}, ""});
    EXPECT_EQ(incremental.unchanged, 2u);
    EXPECT_EQ(incremental.added + incremental.updated + incremental.removed, 0u);
    EXPECT_EQ(incremental.total, seed_.size());
}

TEST_F(DirectorySync, AChangeToAnyFieldCountsAsUpdated) {
    EmployeeRecord c = employee("C", "A");
    c.shift = "Nights";
    EXPECT_EQ(apply({SyncMode::incremental, {c}, {}, ""}).updated, 1u);
    c.category = c.category == psp::StaffCategory::sworn ? psp::StaffCategory::dispatcher
                                                         : psp::StaffCategory::sworn;
    EXPECT_EQ(apply({SyncMode::incremental, {c}, {}, ""}).updated, 1u);
    EXPECT_EQ(records_by_id(stored()).at("C"), c);
}

TEST_F(DirectorySync, InvalidResultWritesNothing) {
    const auto before = stored();
    const DirectoryState state_before = state();
    // CHIEF reporting to C closes the loop CHIEF -> C -> A -> CHIEF.
    const psp::Error e = refusal(
        {SyncMode::incremental, {employee("CHIEF", "C"), employee("NEW", "B")}, {}, "cur-x"});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart) << e.what();
    EXPECT_FALSE(e.records().empty());
    EXPECT_EQ(stored(), before);
    EXPECT_EQ(state().last_sync_ms, state_before.last_sync_ms);
    EXPECT_EQ(state().host_cursor, state_before.host_cursor);
}

TEST_F(DirectorySync, RemovingASupervisorOfRemainingStaffIsRefused) {
    const auto before = stored();
    const psp::Error e = refusal({SyncMode::incremental, {}, {"A"}, ""});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    ASSERT_EQ(e.records().size(), 1u);
    EXPECT_NE(e.records()[0].find('C'), std::string::npos) << e.records()[0];
    EXPECT_EQ(stored(), before);
}

TEST_F(DirectorySync, FullSyncWithBrokenChartWritesNothing) {
    const auto before = stored();
    const psp::Error e =
        refusal({SyncMode::full, {employee("CHIEF"), employee("X", "MISSING")}, {}, ""});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(stored(), before);
}

TEST_F(DirectorySync, RemovingAnUnknownIdIsNotFoundAtItsIndex) {
    const auto before = stored();
    const psp::Error e = refusal({SyncMode::incremental, {}, {"C", "NOBODY"}, ""});
    EXPECT_EQ(e.code(), ErrorCode::not_found);
    EXPECT_EQ(e.field(), "/params/removed/1");
    EXPECT_NE(std::string(e.what()).find("NOBODY"), std::string::npos);
    EXPECT_EQ(stored(), before);
}

TEST_F(DirectorySync, RemovingAndUpsertingTheSameIdIsRefused) {
    const auto before = stored();
    const psp::Error e = refusal({SyncMode::incremental, {employee("C", "B")}, {"C"}, ""});
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/removed/0");
    EXPECT_EQ(stored(), before);
}

TEST_F(DirectorySync, FullSyncTakesNoRemovals) {
    const auto before = stored();
    const psp::Error e = refusal({SyncMode::full, seed_, {"C"}, ""});
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/removed");
    EXPECT_EQ(stored(), before);
}

TEST_F(DirectorySync, StateRecordsModeTimeAndCursor) {
    DirectoryState s = state();
    EXPECT_EQ(s.last_mode, "full");
    EXPECT_EQ(s.last_sync_ms, 100);
    EXPECT_EQ(s.host_cursor, "cursor-0");

    apply({SyncMode::incremental, {employee("F", "B")}, {}, "cursor-1"}, 5'000);
    s = state();
    EXPECT_EQ(s.last_mode, "incremental");
    EXPECT_EQ(s.last_sync_ms, 5'000);
    EXPECT_EQ(s.host_cursor, "cursor-1");
}

TEST_F(DirectorySync, ASyncWithoutCursorKeepsThePreviousOne) {
    apply({SyncMode::incremental, {employee("F", "B")}, {}, ""}, 7'000);
    const DirectoryState s = state();
    EXPECT_EQ(s.last_mode, "incremental");
    EXPECT_EQ(s.last_sync_ms, 7'000);
    EXPECT_EQ(s.host_cursor, "cursor-0");
}

TEST(DirectoryState, IsEmptyBeforeTheFirstSync) {
    psp_test::TestDatabase database;
    DirectoryState s;
    database.db().read([&](soci::session &sql) { s = DirectoryStore(sql).state(); });
    EXPECT_TRUE(s.last_mode.empty());
    EXPECT_EQ(s.last_sync_ms, 0);
    EXPECT_TRUE(s.host_cursor.empty());
}

}  // namespace

// An incremental sync given the cached index reads only the records it touches. Each case below
// runs the same change twice, on two databases holding the same directory: once with the index
// of the current revision, once without; the answers and the stored directories must agree.
class IndexedIncrementalSync : public ::testing::Test {
  protected:
    struct Run {
        bool refused = false;
        std::string error;
        SyncOutcome outcome;
        std::map<std::string, EmployeeRecord> stored;
        std::set<std::string> indexed;  // the ids of the index built from outcome.chart
    };

    // Thrown to roll a run back once it has been read, so the rounds share two databases: a
    // schema each on PostgreSQL is costly to create.
    struct RolledBack : std::exception {};

    static Run run(psp_test::TestDatabase &db, const std::vector<EmployeeRecord> &seed,
                   const DirectoryChange &change, bool with_index) {
        Run r;
        try {
            db.db().write([&](soci::session &sql) {
                DirectoryStore store(sql);
                const SyncOutcome first =
                    psp::apply_directory_change(store, {SyncMode::full, seed, {}, ""}, {}, 1);
                psp::CachedOrgChart known;
                if (with_index) {
                    known = {std::make_shared<const psp::OrgChartIndex>(
                                 psp::OrgChartIndex::build(first.chart)),
                             first.revision};
                }
                try {
                    r.outcome = psp::apply_directory_change(store, change, {}, 2, known);
                } catch (const psp::Error &e) {
                    r.refused = true;
                    r.error = e.what();
                    throw RolledBack();
                }
                r.stored = records_by_id(store.load_all());
                throw RolledBack();
            });
        } catch (const RolledBack &) {
        }
        if (r.refused) {
            return r;
        }
        const psp::OrgChartIndex index = psp::OrgChartIndex::build(r.outcome.chart);
        for (psp::OrgChartIndex::Node n = 0; n < index.size(); ++n) {
            r.indexed.insert(index.id_of(n));
        }
        return r;
    }

    void expect_same(const std::vector<EmployeeRecord> &seed, const DirectoryChange &change) {
        const Run plain = run(plain_db_, seed, change, false);
        const Run indexed = run(indexed_db_, seed, change, true);
        ASSERT_EQ(indexed.refused, plain.refused) << plain.error << " | " << indexed.error;
        EXPECT_EQ(indexed.error, plain.error);
        if (plain.refused) {
            return;
        }
        EXPECT_EQ(indexed.outcome.added, plain.outcome.added);
        EXPECT_EQ(indexed.outcome.updated, plain.outcome.updated);
        EXPECT_EQ(indexed.outcome.removed, plain.outcome.removed);
        EXPECT_EQ(indexed.outcome.unchanged, plain.outcome.unchanged);
        EXPECT_EQ(indexed.outcome.total, plain.outcome.total);
        EXPECT_EQ(indexed.stored, plain.stored);
        EXPECT_EQ(indexed.indexed, plain.indexed);
    }

    // CHIEF at the top; A and B report to CHIEF; C reports to A; D to C.
    std::vector<EmployeeRecord> seed_ = {employee("CHIEF"), employee("A", "CHIEF"),
                                         employee("B", "CHIEF"), employee("C", "A"),
                                         employee("D", "C")};
    psp_test::TestDatabase plain_db_, indexed_db_;
};

TEST_F(IndexedIncrementalSync, UpdatesAdditionsAndRemovalsMatchTheFullRead) {
    EmployeeRecord a = employee("A", "CHIEF");
    a.title = "Captain";
    expect_same(seed_, {SyncMode::incremental, {a, employee("E", "B")}, {"D"}, ""});
    expect_same(seed_, {SyncMode::incremental, {seed_[2]}, {}, ""});  // unchanged
}

TEST_F(IndexedIncrementalSync, EveryRefusalIsTheFullReadsRefusal) {
    // A cycle through untouched people (CHIEF -> A -> C -> D, and now CHIEF under D).
    expect_same(seed_, {SyncMode::incremental, {employee("CHIEF", "D")}, {}, ""});
    // A removed supervisor someone untouched still reports to.
    expect_same(seed_, {SyncMode::incremental, {}, {"C"}, ""});
    // A supervisor nobody has heard of; a second top; a removal of someone unknown.
    expect_same(seed_, {SyncMode::incremental, {employee("E", "NOBODY")}, {}, ""});
    expect_same(seed_, {SyncMode::incremental, {employee("E")}, {}, ""});
    expect_same(seed_, {SyncMode::incremental, {}, {"NOBODY"}, ""});
    // The same person twice in one change.
    expect_same(seed_, {SyncMode::incremental, {employee("E", "A"), employee("E", "B")}, {}, ""});
}

// Random charts, random changes: the index path never accepts what the full read refuses.
TEST_F(IndexedIncrementalSync, RandomChangesAgreeWithTheFullRead) {
    std::mt19937 random(20261205);
    for (int round = 0; round < 60; ++round) {
        std::vector<EmployeeRecord> seed = {employee("P0")};
        const int size = 3 + static_cast<int>(random() % 12);
        for (int i = 1; i < size; ++i) {
            seed.push_back(employee("P" + std::to_string(i),
                                    "P" + std::to_string(random() % static_cast<unsigned>(i))));
        }
        DirectoryChange change{SyncMode::incremental, {}, {}, ""};
        const int edits = 1 + static_cast<int>(random() % 3);
        for (int k = 0; k < edits; ++k) {
            const std::string who =
                "P" + std::to_string(random() % static_cast<unsigned>(size + 2));
            const unsigned kind = random() % 4;
            if (kind == 0) {
                change.removals.push_back(who);
            } else {
                const std::string boss =
                    kind == 1 ? ""
                              : "P" + std::to_string(random() % static_cast<unsigned>(size + 1));
                change.upserts.push_back(employee(who, boss));
            }
        }
        SCOPED_TRACE("round " + std::to_string(round));
        expect_same(seed, change);
    }
}

// An index of another revision must not be trusted: here it still holds X, whom the directory
// no longer has, so adding someone under X through it would store a dangling supervisor.
TEST_F(IndexedIncrementalSync, AnIndexOfAnotherRevisionIsNotUsed) {
    psp_test::TestDatabase db;
    std::vector<EmployeeRecord> with_x = seed_;
    with_x.push_back(employee("X", "CHIEF"));
    const auto attempt = [&](bool same_revision) {
        bool refused = false;
        db.db().write([&](soci::session &sql) {
            DirectoryStore store(sql);
            const SyncOutcome old =
                psp::apply_directory_change(store, {SyncMode::full, with_x, {}, ""}, {}, 1);
            const SyncOutcome now =
                psp::apply_directory_change(store, {SyncMode::full, seed_, {}, ""}, {}, 2);
            const psp::CachedOrgChart known{
                std::make_shared<const psp::OrgChartIndex>(psp::OrgChartIndex::build(old.chart)),
                same_revision ? now.revision : old.revision};
            try {
                psp::apply_directory_change(
                    store, {SyncMode::incremental, {employee("E", "X")}, {}, ""}, {}, 3, known);
            } catch (const psp::Error &e) {
                refused = e.code() == ErrorCode::invalid_org_chart;
            }
        });
        return refused;
    };
    EXPECT_TRUE(attempt(false));
    // The control: labelled with the current revision, the stale index is believed, which is why
    // the revision is checked inside the writing transaction.
    EXPECT_FALSE(attempt(true));
}

// An incremental change that leaves every fact the index holds as it was (a new title) hands
// back the index it was checked against, for the new revision, when that index serves today; a
// change of any indexed fact, an addition, a removal, or an index of another day gets the whole
// chart to build from, and that chart is the one the full read gives.
TEST_F(IndexedIncrementalSync, OnlyAChangeOfNoIndexedFactKeepsTheIndex) {
    const auto outcome_of = [&](const DirectoryChange &change, bool serves_today) {
        psp_test::TestDatabase db;
        SyncOutcome outcome;
        std::shared_ptr<const psp::OrgChartIndex> index;
        db.db().write([&](soci::session &sql) {
            DirectoryStore store(sql);
            const SyncOutcome first =
                psp::apply_directory_change(store, {SyncMode::full, seed_, {}, ""}, {}, 1);
            index =
                std::make_shared<const psp::OrgChartIndex>(psp::OrgChartIndex::build(first.chart));
            outcome = psp::apply_directory_change(store, change, {}, 2,
                                                  {index, first.revision, serves_today});
        });
        return std::make_pair(outcome, outcome.index == index && index != nullptr);
    };
    EmployeeRecord retitled = seed_[3];  // C, under A
    retitled.title = "Lieutenant";
    retitled.name = "Someone Else";
    retitled.unit = "Unit 9";
    {
        const auto [outcome, kept] = outcome_of({SyncMode::incremental, {retitled}, {}, ""}, true);
        EXPECT_TRUE(kept);
        EXPECT_TRUE(outcome.chart.empty());
        EXPECT_EQ(outcome.updated, 1u);
        EXPECT_EQ(outcome.total, seed_.size());
    }
    EXPECT_FALSE(outcome_of({SyncMode::incremental, {retitled}, {}, ""}, false).second);

    std::vector<EmployeeRecord> changes;
    changes.push_back(employee("C", "B"));  // another supervisor
    changes.push_back(seed_[3]);
    changes.back().division = "Division 9";
    changes.push_back(seed_[3]);
    changes.back().shift = "Night";
    changes.push_back(seed_[3]);
    changes.back().category = seed_[3].category == psp::StaffCategory::sworn
                                  ? psp::StaffCategory::civilian
                                  : psp::StaffCategory::sworn;
    changes.push_back(seed_[3]);
    changes.back().active = false;
    changes.push_back(employee("E", "A"));  // someone new
    for (const EmployeeRecord &e : changes) {
        SCOPED_TRACE(e.id + " " + e.supervisor_id + " " + e.division + " " + e.shift);
        const auto [outcome, kept] = outcome_of({SyncMode::incremental, {e}, {}, ""}, true);
        EXPECT_FALSE(kept);
        EXPECT_EQ(outcome.chart.size(), outcome.total);
        expect_same(seed_, {SyncMode::incremental, {e}, {}, ""});
    }
    const auto [removed, kept] = outcome_of({SyncMode::incremental, {}, {"D"}, ""}, true);
    EXPECT_FALSE(kept);
    EXPECT_EQ(removed.total, seed_.size() - 1);
}
