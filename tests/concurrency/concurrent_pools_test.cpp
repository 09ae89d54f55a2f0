// concurrent_pools_test.cpp: host threads calling several instances whose pools open, close and
// reclaim connections under one process-wide limit, as agencies on one server do. Run in every
// build, on both databases, and under ThreadSanitizer: every read answers, the limit is never
// exceeded, and no connection is left open once the instances are gone.
#include <gtest/gtest.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "plugin/storage/connection_pool.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/server_connection_limit.hpp"
#include "test_backend.hpp"
#include "test_host.hpp"

namespace {

using namespace std::chrono_literals;

TEST(ConcurrentPools, ReadsOnManyInstancesUnderOneLimitWhileIdleConnectionsClose) {
    psp_test::TempDir dir("psp-concurrent-pools");
    constexpr int kInstances = 4, kThreads = 6, kReads = 60;
    std::vector<std::unique_ptr<psp_test::TestStorage>> storages;
    std::vector<std::unique_ptr<psp::Database>> instances;
    for (int i = 0; i < kInstances; ++i) {
        storages.push_back(std::make_unique<psp_test::TestStorage>(
            dir.file("agency-" + std::to_string(i) + ".sqlite3")));
        psp::StorageConfig config = storages.back()->config_with_pool(3);
        config.idle_close = 5ms;  // connections close and reopen all along
        instances.push_back(std::make_unique<psp::Database>(config));
        instances.back()->write([](soci::session &sql) { sql << "CREATE TABLE t (v INTEGER)"; });
        instances.back()->write([](soci::session &sql) { sql << "INSERT INTO t VALUES (7)"; });
    }
    std::atomic<int> answered{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kReads; ++i) {
                psp::Database &db = *instances[static_cast<std::size_t>((t + i) % kInstances)];
                db.read([&](soci::session &sql) {
                    int v = 0;
                    sql << "SELECT v FROM t", soci::into(v);
                    // A nested read reuses the thread's connection.
                    db.read([&](soci::session &inner) {
                        int w = 0;
                        inner << "SELECT v FROM t", soci::into(w);
                        if (v == 7 && w == 7) ++answered;
                    });
                });
                if (i % 10 == 0) std::this_thread::sleep_for(6ms);
            }
        });
    }
    for (std::thread &thread : threads) thread.join();
    EXPECT_EQ(answered.load(), kThreads * kReads);
    for (const auto &db : instances) EXPECT_LE(db->pool().open_connections(), 3u);
}

TEST(ConcurrentPools, ALimitSharedByPoolsIsNeverExceeded) {
    psp_test::TempDir dir("psp-concurrent-limit");
    psp_test::TestStorage storage(dir.file("shared.sqlite3"));
    {
        psp::Database setup(storage.config());
        setup.write([](soci::session &sql) { sql << "CREATE TABLE t (v INTEGER)"; });
    }
    auto limit = std::make_shared<psp::ServerConnectionLimit>("concurrency test", 2);
    const psp::StorageConfig config = storage.config();
    std::vector<std::shared_ptr<psp::ConnectionPool>> pools;
    for (int i = 0; i < 3; ++i) {
        pools.push_back(psp::ConnectionPool::create(
            {3, 2ms, 10s},
            [config](soci::session &s) {
                config.backend == psp::Backend::sqlite
                    ? s.open(soci::sqlite3, "db=" + config.connection + " timeout=10")
                    : s.open(soci::postgresql, config.connection);
            },
            limit));
    }
    std::atomic<std::size_t> peak{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 5; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 30; ++i) {
                psp::ConnectionPool::Lease lease(*pools[static_cast<std::size_t>((t + i) % 3)]);
                const std::size_t open = limit->open();
                std::size_t seen = peak.load();
                while (open > seen && !peak.compare_exchange_weak(seen, open)) {
                }
                lease.session() << "SELECT count(*) FROM t";
            }
        });
    }
    for (std::thread &thread : threads) thread.join();
    EXPECT_LE(peak.load(), 2u);
    pools.clear();
    EXPECT_EQ(limit->open(), 0u) << "every closed connection gave its slot back";
}

}  // namespace
