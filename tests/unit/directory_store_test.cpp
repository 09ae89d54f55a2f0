// directory_store_test.cpp: the employee tables on real SQLite: round trip of every field, find,
// count, and search filters (text with LIKE wildcards taken literally, category, active, paging).
#include "plugin/storage/directory_store.hpp"

#include <gtest/gtest.h>

#include "test_fixtures.hpp"

namespace {

using psp::DirectoryStore;
using psp::EmployeeQuery;
using psp::EmployeeRecord;
using psp_test::employee;

class DirectoryStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        EmployeeRecord percent = employee("P1", "E0");
        percent.name = "Ann 100% Sure";
        EmployeeRecord underscore = employee("P2", "E0");
        underscore.name = "Bob_Under";
        EmployeeRecord retired = employee("P3", "E0");
        retired.active = false;
        retired.category = psp::StaffCategory::dispatcher;
        records_ = psp_test::chain_of(3);
        records_.insert(records_.end(), {percent, underscore, retired});
        database_.db().write([&](soci::session &sql) { DirectoryStore(sql).upsert(records_, 42); });
    }

    std::vector<std::string> ids_of(const EmployeeQuery &q) {
        std::vector<std::string> ids;
        database_.db().read([&](soci::session &sql) {
            for (const EmployeeRecord &e : DirectoryStore(sql).search(q)) {
                ids.push_back(e.id);
            }
        });
        return ids;
    }

    psp_test::TestDatabase database_;
    std::vector<EmployeeRecord> records_;
};

TEST_F(DirectoryStoreTest, EveryFieldRoundTrips) {
    database_.db().read([&](soci::session &sql) {
        DirectoryStore store(sql);
        EXPECT_EQ(store.count(), records_.size());
        for (const EmployeeRecord &e : records_) {
            EXPECT_EQ(store.find(e.id), e) << e.id;
        }
        EXPECT_FALSE(store.find("nobody").has_value());
    });
}

TEST_F(DirectoryStoreTest, TextMatchesIdExactlyOrNamePartCaseInsensitively) {
    EXPECT_EQ(ids_of({.text = "E1"}), std::vector<std::string>{"E1"});
    EXPECT_EQ(ids_of({.text = "bob_"}), std::vector<std::string>{"P2"});
    EXPECT_EQ(ids_of({.text = "NAME OF E2"}), std::vector<std::string>{"E2"});
}

TEST_F(DirectoryStoreTest, LikeWildcardsInTextAreLiteral) {
    EXPECT_EQ(ids_of({.text = "100%"}), std::vector<std::string>{"P1"});
    EXPECT_EQ(ids_of({.text = "%"}), std::vector<std::string>{"P1"});
    EXPECT_EQ(ids_of({.text = "_"}), std::vector<std::string>{"P2"});
}

TEST_F(DirectoryStoreTest, CategoryAndActiveFilter) {
    EXPECT_EQ(ids_of({.category = psp::StaffCategory::dispatcher}), std::vector<std::string>{"P3"});
    EXPECT_EQ(ids_of({.active = false}), std::vector<std::string>{"P3"});
    EXPECT_EQ(ids_of({.active = true}).size(), records_.size() - 1);
}

TEST_F(DirectoryStoreTest, KeysetPagingVisitsEveryoneOnceInIdOrder) {
    std::vector<std::string> seen;
    EmployeeQuery q;
    q.limit = 2;
    for (int page = 0; page < 10; ++page) {
        const std::vector<std::string> ids = ids_of(q);
        seen.insert(seen.end(), ids.begin(), ids.end());
        if (ids.size() < q.limit) {
            break;
        }
        q.after_id = ids.back();
    }
    std::vector<std::string> expected;
    for (const EmployeeRecord &e : records_) {
        expected.push_back(e.id);
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(seen, expected);
}

TEST_F(DirectoryStoreTest, RemoveAndReplaceAll) {
    database_.db().write([&](soci::session &sql) { DirectoryStore(sql).remove({"P1", "P2"}); });
    EXPECT_EQ(ids_of({}).size(), records_.size() - 2);
    database_.db().write(
        [&](soci::session &sql) { DirectoryStore(sql).replace_all({employee("ONLY")}, 1); });
    EXPECT_EQ(ids_of({}), std::vector<std::string>{"ONLY"});
}

}  // namespace

namespace {

// Written in host id order for speed; a host id listed twice still keeps its later pair, and a
// replacing save forgets pairs the pull no longer lists.
TEST(HostIdentities, LaterPairWinsWhateverTheOrderAndReplaceForgets) {
    psp_test::TestDatabase database;
    database.db().write([&](soci::session &sql) {
        DirectoryStore(sql).save_host_identities(
            {{"f-uuid", "E6"}, {"a-uuid", "E1"}, {"c-uuid", "E3"}, {"a-uuid", "E9"}}, true);
    });
    std::unordered_map<std::string, std::string> saved;
    database.db().read([&](soci::session &sql) { saved = DirectoryStore(sql).host_identities(); });
    EXPECT_EQ(saved, (std::unordered_map<std::string, std::string>{
                         {"a-uuid", "E9"}, {"c-uuid", "E3"}, {"f-uuid", "E6"}}));
    database.db().write([&](soci::session &sql) {
        DirectoryStore(sql).save_host_identities({{"c-uuid", "E4"}}, true);
    });
    database.db().read([&](soci::session &sql) { saved = DirectoryStore(sql).host_identities(); });
    EXPECT_EQ(saved, (std::unordered_map<std::string, std::string>{{"c-uuid", "E4"}}));
}

}  // namespace
