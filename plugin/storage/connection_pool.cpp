// connection_pool.cpp: leasing, opening on demand, closing idle connections, and the process's
// sweep of quiet pools.
#include "plugin/storage/connection_pool.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <string>

#include "plugin/core/error.hpp"
#include "plugin/storage/prepared_statements.hpp"

namespace psp {

// A connection, its statement cache (released first: declared last) and its slot of the
// server's limit, given back when the connection closes.
struct ConnectionPool::Lease::Connection {
    explicit Connection(std::shared_ptr<ServerConnectionLimit> slot) : limit(std::move(slot)) {}
    ~Connection() {
        statements.reset();
        session.reset();
        if (limit) {
            limit->release();
        }
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    std::shared_ptr<ServerConnectionLimit> limit;
    std::unique_ptr<soci::session> session;
    std::unique_ptr<PreparedStatements> statements;
    Clock::time_point last_used;
};

// Every pool of the process, so that one pool's use closes the others' expired connections at
// most once a second: an agency nobody calls would otherwise keep its connections forever.
class PoolSweep {
  public:
    static PoolSweep &process() {
        static PoolSweep sweep;
        return sweep;
    }
    void enrol(std::weak_ptr<ConnectionPool> pool) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::erase_if(pools_, [](const std::weak_ptr<ConnectionPool> &p) { return p.expired(); });
        pools_.push_back(std::move(pool));
    }
    void run_if_due(ConnectionPool::Clock::time_point now) {
        const auto ticks = now.time_since_epoch().count();
        auto due = next_.load(std::memory_order_relaxed);
        if (ticks < due || !next_.compare_exchange_strong(due, ticks + kInterval.count())) {
            return;  // not yet, or another thread is sweeping
        }
        std::vector<std::shared_ptr<ConnectionPool>> pools;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto &weak : pools_) {
                if (auto pool = weak.lock()) {
                    pools.push_back(std::move(pool));
                }
            }
        }
        for (const auto &pool : pools) {
            pool->close_expired(now);
        }
    }

  private:
    static constexpr std::chrono::duration<ConnectionPool::Clock::rep,
                                           ConnectionPool::Clock::period>
        kInterval = std::chrono::seconds(1);
    std::mutex mutex_;
    std::vector<std::weak_ptr<ConnectionPool>> pools_;
    std::atomic<ConnectionPool::Clock::rep> next_{0};
};

std::shared_ptr<ConnectionPool> ConnectionPool::create(
    const Settings &settings, Opener opener, std::shared_ptr<ServerConnectionLimit> limit) {
    std::shared_ptr<ConnectionPool> pool(
        new ConnectionPool(settings, std::move(opener), std::move(limit)));
    if (pool->limit_) {
        pool->limit_->enrol(pool);
    }
    PoolSweep::process().enrol(pool);
    return pool;
}

ConnectionPool::ConnectionPool(const Settings &settings, Opener opener,
                               std::shared_ptr<ServerConnectionLimit> limit)
    : settings_(settings), opener_(std::move(opener)), limit_(std::move(limit)) {}

ConnectionPool::~ConnectionPool() = default;  // the idle connections close, their slots go back

ConnectionPool::Lease::Lease(ConnectionPool &pool) : pool_(pool), connection_(pool.take()) {}

ConnectionPool::Lease::~Lease() {
    pool_.give_back(std::move(connection_));
}

soci::session &ConnectionPool::Lease::session() {
    return *connection_->session;
}

PreparedStatements &ConnectionPool::Lease::statements() {
    return *connection_->statements;
}

std::unique_ptr<ConnectionPool::Connection> ConnectionPool::take() {
    const Clock::time_point now = Clock::now();
    const Clock::time_point deadline = now + settings_.wait;
    std::vector<std::unique_ptr<Connection>> expired;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        expired = expired_locked(now);
    }
    expired.clear();  // closed outside the lock
    {
        std::unique_lock<std::mutex> lock(mutex_);
        while (idle_.empty() && open_ >= settings_.max_connections) {
            if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
                open_ >= settings_.max_connections) {
                throw Error(ErrorCode::storage_error,
                            "all " + std::to_string(settings_.max_connections) +
                                " of this agency's database connections stayed busy for " +
                                std::to_string(settings_.wait.count()) +
                                " ms: raise storage.pool_size or storage.wait_seconds in the "
                                "instance configuration");
            }
        }
        if (!idle_.empty()) {
            std::unique_ptr<Connection> connection = std::move(idle_.back());  // the warmest
            idle_.pop_back();
            return connection;
        }
        ++open_;  // this slot is ours while the connection opens
    }
    return open_new(deadline);
}

std::unique_ptr<ConnectionPool::Connection> ConnectionPool::open_new(Clock::time_point deadline) {
    try {
        if (limit_) {
            limit_->acquire(deadline);
        }
        auto connection = std::make_unique<Connection>(limit_);
        connection->session = std::make_unique<soci::session>();
        opener_(*connection->session);
        connection->statements = std::make_unique<PreparedStatements>(*connection->session);
        return connection;
    } catch (...) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --open_;
        }
        returned_.notify_one();
        throw;
    }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
    const Clock::time_point now = Clock::now();
    connection->last_used = now;
    std::vector<std::unique_ptr<Connection>> expired;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.push_back(std::move(connection));
        expired = expired_locked(now);
    }
    returned_.notify_one();
    if (limit_) {
        limit_->connection_idle();
    }
    expired.clear();
    PoolSweep::process().run_if_due(now);
}

std::vector<std::unique_ptr<ConnectionPool::Connection>> ConnectionPool::expired_locked(
    Clock::time_point now) {
    const auto fresh = std::find_if(idle_.begin(), idle_.end(), [&](const auto &c) {
        return now - c->last_used < settings_.idle_close;
    });
    std::vector<std::unique_ptr<Connection>> expired(std::make_move_iterator(idle_.begin()),
                                                     std::make_move_iterator(fresh));
    idle_.erase(idle_.begin(), fresh);
    open_ -= expired.size();
    return expired;
}

void ConnectionPool::close_expired(Clock::time_point now) {
    std::vector<std::unique_ptr<Connection>> expired;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        expired = expired_locked(now);
    }
    if (!expired.empty()) {
        returned_.notify_all();
    }
}

void ConnectionPool::close_idle() {
    std::vector<std::unique_ptr<Connection>> closing;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing.swap(idle_);
        open_ -= closing.size();
    }
    returned_.notify_all();
}

std::size_t ConnectionPool::open_connections() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
}

std::size_t ConnectionPool::idle_connections() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return idle_.size();
}

std::optional<IdleConnections::Clock::time_point> ConnectionPool::oldest_idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.empty()) {
        return std::nullopt;
    }
    return idle_.front()->last_used;
}

bool ConnectionPool::close_oldest_idle() {
    std::unique_ptr<Connection> closing;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (idle_.empty()) {
            return false;
        }
        closing = std::move(idle_.front());
        idle_.erase(idle_.begin());
        --open_;
    }
    returned_.notify_one();
    closing.reset();  // gives its slot back to the server's limit
    return true;
}

}  // namespace psp
