// server_connection_limit.hpp: how many connections this process may hold to one PostgreSQL
// server, shared by every instance (agency) that connects to it.
//
// A server accepts max_connections clients (100 by default, a few kept for superusers); each
// agency's pool opening its own connections would exhaust it at a few dozen agencies. Every pool
// connecting to the same server (the same host, address and port, whatever the database, user or
// options) takes a slot here before opening a connection and gives it back when the connection
// closes. When every slot is taken, the caller first closes the connection that has been idle
// longest in any pool of that server (an agency that is not being called does not keep a slot
// others need), then waits, up to its deadline, for one to be given back.
//
// The limit is PSP_PG_CONNECTIONS_PER_SERVER (default 64), read when an instance is created.
//
// Threading: every member may be called from any thread. No pool lock is held while calling in,
// and no lock of this class is held while calling a pool.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace psp {

inline constexpr std::size_t kDefaultConnectionsPerServer = 64;
inline constexpr const char *kConnectionsPerServerVariable = "PSP_PG_CONNECTIONS_PER_SERVER";

// What the limit may ask of a pool holding connections to its server.
class IdleConnections {
  public:
    using Clock = std::chrono::steady_clock;
    virtual ~IdleConnections() = default;
    // When the connection that has been idle longest was last used; nothing when none is idle.
    virtual std::optional<Clock::time_point> oldest_idle() = 0;
    // Closes that connection (giving its slot back); false when none is idle any more.
    virtual bool close_oldest_idle() = 0;
};

class ServerConnectionLimit {
  public:
    using Clock = std::chrono::steady_clock;

    // The process's limit for the server a libpq connection string names, with its limit set
    // from PSP_PG_CONNECTIONS_PER_SERVER. Throws Error(invalid_argument) when the variable is
    // not a whole number from 1 to 10000.
    static std::shared_ptr<ServerConnectionLimit> for_server(const std::string &conninfo);
    // The server a connection string names: "host=... hostaddr=... port=...", with libpq's
    // environment defaults (PGHOST, PGHOSTADDR, PGPORT) filled in.
    static std::string server_key(const std::string &conninfo);
    // PSP_PG_CONNECTIONS_PER_SERVER, or the default.
    static std::size_t configured_limit();

    ServerConnectionLimit(std::string server, std::size_t limit);
    ServerConnectionLimit(const ServerConnectionLimit &) = delete;
    ServerConnectionLimit &operator=(const ServerConnectionLimit &) = delete;

    // Takes a slot for one connection, reclaiming an idle connection of another pool or waiting
    // until `deadline`. Throws Error(storage_error) naming the setting to raise on timeout.
    void acquire(Clock::time_point deadline);
    // Gives a slot back (its connection has closed).
    void release();
    // A pool of this server has a connection idle now: a waiter may reclaim it.
    void connection_idle();
    // A pool whose idle connections may be closed to free a slot.
    void enrol(std::weak_ptr<IdleConnections> pool);

    const std::string &server() const { return server_; }
    std::size_t limit() const;
    void set_limit(std::size_t limit);
    std::size_t open() const;

  private:
    static constexpr std::chrono::milliseconds kRecheck{100};
    bool reclaim_idle();

    const std::string server_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    std::size_t limit_;
    std::size_t open_ = 0;
    std::atomic<int> waiting_{0};
    std::vector<std::weak_ptr<IdleConnections>> pools_;
};

}  // namespace psp
