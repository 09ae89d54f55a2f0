// psp_roster.cpp: SQL for the PSP roster.
#include "plugin/storage/psp_roster.hpp"

#include <soci/soci.h>

#include <unordered_map>

namespace psp {
namespace {

const char *const kPspStatuses = "('active', 'on_leave', 'under_review')";

std::unordered_map<std::string, std::vector<LeaveInterval>> leaves_of(soci::session &sql,
                                                                      const std::string &only) {
    std::unordered_map<std::string, std::vector<LeaveInterval>> out;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT employee_id, start_ms, end_ms FROM leaves"
                        " WHERE (:o1 = '' OR employee_id = :o2) ORDER BY employee_id, leave_no",
         soci::use(only), soci::use(only));
    for (const soci::row &row : rows) {
        out[row.get<std::string>(0)].push_back({row.get<long long>(1), row.get<long long>(2)});
    }
    return out;
}

std::vector<PspMember> members(soci::session &sql, const std::string &only) {
    auto leaves = leaves_of(sql, only);
    std::vector<PspMember> out;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT employee_id, status, active_since_ms FROM program_members"
                        " WHERE status IN "
                     << kPspStatuses << " AND (:o1 = '' OR employee_id = :o2) ORDER BY employee_id",
         soci::use(only), soci::use(only));
    for (const soci::row &row : rows) {
        PspMember m{row.get<std::string>(0), row.get<std::string>(1), row.get<long long>(2), {}};
        if (const auto it = leaves.find(m.employee_id); it != leaves.end()) {
            m.leaves = std::move(it->second);
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace

std::vector<PspMember> load_psps(soci::session &sql) {
    return members(sql, "");
}

std::optional<PspMember> find_psp(soci::session &sql, const std::string &employee_id) {
    if (employee_id.empty()) {
        return std::nullopt;
    }
    std::vector<PspMember> found = members(sql, employee_id);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

}  // namespace psp
