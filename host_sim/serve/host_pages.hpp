// host_pages.hpp: the HTML the simulated host renders itself: the sign-in page, and the layout
// around the plugin's pages (header, navigation with the pages the person's roles may see, the
// main area a page is mounted in). No inline script and no inline style: the
// Content-Security-Policy forbids both, and the shell script and stylesheet are files.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/serve/sign_in_roster.hpp"

namespace psp::host_sim {

std::string html_escape(const std::string &text);

std::string sign_in_page(const std::string &agency_id, const std::vector<RosterPerson> &roster);

// What the layout needs about the signed-in person and the plugin.
struct HostView {
    RosterPerson person;
    std::string csrf_token;
    nlohmann::json pages;    // the manifest's pages this person may see, placement "page"
    nlohmann::json context;  // the bridge context (time zone, locale, roles, methods)
    std::string bundle_url;  // the plugin's entry module
    std::string current;     // the page id shown, or a host page ("home", "fetch-log", ...)
};

// `main_html` goes inside <main>; a plugin page is an element with data-psp-page (see
// plugin_page_mount) that the shell script mounts.
std::string host_layout(const HostView &view, const std::string &title,
                        const std::string &main_html);

std::string plugin_page_mount(const std::string &page_id, const nlohmann::json &query = {});

}  // namespace psp::host_sim
