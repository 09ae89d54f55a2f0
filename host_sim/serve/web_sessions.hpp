// web_sessions.hpp: the signed-in people of `psp-host serve`. A session is a random token in an
// HttpOnly, SameSite=Strict cookie; it maps to the person and roles the host chose at sign-in,
// and carries the CSRF token every bridge call must send back in a header. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "host_sim/serve/sign_in_roster.hpp"

namespace psp::host_sim {

struct WebSession {
    RosterPerson person;
    std::string csrf_token;
};

class WebSessions {
  public:
    // A new session for `person`; returns its cookie token.
    std::string open(const RosterPerson &person);
    std::optional<WebSession> find(const std::string &token) const;
    void close(const std::string &token);

  private:
    mutable std::mutex mutex_;
    std::map<std::string, WebSession> sessions_;
};

// 32 random bytes from OpenSSL, hex: session and CSRF tokens.
std::string random_token();

// Compares without stopping at the first difference, so timing does not leak the token.
bool tokens_equal(const std::string &a, const std::string &b);

}  // namespace psp::host_sim
