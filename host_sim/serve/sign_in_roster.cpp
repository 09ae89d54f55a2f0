// sign_in_roster.cpp: the sign-in list, asked of the plugin itself so it matches its data.
#include "host_sim/serve/sign_in_roster.hpp"

#include <set>

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

// The agency's administrators: who holds which office is the host's business, not the plugin's.
struct Office {
    const char *employee_id;
    const char *role;
    const char *label;
};
constexpr Office kOffices[] = {
    {"E000004", "coordinator", "Program coordinator"}, {"E000002", "hr_admin", "HR administrator"},
    {"E000006", "command_staff", "Command staff"},     {"E000003", "auditor", "Auditor"},
    {"E000005", "it_admin", "IT administrator"},
};
// People the sample agency's story involves: officers from the incident and volunteers.
constexpr const char *kEmployees[] = {"E000015", "E000016", "E000017", "E000060", "E000070"};

Json directory_entry(const AgencySession &session, const std::string &id) {
    const CallOutcome found =
        session.call({"directory.get", "E000002", {"hr_admin"}, {{"employee_id", id}}, ""});
    return found.ok() ? found.result().value("employee", Json::object()) : Json::object();
}

RosterPerson person(const AgencySession &session, const std::string &id,
                    std::vector<std::string> roles, std::string label) {
    const Json entry = directory_entry(session, id);
    return {id, entry.value("name", id), entry.value("title", ""), std::move(roles),
            std::move(label)};
}

}  // namespace

std::vector<RosterPerson> build_sign_in_roster(const AgencySession &session) {
    std::vector<RosterPerson> roster;
    std::set<std::string> listed;
    for (const Office &office : kOffices) {
        roster.push_back(person(session, office.employee_id, {office.role}, office.label));
        listed.insert(office.employee_id);
    }
    const CallOutcome active = session.call(
        {"program.list", "E000004", {"coordinator"}, {{"statuses", {"active", "on_leave"}}}, ""});
    if (active.ok()) {
        for (const Json &member : active.result().at("members")) {
            const std::string id = member.at("employee_id").get<std::string>();
            if (listed.insert(id).second) {
                roster.push_back(
                    person(session, id, {"peer_supporter", "employee"}, "Peer supporter"));
            }
        }
    }
    for (const char *id : kEmployees) {
        if (listed.insert(id).second) {
            roster.push_back(person(session, id, {"employee"}, "Employee"));
        }
    }
    return roster;
}

}  // namespace psp::host_sim
