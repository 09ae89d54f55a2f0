// org_chart_cache.cpp: staleness check by revision and day, rebuild, install.
#include "plugin/storage/org_chart_cache.hpp"

#include "plugin/storage/database.hpp"

namespace psp {

std::vector<ActingAssignment> acting_in_force(const std::vector<ActingPeriod> &periods,
                                              CivilDate today) {
    std::vector<ActingAssignment> out;
    for (const ActingPeriod &p : periods) {
        const auto until = parse_iso_date(p.until_date);
        if (until && *until >= today) {
            out.push_back({p.employee_id, p.supervisor_id});
        }
    }
    return out;
}

std::shared_ptr<const OrgChartIndex> OrgChartCache::cached_for(int64_t revision,
                                                               CivilDate today) const {
    std::lock_guard lock(mutex_);
    return revision_ == revision && day_ == today ? index_ : nullptr;
}

std::shared_ptr<const OrgChartIndex> OrgChartCache::current(Database &db, CivilDate today) {
    int64_t revision = 0;
    db.read([&](soci::session &sql) { revision = DirectoryStore(sql).revision(); });
    if (auto index = cached_for(revision, today)) {
        return index;
    }
    std::lock_guard rebuilding(rebuild_mutex_);
    if (auto index = cached_for(revision, today)) {
        return index;  // another thread just did
    }
    std::vector<EmployeeRecord> employees;
    std::vector<ActingPeriod> periods;
    db.read([&](soci::session &sql) {
        DirectoryStore store(sql);
        // The revision is read before the records: a change committed in between makes the
        // index look older than it is (one extra rebuild), never newer.
        revision = store.revision();
        employees = store.load_all();
        periods = store.acting_periods();
    });
    auto index = std::make_shared<const OrgChartIndex>(
        OrgChartIndex::build(employees, acting_in_force(periods, today)));
    install(revision, today, index);
    return index;
}

void OrgChartCache::install(int64_t revision, CivilDate today,
                            std::shared_ptr<const OrgChartIndex> index) {
    std::lock_guard lock(mutex_);
    if (revision < revision_ || (revision == revision_ && today < day_)) {
        return;
    }
    index_ = std::move(index);
    revision_ = revision;
    day_ = today;
}

CachedOrgChart OrgChartCache::cached(CivilDate today) const {
    std::lock_guard lock(mutex_);
    return {index_, revision_, index_ != nullptr && day_ == today};
}

int64_t OrgChartCache::cached_revision() const {
    std::lock_guard lock(mutex_);
    return revision_;
}

}  // namespace psp
