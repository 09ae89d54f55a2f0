// web_host.hpp: `psp-host serve`, the simulated host as a web host on loopback. It renders the
// plugin's pages (from the manifest's ui section) in its own navigation, signs people in as any
// of the simulated agency's staff, and answers the pages' bridge calls, adding the principal and
// roles from its session: nothing the browser sends says who the user is.
//
// Security, as a real host should do it: an HttpOnly, SameSite=Strict session cookie; a CSRF
// token on every call (header) and every form (field), and the Origin checked when sent; a
// Content-Security-Policy without inline script or style; the plugin's files served only as
// the manifest lists them, after their checksums were verified.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

namespace psp::host_sim {

struct ServeOptions {
    std::filesystem::path work_dir;  // an agency's folder (tour, run-scenario, generate)
    std::filesystem::path manifest;
    std::string address = "127.0.0.1";
    int port = 0;  // 0: the system picks a free port; the URL printed says which
    // Print the URL, check the server answers, and stop (CI, scripts/demo.sh without a person).
    bool exit_after_start = false;
};

// Serves until SIGINT or SIGTERM. Prints "psp-host serve: listening on http://ADDRESS:PORT/"
// first (flushed, so a test can read the port). Returns the process exit status.
int serve_command(const ServeOptions &options, std::ostream &out);

}  // namespace psp::host_sim
