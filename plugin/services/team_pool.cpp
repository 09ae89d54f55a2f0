// team_pool.cpp: availability from status, agreement signatures and the training snapshot.
#include "plugin/services/team_pool.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <unordered_set>

#include "plugin/services/training_status.hpp"
#include "plugin/storage/program_store.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {

namespace {

bool in_pool(ProgramStatus status) {
    return status == ProgramStatus::active || status == ProgramStatus::on_leave ||
           status == ProgramStatus::under_review;
}

// The members the pool starts from, with the status each has; `only_id` narrows it to one.
std::vector<PoolMember> members_of(ProgramStore &store, const std::string &only_id) {
    std::vector<PoolMember> pool;
    if (!only_id.empty()) {
        const auto member = store.find(only_id);
        if (member && in_pool(member->status)) {
            pool.push_back({member->employee_id, member->status, {}});
        }
    } else {
        for (ProgramStatus status :
             {ProgramStatus::active, ProgramStatus::on_leave, ProgramStatus::under_review}) {
            for (std::string &id : store.ids_with_status(status)) {
                pool.push_back({std::move(id), status, {}});
            }
        }
    }
    for (PoolMember &m : pool) {
        if (m.status != ProgramStatus::active) {
            m.unavailable.emplace_back(program_status_name(m.status));
        }
    }
    return pool;
}

}  // namespace

std::vector<PoolMember> team_pool(MethodContext &context, soci::session &sql,
                                  const std::string &only_id) {
    ProgramStore store(sql);
    std::vector<PoolMember> pool = members_of(store, only_id);
    if (pool.empty()) {
        return pool;
    }
    // A new agreement version lapses the members who have not re-signed by its deadline (6.8).
    const auto agreement = store.current_agreement();
    if (agreement && context.now_ms() > agreement->resign_by_ms) {
        const std::vector<std::string> signers = store.signers(agreement->version);
        const std::unordered_set<std::string> signed_ids(signers.begin(), signers.end());
        for (PoolMember &m : pool) {
            if (!signed_ids.contains(m.employee_id)) {
                m.unavailable.emplace_back("agreement_not_signed");
            }
        }
    }
    // Initial training incomplete: never offered (4.2, 8.1). Read now, not from the snapshot, so
    // the roster and the proposals agree with training.compliance at every moment.
    const std::set<std::string> untrained =
        without_initial_training(sql, context.config(), only_id);
    for (PoolMember &m : pool) {
        if (untrained.contains(m.employee_id)) {
            m.unavailable.emplace_back("initial_training_incomplete");
        }
    }
    // Not compliant with continuing training, as the last maintenance run found (8.2).
    const std::vector<std::string> late = TrainingStore(sql).ids_in_state({"overdue", "lapsed"});
    const std::unordered_set<std::string> late_ids(late.begin(), late.end());
    for (PoolMember &m : pool) {
        if (late_ids.contains(m.employee_id)) {
            m.unavailable.emplace_back("training_overdue");
        }
    }
    std::sort(pool.begin(), pool.end(), [](const PoolMember &a, const PoolMember &b) {
        return a.employee_id < b.employee_id;
    });
    return pool;
}

}  // namespace psp
