// idempotency_store_test.cpp: stored first responses on real SQLite: round trip, unknown keys,
// a key saved once only (a second save refused), and nothing kept when the surrounding transaction
// rolls back.
#include "plugin/storage/idempotency_store.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::IdempotencyStore;
using psp::StoredResponse;
using psp_test::error_from;

std::optional<StoredResponse> find(psp_test::TestDatabase &database, const std::string &key) {
    std::optional<StoredResponse> found;
    database.db().read([&](soci::session &sql) { found = IdempotencyStore(sql).find(key); });
    return found;
}

TEST(IdempotencyStore, RoundTrip) {
    psp_test::TestDatabase database;
    const StoredResponse saved{"directory.sync", std::string(64, 'a'),
                               R"({"added":3,"text":"caf\u00e9 \"quoted\""})"};
    database.db().write(
        [&](soci::session &sql) { IdempotencyStore(sql).save("key-1", saved, 1234); });
    const auto found = find(database, "key-1");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->method, saved.method);
    EXPECT_EQ(found->fingerprint, saved.fingerprint);
    EXPECT_EQ(found->response, saved.response);
    EXPECT_EQ(database.scalar("SELECT at_ms FROM idempotency WHERE idem_key = 'key-1'"), 1234);
}

TEST(IdempotencyStore, UnknownKeyIsNotFound) {
    psp_test::TestDatabase database;
    database.db().write([](soci::session &sql) {
        IdempotencyStore(sql).save("key-1", {"m", "f", "{}"}, 1);
    });
    EXPECT_FALSE(find(database, "key-2").has_value());
    EXPECT_FALSE(find(database, "KEY-1").has_value());
}

TEST(IdempotencyStore, AKeyIsSavedOnceOnly) {
    psp_test::TestDatabase database;
    bool first = false, second = true;
    database.db().write([&](soci::session &sql) {
        first = IdempotencyStore(sql).save("k", {"m", "first", "{}"}, 1);
    });
    database.db().write([&](soci::session &sql) {
        second = IdempotencyStore(sql).save("k", {"m", "second", "{}"}, 2);
    });
    EXPECT_TRUE(first);
    EXPECT_FALSE(second);  // refused, not overwritten
    EXPECT_EQ(find(database, "k")->fingerprint, "first");
    EXPECT_EQ(database.scalar("SELECT at_ms FROM idempotency WHERE idem_key = 'k'"), 1);
}

TEST(IdempotencyStore, RolledBackSaveLeavesNothing) {
    psp_test::TestDatabase database;
    error_from([&] {
        database.db().write([](soci::session &sql) {
            IdempotencyStore(sql).save("k", {"m", "f", "{}"}, 1);
            throw psp::Error(psp::ErrorCode::conflict, "the change failed after saving");
        });
    });
    EXPECT_FALSE(find(database, "k").has_value());
    EXPECT_EQ(database.scalar("SELECT COUNT(*) FROM idempotency"), 0);
}

}  // namespace
