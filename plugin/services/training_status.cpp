// training_status.cpp: stored records, the roster and the policy into the compliance domain.
#include "plugin/services/training_status.hpp"

#include <algorithm>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/storage/psp_roster.hpp"
#include "plugin/storage/training_minutes.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {
namespace {

TrainingSubject subject_of(PspMember &member, std::vector<TrainingAttendance> attendance) {
    return {member.active_since_ms, std::move(member.leaves), std::move(attendance)};
}

// The first day whose topics can matter: the start of the previous topic cycle.
DayNumber topics_from(const AgencyConfig &config, int64_t now_ms) {
    const ContinuingTrainingPolicy &p = config.training.continuing;
    const DayNumber today = day_number(config.calendar.local_date(now_ms));
    const int64_t current = period_containing(today, p.period).index;
    const int64_t cycle_first =
        current - ((current % p.cycle_periods) + p.cycle_periods) % p.cycle_periods;
    return period_at(cycle_first - p.cycle_periods, p.period).first;
}

}  // namespace

InitialTrainingStatus initial_training_status(soci::session &sql, const AgencyConfig &config,
                                              const std::string &employee_id) {
    return initial_training(TrainingStore(sql).attendance(employee_id), config.training.initial);
}

std::set<std::string> without_initial_training(soci::session &sql, const AgencyConfig &config,
                                               const std::string &employee_id) {
    std::vector<std::string> ids;
    if (employee_id.empty()) {
        for (const PspMember &m : load_psps(sql)) {
            ids.push_back(m.employee_id);
        }
    } else {
        ids.push_back(employee_id);
    }
    const auto attendance = TrainingStore(sql).members_attendance(employee_id);
    std::set<std::string> out;
    for (const std::string &id : ids) {
        const auto it = attendance.find(id);
        const InitialTrainingStatus status = initial_training(
            it == attendance.end() ? std::vector<TrainingAttendance>{} : it->second,
            config.training.initial);
        if (!status.complete) {
            out.insert(id);
        }
    }
    return out;
}

std::optional<ComplianceStatus> psp_compliance(soci::session &sql, const AgencyConfig &config,
                                               const std::string &employee_id, int64_t now_ms) {
    std::optional<PspMember> member = find_psp(sql, employee_id);
    if (!member) {
        return std::nullopt;
    }
    const TrainingSubject subject = subject_of(*member, TrainingStore(sql).attendance(employee_id));
    ComplianceStatus status =
        training_compliance(subject, config.training, config.calendar, now_ms);
    if (!without_initial_training(sql, config, employee_id).empty()) {
        status.state = ComplianceState::initial_training_incomplete;
    }
    return status;
}

std::unordered_map<std::string, ComplianceStatus> compliance_of_all_psps(soci::session &sql,
                                                                         const AgencyConfig &config,
                                                                         int64_t now_ms,
                                                                         MinutesSource source) {
    std::vector<PspMember> members = load_psps(sql);
    std::unordered_map<std::string, std::vector<TrainingAttendance>> attendance;
    attendance.reserve(members.size());
    for (const PspMember &m : members) {
        attendance[m.employee_id];
    }
    TrainingStore store(sql);
    if (source == MinutesSource::summary) {
        TrainingMinutes(sql).add_period_sums(config.training.continuing.period, attendance);
    } else {
        store.add_period_sums(config.training.continuing.period, attendance);
    }
    if (!config.training.continuing.cycle_topics.empty()) {
        store.add_topics_since(topics_from(config, now_ms), attendance);
    }
    const std::set<std::string> untrained = without_initial_training(sql, config);
    std::unordered_map<std::string, ComplianceStatus> out;
    out.reserve(members.size());
    for (PspMember &m : members) {
        auto it = attendance.find(m.employee_id);
        std::vector<TrainingAttendance> records;
        if (it != attendance.end()) {
            records = std::move(it->second);
        }
        ComplianceStatus status = training_compliance(subject_of(m, std::move(records)),
                                                      config.training, config.calendar, now_ms);
        if (untrained.contains(m.employee_id)) {
            status.state = ComplianceState::initial_training_incomplete;
        }
        out.emplace(m.employee_id, std::move(status));
    }
    return out;
}

std::vector<std::string> lapsed_psps(soci::session &sql, const AgencyConfig &config,
                                     int64_t now_ms) {
    std::vector<std::string> out;
    for (const auto &[id, status] : compliance_of_all_psps(sql, config, now_ms)) {
        if (status.state == ComplianceState::lapsed) {
            out.push_back(id);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> lapsed_psps(MethodContext &context, soci::session &sql) {
    return lapsed_psps(sql, context.config(), context.now_ms());
}

}  // namespace psp
