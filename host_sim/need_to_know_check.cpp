// need_to_know_check.cpp: conflict answers by scope and command staff's figures, through the
// plugin's own methods as each role calls them.
#include "host_sim/need_to_know_check.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxPairsPerCall = 10000;

class Checker {
  public:
    explicit Checker(const AgencySession &session) : session_(session) {}

    NeedToKnowReport run() {
        const std::vector<std::string> employees = directory();
        const std::vector<std::string> members = team();
        if (employees.empty() || members.empty()) {
            report_.skipped.push_back("conflict answers (no directory or no team)");
        } else {
            check_psps(members, employees);
            check_clinician(members, employees);
        }
        check_command_staff();
        return std::move(report_);
    }

  private:
    std::optional<Json> ask(const std::string &principal, const std::string &role,
                            const std::string &method, const Json &params) {
        CallRequest request;
        request.method = method;
        request.principal_id = principal;
        request.roles = {role};
        request.params = params;
        const CallOutcome outcome = session_.call(request);
        if (!outcome.ok()) {
            last_error_ = method + " as " + role + ": " + outcome.code();
            return std::nullopt;
        }
        return outcome.result();
    }

    std::vector<std::string> directory() {
        std::vector<std::string> ids;
        Json params = {{"limit", 500}};
        while (const auto page = ask("E000001", "hr_admin", "directory.search", params)) {
            for (const Json &e : page->at("employees")) {
                ids.push_back(e.at("id"));
            }
            if (page->at("next_after_id").is_null()) {
                break;
            }
            params["after_id"] = page->at("next_after_id");
        }
        return ids;
    }

    std::vector<std::string> team() {
        std::vector<std::string> ids;
        const auto list =
            ask("E000001", "coordinator", "program.list",
                {{"statuses", {"active", "on_leave", "under_review"}}, {"limit", 1000}});
        if (list) {
            for (const Json &m : list->at("members")) {
                ids.push_back(m.at("employee_id"));
            }
        }
        return ids;
    }

    // Runs check_bulk over `pairs` in chunks; `judge` sees each result.
    template <class Judge>
    void bulk(const std::string &principal, const std::string &role, const Json &pairs,
              Judge judge) {
        for (std::size_t start = 0; start < pairs.size(); start += kMaxPairsPerCall) {
            Json chunk = Json::array();
            for (std::size_t i = start; i < std::min(pairs.size(), start + kMaxPairsPerCall); ++i) {
                chunk.push_back(pairs[i]);
            }
            const auto answer = ask(principal, role, "conflict.check_bulk", {{"pairs", chunk}});
            if (!answer) {
                report_.skipped.push_back(last_error_);
                return;
            }
            for (const Json &r : answer->at("results")) {
                judge(r);
                ++report_.pairs_checked;
            }
        }
    }

    void check_psps(const std::vector<std::string> &members,
                    const std::vector<std::string> &employees) {
        for (const std::string &psp : members) {
            Json pairs = Json::array();
            for (const std::string &e : employees) {
                pairs.push_back({{"psp_id", psp}, {"employee_id", e}});
            }
            bulk(psp, "peer_supporter", pairs, [&](const Json &r) {
                if (r.dump().find("same_incident") != std::string::npos) {
                    violation("PSP " + psp + " learned same_incident for " +
                              r.at("employee_id").get<std::string>());
                }
            });
        }
    }

    void check_clinician(const std::vector<std::string> &members,
                         const std::vector<std::string> &employees) {
        Json pairs = Json::array();
        for (const std::string &psp : members) {
            for (const std::string &e : employees) {
                pairs.push_back({{"psp_id", psp}, {"employee_id", e}});
            }
        }
        bulk("CLINICIAN-CHECK", "clinician", pairs, [&](const Json &r) {
            if (r.contains("rules") || r.contains("declared_category")) {
                violation("a clinician learned why " + r.at("psp_id").get<std::string>() +
                          " may not support " + r.at("employee_id").get<std::string>() + ": " +
                          r.dump());
            }
        });
    }

    bool small(const Json &figure) const {
        return figure.is_number_integer() && figure.get<int64_t>() >= 1 &&
               figure.get<int64_t>() < threshold_;
    }

    void check_command_staff() {
        const auto stats = ask("E000002", "command_staff", "statistics.report",
                               {{"tables", {"coverage", "headcount"}}});
        const auto coverage = ask("E000002", "command_staff", "coverage.report", Json::object());
        if (!stats || !coverage) {
            report_.skipped.push_back("command staff's figures (" + last_error_ + ")");
            return;
        }
        threshold_ = stats->at("threshold").get<int64_t>();
        std::map<std::string, std::map<std::string, Json>> published;  // table -> column -> figure
        for (const Json &t : stats->at("tables")) {
            for (std::size_t c = 0; c < t.at("columns").size(); ++c) {
                published[t.at("name")][t.at("columns")[c]] = t.at("column_totals")[c];
            }
            published[t.at("name")][""] = t.at("total");
        }
        const auto same = [&](const Json &figure, const std::string &table,
                              const std::string &column, const std::string &where) {
            ++report_.figures_checked;
            if (figure != published[table][column] || small(figure)) {
                violation("command staff read " + figure.dump() + " at " + where +
                          " where statistics.report publishes " + published[table][column].dump());
            }
        };
        same(coverage->at("psps"), "coverage", "", "coverage.report /psps");
        same(coverage->at("headcount"), "headcount", "", "coverage.report /headcount");
        for (const Json &cell : coverage->at("cells")) {
            const std::string category = cell.at("category");
            same(cell.at("psps"), "coverage", category, "coverage.report cell " + category);
            same(cell.at("headcount"), "headcount", category, "coverage.report cell " + category);
        }
        if (const auto readiness =
                ask("E000002", "command_staff", "readiness.report", Json::object())) {
            static const std::regex number(R"((^|[\s(])(\d+)(?=[\s)]|$))");
            for (const Json &item : readiness->at("items")) {
                const std::string detail = item.at("detail");
                for (auto it = std::sregex_iterator(detail.begin(), detail.end(), number);
                     it != std::sregex_iterator(); ++it) {
                    if (is_version_number(detail, (*it).position(2))) {
                        continue;  // a published document's version counts nobody
                    }
                    ++report_.figures_checked;
                    if (small(std::stoll((*it)[2].str()))) {
                        violation("readiness.report tells command staff \"" + detail + "\"");
                    }
                }
            }
        }
    }

    static bool is_version_number(const std::string &text, std::size_t at) {
        static const std::string kVersion = "version ";
        return at >= kVersion.size() &&
               text.compare(at - kVersion.size(), kVersion.size(), kVersion) == 0;
    }

    void violation(std::string sentence) {
        if (report_.violations.size() < 20) {
            report_.violations.push_back(std::move(sentence));
        }
    }

    const AgencySession &session_;
    NeedToKnowReport report_;
    std::string last_error_;
    int64_t threshold_ = 5;
};

}  // namespace

NeedToKnowReport check_need_to_know(const AgencySession &session) {
    return Checker(session).run();
}

}  // namespace psp::host_sim
