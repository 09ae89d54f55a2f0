// connection_pool.hpp: one instance's database connections, opened when calls need them and
// closed when they have been idle for a while.
//
// A host serving hundreds of agencies cannot afford each agency's pool of connections open all
// the time: on SQLite each costs memory (its schema, page cache and prepared statements) and file
// descriptors, on PostgreSQL a server connection out of its max_connections. The pool opens a
// connection only when every open one is busy (up to its size), reuses the most recently used
// one first (so the others go idle), and closes those idle longer than the idle period when it is
// next used, or when any pool of the process is used a second later (the plugin starts no thread
// of its own, so a quiet agency's connections are closed by the others' calls). On PostgreSQL
// each connection also holds a slot of its server's process-wide limit (ServerConnectionLimit).
//
// Each connection carries its own prepared-statement cache, opened and closed with it.
//
// Threading: lease from any thread; a Lease is used by one thread at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "plugin/storage/server_connection_limit.hpp"

namespace soci {
class session;
}  // namespace soci

namespace psp {

class PreparedStatements;

class ConnectionPool final : public IdleConnections,
                             public std::enable_shared_from_this<ConnectionPool> {
  public:
    struct Settings {
        std::size_t max_connections = 4;
        std::chrono::milliseconds idle_close{std::chrono::seconds(60)};
        std::chrono::milliseconds wait{std::chrono::seconds(10)};
    };
    // Opens a new session (connects, sets it up); throws what the driver throws.
    using Opener = std::function<void(soci::session &)>;

    // `limit` is null for a pool no process-wide limit applies to (SQLite).
    static std::shared_ptr<ConnectionPool> create(const Settings &settings, Opener opener,
                                                  std::shared_ptr<ServerConnectionLimit> limit);
    ~ConnectionPool() override;
    ConnectionPool(const ConnectionPool &) = delete;
    ConnectionPool &operator=(const ConnectionPool &) = delete;

    // One connection held for one call, given back when this goes. Waits for a connection up to
    // the pool's wait; throws Error(storage_error) saying what to raise when none came.
    class Lease {
      public:
        explicit Lease(ConnectionPool &pool);
        ~Lease();
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        soci::session &session();
        PreparedStatements &statements();

      private:
        struct Connection;
        friend class ConnectionPool;
        ConnectionPool &pool_;
        std::unique_ptr<Connection> connection_;
    };

    // Connections open now (leased, idle or being opened) and, of those, idle.
    std::size_t open_connections() const;
    std::size_t idle_connections() const;
    // Closes every idle connection now (the instance is going away, or a test wants it).
    void close_idle();

    std::optional<Clock::time_point> oldest_idle() override;
    bool close_oldest_idle() override;

  private:
    using Connection = Lease::Connection;
    ConnectionPool(const Settings &settings, Opener opener,
                   std::shared_ptr<ServerConnectionLimit> limit);
    std::unique_ptr<Connection> take();
    std::unique_ptr<Connection> open_new(Clock::time_point deadline);
    void give_back(std::unique_ptr<Connection> connection);
    // Removes the connections idle longer than the idle period, for closing outside the lock.
    std::vector<std::unique_ptr<Connection>> expired_locked(Clock::time_point now);
    void close_expired(Clock::time_point now);
    friend class PoolSweep;

    const Settings settings_;
    const Opener opener_;
    const std::shared_ptr<ServerConnectionLimit> limit_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;  // least recently used first
    std::size_t open_ = 0;
};

}  // namespace psp
