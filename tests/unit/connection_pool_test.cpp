// connection_pool_test.cpp: connections opened on demand and closed when idle, and the
// process-wide limit of connections to one PostgreSQL server, on real databases: one connection
// at creation, more only while calls overlap; idle ones closed after the idle period, by the
// pool's own next use or by another pool's; statements still prepared after a reopen; a limit
// shared by several pools that holds under concurrent calls, reclaims an idle connection of
// another pool rather than waiting, and ends a wait with an error naming what to configure.
#include "plugin/storage/connection_pool.hpp"

#include <gtest/gtest.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/server_connection_limit.hpp"
#include "test_fixtures.hpp"

namespace {

using namespace std::chrono_literals;
using psp::ConnectionPool;
using psp::ErrorCode;
using psp::ServerConnectionLimit;
using psp_test::error_from;

// A private database (SQLite file or PostgreSQL schema) with one table, and Databases on it with
// the pool settings a test chooses.
class PoolTest : public ::testing::Test {
  protected:
    PoolTest() : dir_("psp-pool"), storage_(dir_.file("pool.sqlite3")) {
        psp::Database setup(storage_.config());
        setup.write([](soci::session &sql) { sql << "CREATE TABLE kv (k TEXT, v INTEGER)"; });
        setup.write([](soci::session &sql) { sql << "INSERT INTO kv VALUES ('a', 7)"; });
    }
    psp::StorageConfig config(std::size_t pool_size, std::chrono::milliseconds idle,
                              std::chrono::milliseconds wait = 10s) const {
        psp::StorageConfig c = storage_.config_with_pool(pool_size);
        c.idle_close = idle;
        c.wait = wait;
        return c;
    }
    static int read_value(psp::Database &db) {
        int v = -1;
        db.read([&](soci::session &sql) {
            psp::PreparedQuery(sql, "SELECT v FROM kv WHERE k = 'a'").into(v).execute();
        });
        return v;
    }

    psp_test::TempDir dir_;
    psp_test::TestStorage storage_;
};

// `threads` reads at once on `db`, each holding its connection until all have started.
void overlapping_reads(psp::Database &db, int threads) {
    std::atomic<int> inside{0};
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([&] {
            db.read([&](soci::session &) {
                ++inside;
                while (inside.load() < threads) std::this_thread::yield();
            });
        });
    }
    for (std::thread &t : running) t.join();
}

TEST_F(PoolTest, OneConnectionAtCreationAndMoreOnlyWhileCallsOverlap) {
    psp::Database db(config(4, 60s));
    EXPECT_EQ(db.pool().open_connections(), 1u);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(read_value(db), 7);
    EXPECT_EQ(db.pool().open_connections(), 1u) << "calls one after another share one connection";
    overlapping_reads(db, 3);
    EXPECT_EQ(db.pool().open_connections(), 3u);
    EXPECT_EQ(db.pool().idle_connections(), 3u);
}

TEST_F(PoolTest, ACreationThatCannotConnectFailsAtOnce) {
    psp::StorageConfig bad = config(4, 60s);
    bad.connection = bad.backend == psp::Backend::sqlite
                         ? dir_.file("no-such-folder/x.sqlite3")
                         : "host=127.0.0.1 port=1 dbname=nothing connect_timeout=2";
    const psp::Error e = error_from([&] { psp::Database db(bad); });
    EXPECT_EQ(e.code(), ErrorCode::storage_error);
}

TEST_F(PoolTest, ConnectionsIdleLongerThanThePeriodAreClosedAtTheNextUse) {
    psp::Database db(config(4, 150ms));
    overlapping_reads(db, 3);
    ASSERT_EQ(db.pool().open_connections(), 3u);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(read_value(db), 7) << "a reopened connection prepares its statements anew";
    EXPECT_EQ(db.pool().open_connections(), 1u) << "the three expired, one was opened";
    EXPECT_EQ(read_value(db), 7);
    EXPECT_EQ(db.pool().open_connections(), 1u);
}

TEST_F(PoolTest, AQuietPoolsConnectionsAreClosedByAnotherPoolsUse) {
    psp::Database quiet(config(4, 100ms));
    psp::Database busy(config(4, 60s));
    overlapping_reads(quiet, 2);
    ASSERT_EQ(quiet.pool().open_connections(), 2u);
    // The process's sweep runs at most once a second, on any pool's use.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (quiet.pool().open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
        read_value(busy);
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(quiet.pool().open_connections(), 0u);
    EXPECT_EQ(busy.pool().open_connections(), 1u);
    EXPECT_EQ(read_value(quiet), 7) << "a pool with no connection opens one again";
}

TEST_F(PoolTest, AFullPoolMakesACallWaitThenFailsNamingTheSetting) {
    psp::Database db(config(1, 60s, 200ms));
    std::promise<void> release;
    std::promise<void> holding;
    std::thread holder([&] {
        db.read([&](soci::session &) {
            holding.set_value();
            release.get_future().wait();
        });
    });
    holding.get_future().wait();
    const auto start = std::chrono::steady_clock::now();
    const psp::Error e = error_from([&] { read_value(db); });
    EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
    EXPECT_EQ(e.code(), ErrorCode::storage_error);
    EXPECT_NE(std::string(e.what()).find("storage.pool_size"), std::string::npos) << e.what();
    release.set_value();
    holder.join();
    EXPECT_EQ(read_value(db), 7) << "the pool works again once the connection is back";
}

// A thread that holds a connection and asks for another (a read nested in a write, say) while the
// server's limit is reached waits out its deadline and fails: it never hangs.
TEST_F(PoolTest, ASecondConnectionBeyondAFullLimitFailsInsteadOfHanging) {
    auto limit = std::make_shared<ServerConnectionLimit>("test", 1);
    auto pool = ConnectionPool::create(
        {2, 60s, 300ms},
        [this](soci::session &s) {
            psp::StorageConfig c = storage_.config();
            c.backend == psp::Backend::sqlite
                ? s.open(soci::sqlite3, "db=" + c.connection + " timeout=10")
                : s.open(soci::postgresql, c.connection);
        },
        limit);
    ConnectionPool::Lease outer(*pool);
    EXPECT_EQ(limit->open(), 1u);
    const psp::Error e = error_from([&] { ConnectionPool::Lease second(*pool); });
    EXPECT_NE(std::string(e.what()).find(psp::kConnectionsPerServerVariable), std::string::npos)
        << e.what();
    EXPECT_EQ(pool->open_connections(), 1u) << "the failed opening gave its place back";
}

// Several pools on one limit, as agencies on one server are.
class SharedLimitTest : public PoolTest {
  protected:
    std::shared_ptr<ConnectionPool> pool(std::size_t size, std::chrono::milliseconds wait = 10s) {
        const psp::StorageConfig c = storage_.config();
        auto p = ConnectionPool::create(
            {size, 60s, wait},
            [c](soci::session &s) {
                c.backend == psp::Backend::sqlite
                    ? s.open(soci::sqlite3, "db=" + c.connection + " timeout=10")
                    : s.open(soci::postgresql, c.connection);
            },
            limit_);
        return p;
    }
    std::shared_ptr<ServerConnectionLimit> limit_ =
        std::make_shared<ServerConnectionLimit>("shared test server", 3);
};

TEST_F(SharedLimitTest, HoldsUnderConcurrentCallsOnManyPools) {
    std::vector<std::shared_ptr<ConnectionPool>> pools;
    for (int i = 0; i < 4; ++i) pools.push_back(pool(4));
    constexpr int kThreads = 8, kCalls = 40;
    std::atomic<std::size_t> peak{0};
    std::atomic<int> held{0}, peak_held{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kCalls; ++i) {
                ConnectionPool::Lease lease(*pools[static_cast<std::size_t>((t + i) % 4)]);
                const int now_held = ++held;
                peak_held = std::max(peak_held.load(), now_held);
                std::size_t open = limit_->open();
                peak = std::max(peak.load(), open);
                int v = 0;
                lease.session() << "SELECT v FROM kv WHERE k = 'a'", soci::into(v);
                EXPECT_EQ(v, 7);
                std::this_thread::sleep_for(1ms);
                --held;
                ++done;
            }
        });
    }
    for (std::thread &t : threads) t.join();
    EXPECT_EQ(done.load(), kThreads * kCalls);
    EXPECT_LE(peak.load(), 3u);
    EXPECT_LE(peak_held.load(), 3);
    EXPECT_GE(peak_held.load(), 2) << "the calls did overlap";
    std::size_t open = 0;
    for (const auto &p : pools) open += p->open_connections();
    EXPECT_EQ(open, limit_->open());
}

TEST_F(SharedLimitTest, AnIdleConnectionOfAnotherPoolIsClosedRatherThanWaitedFor) {
    auto quiet = pool(4), other = pool(4), caller = pool(4, 1s);
    { ConnectionPool::Lease a(*quiet), b(*quiet), c(*other); }
    ASSERT_EQ(limit_->open(), 3u);
    const auto start = std::chrono::steady_clock::now();
    {
        ConnectionPool::Lease lease(*caller);
        EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
        EXPECT_EQ(limit_->open(), 3u);
        EXPECT_EQ(quiet->open_connections() + other->open_connections(), 2u);
    }
}

TEST_F(SharedLimitTest, AWaitForABusyServerEndsWithAnErrorNamingTheLimit) {
    auto holder = pool(4), caller = pool(4, 250ms);
    ConnectionPool::Lease a(*holder), b(*holder), c(*holder);
    const auto start = std::chrono::steady_clock::now();
    const psp::Error e = error_from([&] { ConnectionPool::Lease lease(*caller); });
    EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
    EXPECT_EQ(e.code(), ErrorCode::storage_error);
    const std::string message = e.what();
    EXPECT_NE(message.find("PSP_PG_CONNECTIONS_PER_SERVER"), std::string::npos) << message;
    EXPECT_NE(message.find("limit of 3"), std::string::npos) << message;
    EXPECT_EQ(caller->open_connections(), 0u);
    EXPECT_EQ(limit_->open(), 3u);
}

TEST_F(SharedLimitTest, AWaiterGetsTheSlotAConnectionGivesBack) {
    auto holder = pool(4), caller = pool(4, 5s);
    auto a = std::make_unique<ConnectionPool::Lease>(*holder);
    ConnectionPool::Lease b(*holder), c(*holder);
    std::future<void> waiter =
        std::async(std::launch::async, [&] { ConnectionPool::Lease lease(*caller); });
    EXPECT_EQ(waiter.wait_for(200ms), std::future_status::timeout);
    a.reset();  // idle now: the waiter closes it and opens its own
    EXPECT_EQ(waiter.wait_for(3s), std::future_status::ready);
    waiter.get();
}

TEST(ServerConnectionLimitKey, NamesTheServerNotTheDatabaseUserOrOptions) {
    const std::string a = ServerConnectionLimit::server_key(
        "host=127.0.0.1 port=5433 user=psp_plugin dbname=psp options='-c search_path=a'");
    EXPECT_EQ(a, ServerConnectionLimit::server_key(
                     "host=127.0.0.1 port=5433 user=other dbname=x options='-c search_path=b'"));
    EXPECT_EQ(a, ServerConnectionLimit::server_key("postgresql://u@127.0.0.1:5433/psp"));
    EXPECT_NE(a, ServerConnectionLimit::server_key("host=127.0.0.1 port=5434 dbname=psp"));
    EXPECT_NE(a, ServerConnectionLimit::server_key("host=10.0.0.2 port=5433 dbname=psp"));
}

// Sets an environment variable for one test's duration.
class ScopedEnv {
  public:
    ScopedEnv(const char *name, const char *value) : name_(name) {
        if (const char *old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnv() { old_.empty() ? ::unsetenv(name_) : ::setenv(name_, old_.c_str(), 1); }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

  private:
    const char *name_;
    std::string old_;
};

TEST(ServerConnectionLimitSetting, DefaultsTo64AndRefusesWhatIsNotACount) {
    {
        ScopedEnv unset(psp::kConnectionsPerServerVariable, "");
        EXPECT_EQ(ServerConnectionLimit::configured_limit(), 64u);
    }
    {
        ScopedEnv set(psp::kConnectionsPerServerVariable, "20");
        EXPECT_EQ(ServerConnectionLimit::configured_limit(), 20u);
    }
    for (const char *bad : {"0", "-3", "ten", "12x", "100000"}) {
        ScopedEnv set(psp::kConnectionsPerServerVariable, bad);
        const psp::Error e = error_from([] { ServerConnectionLimit::configured_limit(); });
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument) << bad;
    }
}

// On a real PostgreSQL server: instances on different schemas of one server share the process's
// limit, and the server itself never sees more of their connections than the limit.
TEST(ServerConnectionLimitOnPostgresql, InstancesOnOneServerShareTheLimit) {
    if (!psp_test::testing_postgresql()) GTEST_SKIP() << "needs the PostgreSQL test cluster";
    ScopedEnv limit(psp::kConnectionsPerServerVariable, "3");
    const std::string application = "psp_limit_test_" + std::to_string(::getpid());
    psp_test::TempDir dir("psp-pool-pg");
    std::vector<std::unique_ptr<psp_test::TestStorage>> schemas;
    std::vector<std::unique_ptr<psp::Database>> agencies;
    for (int i = 0; i < 4; ++i) {
        schemas.push_back(std::make_unique<psp_test::TestStorage>(dir.file("unused")));
        psp::StorageConfig c = schemas.back()->config_with_pool(4);
        c.connection += " application_name=" + application;
        agencies.push_back(std::make_unique<psp::Database>(c));
    }
    soci::session admin(soci::postgresql, std::getenv("PSP_TEST_PG_ADMIN"));
    auto on_server = [&] {
        int n = 0;
        admin << "SELECT count(*) FROM pg_stat_activity WHERE application_name = :a",
            soci::use(application), soci::into(n);
        return n;
    };
    EXPECT_LE(on_server(), 3) << "four instances created, each opening one: one was reclaimed";
    std::atomic<int> peak{0};
    std::atomic<bool> stop{false};
    std::thread sampler([&] {
        soci::session watch(soci::postgresql, std::getenv("PSP_TEST_PG_ADMIN"));
        while (!stop) {
            int n = 0;
            watch << "SELECT count(*) FROM pg_stat_activity WHERE application_name = :a",
                soci::use(application), soci::into(n);
            peak = std::max(peak.load(), n);
            std::this_thread::sleep_for(2ms);
        }
    });
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                agencies[static_cast<std::size_t>((t + i) % 4)]->read(
                    [&](soci::session &sql) { sql << "SELECT pg_sleep(0.005)"; });
                ++ok;
            }
        });
    }
    for (std::thread &t : threads) t.join();
    stop = true;
    sampler.join();
    EXPECT_EQ(ok.load(), 80);
    EXPECT_LE(peak.load(), 3);
    EXPECT_GE(peak.load(), 2) << "the reads did overlap on the server";
    agencies.clear();
    const auto deadline = std::chrono::steady_clock::now() + 5s;  // backends exit asynchronously
    while (on_server() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(on_server(), 0) << "destroyed instances leave no connection behind";
}

}  // namespace
