// server_connection_limit.cpp: the per-server slots, the process's table of them, and reclaiming
// idle connections when the slots run out.
#include "plugin/storage/server_connection_limit.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

// libpq's value for `keyword` in a parsed connection string, else its environment default.
std::string conninfo_value(const PQconninfoOption *options, const char *keyword,
                           const char *variable) {
    for (const PQconninfoOption *o = options; o != nullptr && o->keyword != nullptr; ++o) {
        if (std::string(o->keyword) == keyword && o->val != nullptr && *o->val != '\0') {
            return o->val;
        }
    }
    const char *fallback = std::getenv(variable);
    return fallback != nullptr ? fallback : "";
}

std::string seconds_text(ServerConnectionLimit::Clock::duration waited) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
    return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

}  // namespace

std::string ServerConnectionLimit::server_key(const std::string &conninfo) {
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
        // The connection itself will fail with libpq's message; keep the whole string as the key.
        PQfreemem(error);
        return conninfo;
    }
    std::string key = "host=" + conninfo_value(options, "host", "PGHOST") +
                      " hostaddr=" + conninfo_value(options, "hostaddr", "PGHOSTADDR") +
                      " port=" + conninfo_value(options, "port", "PGPORT");
    PQconninfoFree(options);
    return key;
}

std::size_t ServerConnectionLimit::configured_limit() {
    const char *text = std::getenv(kConnectionsPerServerVariable);
    if (text == nullptr || *text == '\0') {
        return kDefaultConnectionsPerServer;
    }
    char *end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (*end != '\0' || value < 1 || value > 10000 || text[0] == '-') {
        throw Error(ErrorCode::invalid_argument,
                    std::string(kConnectionsPerServerVariable) + " is '" + text +
                        "': it must be a whole number of connections from 1 to 10000",
                    kConnectionsPerServerVariable);
    }
    return static_cast<std::size_t>(value);
}

std::shared_ptr<ServerConnectionLimit> ServerConnectionLimit::for_server(
    const std::string &conninfo) {
    // The process's table: one limit per server for as long as the plugin is loaded (a few
    // hundred bytes each; a host reaches only so many servers).
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<ServerConnectionLimit>> limits;
    const std::size_t limit = configured_limit();
    const std::string key = server_key(conninfo);
    std::lock_guard<std::mutex> lock(mutex);
    auto &entry = limits[key];
    if (!entry) {
        entry = std::make_shared<ServerConnectionLimit>(key, limit);
    } else {
        entry->set_limit(limit);
    }
    return entry;
}

ServerConnectionLimit::ServerConnectionLimit(std::string server, std::size_t limit)
    : server_(std::move(server)), limit_(limit) {}

void ServerConnectionLimit::acquire(Clock::time_point deadline) {
    const Clock::time_point start = Clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (open_ >= limit_) {
        lock.unlock();
        const bool reclaimed = reclaim_idle();
        lock.lock();
        if (reclaimed) {
            continue;  // a slot was given back (another waiter may have taken it: look again)
        }
        if (Clock::now() >= deadline) {
            throw Error(ErrorCode::storage_error,
                        "no database connection to the PostgreSQL server (" + server_ +
                            ") became free within " + seconds_text(Clock::now() - start) +
                            ": this process already holds its limit of " + std::to_string(limit_) +
                            " connections to that server, all busy. Raise " +
                            kConnectionsPerServerVariable +
                            " (within the server's max_connections), lower the agencies' "
                            "storage.pool_size, or raise storage.wait_seconds");
        }
        // Woken when a slot is given back or a connection turns idle (reclaimable); the slice
        // bounds the wait should a wake-up come between the reclaim above and this wait.
        ++waiting_;
        released_.wait_until(lock, std::min(deadline, Clock::now() + kRecheck));
        --waiting_;
    }
    ++open_;
}

void ServerConnectionLimit::connection_idle() {
    if (waiting_.load(std::memory_order_relaxed) > 0) {
        std::lock_guard<std::mutex> lock(mutex_);  // so the wake-up cannot fall before the wait
        released_.notify_all();
    }
}

void ServerConnectionLimit::release() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (open_ > 0) {
            --open_;
        }
    }
    released_.notify_one();
}

void ServerConnectionLimit::enrol(std::weak_ptr<IdleConnections> pool) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(pools_, [](const std::weak_ptr<IdleConnections> &p) { return p.expired(); });
    pools_.push_back(std::move(pool));
}

std::size_t ServerConnectionLimit::limit() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
}

void ServerConnectionLimit::set_limit(std::size_t limit) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        limit_ = limit;
    }
    released_.notify_all();
}

std::size_t ServerConnectionLimit::open() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
}

// Closes the least recently used idle connection of any pool of this server. The pools are
// copied out first: closing calls release(), which takes this class's lock.
bool ServerConnectionLimit::reclaim_idle() {
    std::vector<std::shared_ptr<IdleConnections>> pools;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto &weak : pools_) {
            if (auto pool = weak.lock()) {
                pools.push_back(std::move(pool));
            }
        }
    }
    // Tried oldest first; a pool whose idle connection was taken meanwhile answers false.
    std::vector<std::pair<Clock::time_point, IdleConnections *>> idle;
    for (const auto &pool : pools) {
        if (const auto since = pool->oldest_idle()) {
            idle.emplace_back(*since, pool.get());
        }
    }
    std::sort(idle.begin(), idle.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return std::any_of(idle.begin(), idle.end(),
                       [](const auto &candidate) { return candidate.second->close_oldest_idle(); });
}

}  // namespace psp
