// web_host.cpp: the routes of `psp-host serve` (cpp-httplib, Debian's libcpp-httplib-dev).
#include "host_sim/serve/web_host.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <pthread.h>

#include "host_sim/agency_session.hpp"
#include "host_sim/fetch_log.hpp"
#include "host_sim/plugin_manager.hpp"
#include "host_sim/serve/host_assets.hpp"
#include "host_sim/serve/host_pages.hpp"
#include "host_sim/serve/sign_in_roster.hpp"
#include "host_sim/serve/web_sessions.hpp"
#include "host_sim/utc_time.hpp"
#include "plugin/core/sha256.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char *kSessionCookie = "psp_session";
// No inline script, no inline style, nothing from elsewhere. Lit's styles are constructed
// stylesheets, which style-src does not restrict.
constexpr const char *kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// A bridge call's body is small; the plugin has its own limit for what it accepts.
constexpr std::size_t kMaxBridgeBody = 4 * 1024 * 1024;
// The marker a page sends where the session's own employee id belongs (ui/src/bridge.ts).
constexpr const char *kSelfMarker = "@self";

std::string read_file(const fs::path &file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string content_type_for(const std::string &name) {
    if (name.ends_with(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (name.ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    return "application/octet-stream";
}

std::string cookie_value(const httplib::Request &request, const std::string &name) {
    const std::string header = request.get_header_value("Cookie");
    std::size_t at = 0;
    while (at < header.size()) {
        std::size_t end = header.find(';', at);
        if (end == std::string::npos) {
            end = header.size();
        }
        std::string pair = header.substr(at, end - at);
        pair.erase(0, pair.find_first_not_of(' '));
        if (pair.rfind(name + "=", 0) == 0) {
            return pair.substr(name.size() + 1);
        }
        at = end + 1;
    }
    return {};
}

Json bridge_error(const std::string &code, const std::string &message,
                  const std::string &field = {}) {
    Json error = {{"code", code}, {"message", message}};
    if (!field.empty()) {
        error["field"] = field;
    }
    return {{"ok", false}, {"error", std::move(error)}};
}

// What the pages may test for: every method, and "method.param" for each of its params, so a
// page can offer a newer parameter (a dry run) once the installed plugin takes it.
Json method_features(const Json &methods) {
    Json features = Json::array();
    for (const Json &m : methods) {
        const std::string name = m.at("name").get<std::string>();
        features.push_back(name);
        const Json &properties = m.at("params_schema").value("properties", Json::object());
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            features.push_back(name + "." + it.key());
        }
    }
    return features;
}

bool may_see(const Json &page, const std::vector<std::string> &roles) {
    for (const Json &role : page.at("roles")) {
        if (std::find(roles.begin(), roles.end(), role.get<std::string>()) != roles.end()) {
            return true;
        }
    }
    return false;
}

std::string role_list(const Json &roles) {
    static const std::map<std::string, std::string> kNames = {
        {"hr_admin", "HR administrators"}, {"coordinator", "program coordinators"},
        {"clinician", "clinicians"},       {"peer_supporter", "peer supporters"},
        {"employee", "employees"},         {"command_staff", "command staff"},
        {"auditor", "auditors"},           {"it_admin", "IT administrators"}};
    std::string text;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        const std::string role = roles[i].get<std::string>();
        const auto named = kNames.find(role);
        text += (i == 0                  ? ""
                 : i + 1 == roles.size() ? " and "
                                         : ", ") +
                (named == kNames.end() ? role : named->second);
    }
    return text;
}

class WebHost {
  public:
    WebHost(const ServeOptions &options)
        : work_dir_(options.work_dir),
          state_(work_dir_.load_state()),
          session_(load_plugin(options.manifest, HostScopePolicy({"directory"})), work_dir_,
                   state_),
          roster_(build_sign_in_roster(session_)),
          started_(SteadyClock::now()) {
        const PluginManifest &manifest = session_.plugin().manifest();
        if (manifest.ui_files.empty()) {
            throw std::runtime_error(
                "the plugin's manifest lists no screens (ui): nothing to "
                "serve");
        }
        // The bytes served are the bytes whose checksums were verified when the plugin loaded.
        for (const UiBundleFile &f : manifest.ui_files) {
            std::string bytes = read_file(f.file);
            if (psp::sha256_hex(bytes) != f.sha256) {
                throw std::runtime_error("the plugin's screen file " + f.file.string() +
                                         " changed after it was verified");
            }
            ui_files_["/plugin/" + f.name] = {std::move(bytes), content_type_for(f.name)};
        }
        bundle_url_ = "/plugin/" + manifest.ui_entry;
        features_ = method_features(manifest.methods);
        time_zone_ = state_.instance_config.value("/policy/time_zone"_json_pointer, "UTC");
    }

    void install(httplib::Server &server) {
        server.set_payload_max_length(kMaxBridgeBody);
        server.set_post_routing_handler([](const httplib::Request &, httplib::Response &res) {
            res.set_header("Content-Security-Policy", kContentSecurityPolicy);
            res.set_header("X-Content-Type-Options", "nosniff");
            // "same-origin", not "no-referrer": with no-referrer Chromium sends `Origin: null` on
            // form posts, and the sign-in check below needs the real origin.
            res.set_header("Referrer-Policy", "same-origin");
            res.set_header("X-Frame-Options", "DENY");
            if (!res.has_header("Cache-Control")) {
                res.set_header("Cache-Control", "no-store");
            }
        });
        server.Get("/", [this](const auto &req, auto &res) { home_or_sign_in(req, res); });
        server.Post("/signin", [this](const auto &req, auto &res) { sign_in(req, res); });
        server.Post("/signout", [this](const auto &req, auto &res) { sign_out(req, res); });
        server.Get("/app", [this](const auto &req, auto &res) { app_home(req, res); });
        server.Get(R"(/app/page/([a-z0-9-]+))",
                   [this](const auto &req, auto &res) { plugin_page(req, res); });
        server.Get(R"(/app/employee/([A-Za-z0-9_-]+))",
                   [this](const auto &req, auto &res) { employee_record(req, res); });
        server.Get("/app/fetch-log", [this](const auto &req, auto &res) { fetch_log(req, res); });
        server.Get("/app/notifications",
                   [this](const auto &req, auto &res) { notifications(req, res); });
        server.Get("/host/host.css", [](const auto &, auto &res) {
            res.set_content(std::string(host_stylesheet()), "text/css; charset=utf-8");
        });
        server.Get("/host/host-shell.js", [](const auto &, auto &res) {
            res.set_content(std::string(host_shell_script()), "text/javascript; charset=utf-8");
        });
        server.Get(R"(/plugin/ui/.+)", [this](const auto &req, auto &res) { ui_file(req, res); });
        server.Post("/api/call", [this](const auto &req, auto &res) { bridge_call(req, res); });
        server.set_error_handler([](const httplib::Request &, httplib::Response &res) {
            if (res.body.empty()) {
                res.set_content(
                    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>Not found</title></head><body><main><h1>Page not "
                    "found</h1><p><a href=\"/\">Go to the start</a></p></main>"
                    "</body></html>",
                    "text/html; charset=utf-8");
            }
        });
    }

  private:
    std::optional<WebSession> session_of(const httplib::Request &req) const {
        const std::string token = cookie_value(req, kSessionCookie);
        return token.empty() ? std::nullopt : sessions_.find(token);
    }

    // A form post must come from this host's own pages: SameSite=Strict keeps the cookie off
    // other sites' requests, and the Origin (sent by browsers with every POST) must be ours.
    static bool same_origin(const httplib::Request &req) {
        const std::string origin = req.get_header_value("Origin");
        return origin.empty() || origin == "http://" + req.get_header_value("Host");
    }

    void redirect(httplib::Response &res, const std::string &to) {
        res.status = 303;
        res.set_header("Location", to);
    }

    HostView view_for(const WebSession &session, const std::string &current) const {
        HostView view;
        view.person = session.person;
        view.csrf_token = session.csrf_token;
        view.pages = Json::array();
        for (const Json &page : session_.plugin().manifest().ui_pages) {
            if (page.at("placement") == "page" && may_see(page, session.person.roles)) {
                view.pages.push_back(page);
            }
        }
        view.context = {{"timeZone", time_zone_},
                        {"locale", "en-US"},
                        {"roles", session.person.roles},
                        {"methods", features_}};
        view.bundle_url = bundle_url_;
        view.current = current;
        return view;
    }

    void html(httplib::Response &res, const std::string &text, int status = 200) {
        res.status = status;
        res.set_content(text, "text/html; charset=utf-8");
    }

    void home_or_sign_in(const httplib::Request &req, httplib::Response &res) {
        if (session_of(req)) {
            redirect(res, "/app");
            return;
        }
        html(res, sign_in_page(state_.agency_id, roster_));
    }

    void sign_in(const httplib::Request &req, httplib::Response &res) {
        if (!same_origin(req)) {
            html(res, "Refused: a sign-in from another site.", 403);
            return;
        }
        const std::string id = req.get_param_value("person");
        for (const RosterPerson &person : roster_) {
            if (person.employee_id == id) {
                const std::string token = sessions_.open(person);
                res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + token +
                                                 "; Path=/; HttpOnly; SameSite=Strict");
                redirect(res, "/app");
                return;
            }
        }
        html(res, sign_in_page(state_.agency_id, roster_), 400);
    }

    void sign_out(const httplib::Request &req, httplib::Response &res) {
        const std::string token = cookie_value(req, kSessionCookie);
        const auto session = sessions_.find(token);
        if (session && same_origin(req) &&
            tokens_equal(req.get_param_value("csrf"), session->csrf_token)) {
            sessions_.close(token);
        }
        res.set_header("Set-Cookie", std::string(kSessionCookie) +
                                         "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        redirect(res, "/");
    }

    // The signed-in session, or a redirect to the sign-in page.
    std::optional<WebSession> require_session(const httplib::Request &req, httplib::Response &res) {
        auto session = session_of(req);
        if (!session) {
            redirect(res, "/");
        }
        return session;
    }

    void app_home(const httplib::Request &req, httplib::Response &res) {
        const auto session = require_session(req, res);
        if (!session) {
            return;
        }
        const HostView view = view_for(*session, "home");
        std::string main = "<h1>Welcome, " + html_escape(session->person.name) + "</h1>\n";
        if (view.pages.empty()) {
            main += "<p>The peer support program has no pages for your role.</p>\n";
        } else {
            main += "<p>The peer support program’s pages for you:</p>\n<ul>\n";
            for (const Json &page : view.pages) {
                main += "<li><a href=\"/app/page/" + html_escape(page.at("id").get<std::string>()) +
                        "\">" + html_escape(page.at("title").get<std::string>()) + "</a></li>\n";
            }
            main += "</ul>\n";
        }
        html(res, host_layout(view, "Home", main));
    }

    const Json *find_page(const std::string &id) const {
        for (const Json &page : session_.plugin().manifest().ui_pages) {
            if (page.at("id") == id) {
                return &page;
            }
        }
        return nullptr;
    }

    void plugin_page(const httplib::Request &req, httplib::Response &res) {
        const auto session = require_session(req, res);
        if (!session) {
            return;
        }
        const std::string id = req.matches[1];
        const Json *page = find_page(id);
        const HostView view = view_for(*session, id);
        if (page == nullptr || page->at("placement") != "page") {
            html(res,
                 host_layout(view, "Page not found",
                             "<h1>Page not found</h1>\n<p>There is no page called “" +
                                 html_escape(id) + "”. Choose a page from the menu.</p>\n"),
                 404);
            return;
        }
        const std::string title = page->at("title").get<std::string>();
        if (!may_see(*page, session->person.roles)) {
            html(res,
                 host_layout(view, "Not available to you",
                             "<h1>This page is not available to you</h1>\n<div class=\"refusal\">"
                             "<p>“" +
                                 html_escape(title) + "” is for " +
                                 html_escape(role_list(page->at("roles"))) +
                                 ". You are signed in as " + html_escape(session->person.name) +
                                 " (" + html_escape(session->person.role_label) +
                                 ").</p><p>If you need it, ask your program coordinator."
                                 "</p></div>\n<p><a href=\"/app\">Go to your pages</a></p>\n"),
                 403);
            return;
        }
        html(res, host_layout(view, title, plugin_page_mount(id)));
    }

    void employee_record(const httplib::Request &req, httplib::Response &res) {
        const auto session = require_session(req, res);
        if (!session) {
            return;
        }
        const std::string id = req.matches[1];
        const HostView view = view_for(*session, "employee");
        const CallOutcome found =
            session_.call({"directory.get", "E000002", {"hr_admin"}, {{"employee_id", id}}, ""});
        std::string main = "<h1>Employee record</h1>\n";
        if (!found.ok()) {
            html(res,
                 host_layout(view, "Employee record",
                             main + "<p>No employee " + html_escape(id) + ".</p>\n"),
                 404);
            return;
        }
        const Json &e = found.result().at("employee");
        main += "<dl>\n<dt>Name</dt><dd>" + html_escape(e.value("name", "")) +
                "</dd>\n<dt>Employee number</dt><dd>" + html_escape(id) +
                "</dd>\n<dt>Title or rank</dt><dd>" + html_escape(e.value("title", "")) +
                "</dd>\n<dt>Division</dt><dd>" + html_escape(e.value("division", "")) +
                "</dd>\n</dl>\n";
        for (const Json &page : session_.plugin().manifest().ui_pages) {
            if (page.at("placement") == "employee_record_panel" &&
                may_see(page, session->person.roles)) {
                main +=
                    "<section class=\"panel\" aria-label=\"" +
                    html_escape(page.at("title").get<std::string>()) + "\">\n" +
                    plugin_page_mount(page.at("id").get<std::string>(), Json{{"employee", id}}) +
                    "</section>\n";
            }
        }
        html(res, host_layout(view, "Employee record", main));
    }

    void fetch_log(const httplib::Request &req, httplib::Response &res) {
        const auto session = require_session(req, res);
        if (!session) {
            return;
        }
        std::string rows;
        for (const FetchRecord &f : read_fetch_log(work_dir_.fetch_log_file())) {
            rows += "<tr><td>" + html_escape(format_utc(f.at_ms)) + "</td><td>" +
                    html_escape(f.scope) + "</td><td>" + (f.granted ? "granted" : "refused") +
                    "</td><td>" + std::to_string(f.bytes) + "</td><td><code>" +
                    html_escape(f.query) + "</code></td></tr>\n";
        }
        html(res, host_layout(view_for(*session, "fetch-log"), "Fetch log",
                              "<h1>Fetch log</h1>\n<p>Every request for data the plugin made to "
                              "this host, granted or refused.</p>\n<div class=\"table-wrap\">"
                              "<table><caption>Data requests</caption><thead><tr><th "
                              "scope=\"col\">When (UTC)</th><th scope=\"col\">Scope</th><th "
                              "scope=\"col\">Answer</th><th scope=\"col\">Bytes</th><th "
                              "scope=\"col\">Query</th></tr></thead><tbody>\n" +
                                  rows + "</tbody></table></div>\n"));
    }

    void notifications(const httplib::Request &req, httplib::Response &res) {
        const auto session = require_session(req, res);
        if (!session) {
            return;
        }
        std::string items;
        for (const std::string &n : session_.host().notifications()) {
            items += "<li><code>" + html_escape(n) + "</code></li>\n";
        }
        html(res, host_layout(view_for(*session, "notifications"), "Notifications",
                              "<h1>Notifications</h1>\n<p>What the plugin asked this host to "
                              "tell people since it started.</p>\n" +
                                  (items.empty() ? std::string("<p>None yet.</p>\n")
                                                 : "<ul>\n" + items + "</ul>\n")));
    }

    void ui_file(const httplib::Request &req, httplib::Response &res) {
        const auto found = ui_files_.find(req.path);
        if (found == ui_files_.end()) {
            res.status = 404;
            return;
        }
        res.set_header("Cache-Control", "no-cache");
        res.set_content(found->second.first, found->second.second);
    }

    void json(httplib::Response &res, const Json &body, int status = 200) {
        res.status = status;
        res.set_content(body.dump(), "application/json");
    }

    // The bridge: {method, params, idempotency_key} in; the plugin's answer out. The principal
    // and roles come from the session, never from the request.
    void bridge_call(const httplib::Request &req, httplib::Response &res) {
        const auto session = session_of(req);
        if (!session) {
            json(res, bridge_error("session_expired", "Sign in again."), 401);
            return;
        }
        if (!same_origin(req) ||
            !tokens_equal(req.get_header_value("X-PSP-CSRF"), session->csrf_token)) {
            json(res,
                 bridge_error("csrf",
                              "The request did not come from this host's page; "
                              "reload the page and try again."),
                 403);
            return;
        }
        const Json body = Json::parse(req.body, nullptr, false);
        if (!body.is_object() || !body.contains("method") || !body.at("method").is_string()) {
            json(res,
                 bridge_error("invalid_request",
                              "Send a JSON object with \"method\", and \"params\" if any.",
                              "/method"),
                 400);
            return;
        }
        for (const auto &[key, value] : body.items()) {
            if (key != "method" && key != "params" && key != "idempotency_key") {
                json(res,
                     bridge_error("invalid_request",
                                  "\"" + key +
                                      "\" is not part of a bridge call: the host "
                                      "says who the user is, the page never does.",
                                  "/" + key),
                     400);
                return;
            }
        }
        Json params = body.value("params", Json::object());
        if (params.is_object()) {
            for (auto it = params.begin(); it != params.end(); ++it) {
                if (*it == kSelfMarker) {
                    *it = session->person.employee_id;
                }
            }
        }
        // The simulated clock runs with real time from the scenario's moment.
        session_.host().set_now_ms(
            state_.clock_ms +
            std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started_)
                .count());
        const CallOutcome outcome =
            session_.call({body.at("method").get<std::string>(), session->person.employee_id,
                           session->person.roles, std::move(params),
                           body.value("idempotency_key", std::string())});
        json(res, outcome.response);
    }

    HostWorkDir work_dir_;
    WorkspaceState state_;
    AgencySession session_;
    std::vector<RosterPerson> roster_;
    WebSessions sessions_;
    std::map<std::string, std::pair<std::string, std::string>> ui_files_;  // bytes, type
    std::string bundle_url_;
    std::string time_zone_;
    Json features_;
    SteadyClock::time_point started_;
};

}  // namespace

int serve_command(const ServeOptions &options, std::ostream &out) {
    const HostWorkDir work_dir(options.work_dir);
    require_enabled_if_managed(work_dir);
    // Blocked before the server's threads start, so only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    WebHost host(options);
    httplib::Server server;
    host.install(server);
    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.address);
    } else if (!server.bind_to_port(options.address, port)) {
        port = -1;
    }
    if (port <= 0) {
        throw std::runtime_error("cannot listen on " + options.address + ":" +
                                 std::to_string(options.port));
    }
    const std::string url = "http://" + options.address + ":" + std::to_string(port) + "/";
    std::thread listener([&server] { server.listen_after_bind(); });
    out << "psp-host serve: listening on " << url << std::endl;
    int status = 0;
    if (options.exit_after_start) {
        httplib::Client client(options.address, port);
        const auto answer = client.Get("/");
        status = answer && answer->status == 200 ? 0 : 1;
        out << "psp-host serve: the sign-in page answered "
            << (answer ? std::to_string(answer->status) : std::string("nothing")) << "; stopping"
            << std::endl;
    } else {
        out << "Open it in a browser on this machine; Ctrl-C stops the server." << std::endl;
        int received = 0;
        sigwait(&stop_signals, &received);
    }
    server.stop();
    listener.join();
    return status;
}

}  // namespace psp::host_sim
