// host_pages.cpp: the host's HTML, escaped by hand (the simulator has no template engine).
#include "host_sim/serve/host_pages.hpp"

#include <map>

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

std::string document(const std::string &title, const std::string &body_attributes,
                     const std::string &body) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html_escape(title) +
           " – Agency host (simulator)</title>\n"
           "<link rel=\"stylesheet\" href=\"/host/host.css\">\n"
           "<script type=\"module\" src=\"/host/host-shell.js\"></script>\n</head>\n<body" +
           body_attributes + ">\n" + body + "</body>\n</html>\n";
}

std::string nav_link(const std::string &href, const std::string &label, bool current) {
    return "<li><a href=\"" + html_escape(href) + "\"" + (current ? " aria-current=\"page\"" : "") +
           ">" + html_escape(label) + "</a></li>\n";
}

}  // namespace

std::string html_escape(const std::string &text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string sign_in_page(const std::string &agency_id, const std::vector<RosterPerson> &roster) {
    std::map<std::string, std::vector<const RosterPerson *>> by_role;
    std::vector<std::string> order;
    for (const RosterPerson &p : roster) {
        if (by_role[p.role_label].empty()) {
            order.push_back(p.role_label);
        }
        by_role[p.role_label].push_back(&p);
    }
    std::string body =
        "<header class=\"host\"><span class=\"brand\">Agency host "
        "(simulator)</span></header>\n<main id=\"main\">\n<h1>Sign in</h1>\n"
        "<p>This is the simulated agency <strong>" +
        html_escape(agency_id) +
        "</strong>. Choose who to sign in as: a real host signs people in with its "
        "own accounts and tells the plugin their roles.</p>\n";
    for (const std::string &role : order) {
        body += "<h2>" + html_escape(role) +
                "</h2>\n<form method=\"post\" action=\"/signin\">\n"
                "<ul class=\"people\" role=\"list\">\n";
        for (const RosterPerson *p : by_role[role]) {
            body += "<li><button type=\"submit\" name=\"person\" value=\"" +
                    html_escape(p->employee_id) + "\"><span class=\"name\">" +
                    html_escape(p->name) + "</span>" + html_escape(p->title) + " · " +
                    html_escape(p->employee_id) + "</button></li>\n";
        }
        body += "</ul>\n</form>\n";
    }
    body += "</main>\n";
    return document("Sign in", "", body);
}

std::string host_layout(const HostView &view, const std::string &title,
                        const std::string &main_html) {
    std::string roles;
    for (const std::string &r : view.person.roles) {
        roles += (roles.empty() ? "" : ", ") + r;
    }
    std::string nav = "<nav class=\"host\" aria-label=\"Main\">\n<h2>Peer support</h2>\n<ul>\n";
    for (const Json &page : view.pages) {
        const std::string id = page.at("id").get<std::string>();
        nav += nav_link("/app/page/" + id, page.at("title").get<std::string>(), id == view.current);
    }
    nav += "</ul>\n<h2>Host simulator</h2>\n<ul>\n" +
           nav_link("/app", "Home", view.current == "home") +
           nav_link("/app/fetch-log", "Fetch log", view.current == "fetch-log") +
           nav_link("/app/notifications", "Notifications", view.current == "notifications") +
           "</ul>\n</nav>\n";
    const std::string body =
        "<a class=\"skip\" href=\"#main\">Skip to main content</a>\n"
        "<header class=\"host\"><span class=\"brand\">Agency host (simulator)</span>"
        "<span class=\"who\">Signed in as " +
        html_escape(view.person.name) + " (" + html_escape(view.person.role_label) +
        ")</span><form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"" +
        html_escape(view.csrf_token) +
        "\"><button type=\"submit\">Sign out</button></form></header>\n"
        "<div class=\"layout\">\n" +
        nav + "<main id=\"main\" tabindex=\"-1\">\n" +
        "<p id=\"host-error\" class=\"refusal\" hidden>This page could not be loaded. Reload the "
        "page; if it happens again, tell your IT team.</p>\n" +
        main_html + "</main>\n</div>\n";
    const std::string attributes = " data-psp-csrf=\"" + html_escape(view.csrf_token) +
                                   "\" data-psp-bundle=\"" + html_escape(view.bundle_url) +
                                   "\" data-psp-context=\"" + html_escape(view.context.dump()) +
                                   "\"";
    return document(title, attributes, body);
}

std::string plugin_page_mount(const std::string &page_id, const Json &query) {
    return "<div data-psp-page=\"" + html_escape(page_id) + "\" data-psp-query=\"" +
           html_escape(query.is_object() ? query.dump() : "{}") + "\"></div>\n";
}

}  // namespace psp::host_sim
