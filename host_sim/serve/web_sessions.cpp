// web_sessions.cpp: session tokens and their store.
#include "host_sim/serve/web_sessions.hpp"

#include <stdexcept>

#include <openssl/rand.h>

namespace psp::host_sim {

std::string random_token() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("the system's random number generator failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    token.reserve(64);
    for (const unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0x0f];
    }
    return token;
}

bool tokens_equal(const std::string &a, const std::string &b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

std::string WebSessions::open(const RosterPerson &person) {
    std::string token = random_token();
    const std::lock_guard lock(mutex_);
    sessions_[token] = WebSession{person, random_token()};
    return token;
}

std::optional<WebSession> WebSessions::find(const std::string &token) const {
    const std::lock_guard lock(mutex_);
    const auto found = sessions_.find(token);
    if (found == sessions_.end()) {
        return std::nullopt;
    }
    return found->second;
}

void WebSessions::close(const std::string &token) {
    const std::lock_guard lock(mutex_);
    sessions_.erase(token);
}

}  // namespace psp::host_sim
