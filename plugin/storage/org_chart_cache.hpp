// org_chart_cache.hpp: the instance's one org chart index, shared by every host thread.
//
// The index is rebuilt when the directory changes: after a sync in this process it is installed
// from the records already in memory; when another host process has changed the directory (the
// stored revision moved on) the next caller rebuilds it from the database. Acting assignments
// whose last day has passed are left out, so the index also follows the agency's calendar day.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/storage/directory_store.hpp"

namespace psp {

class Database;

// An index and the directory revision it was built for.
struct CachedOrgChart {
    std::shared_ptr<const OrgChartIndex> index;  // null before the first build
    int64_t revision = -1;
    // Built for the caller's day: the acting assignments in force are the ones it holds, so a
    // change that leaves every indexed fact as it was may install this same index for its new
    // revision (directory_sync.hpp).
    bool serves_today = false;
};

class OrgChartCache {
  public:
    // The index for the directory's current revision on `today`, rebuilt from `db` when the
    // cached one is for another revision or day. Thread-safe; one rebuild at a time.
    std::shared_ptr<const OrgChartIndex> current(Database &db, CivilDate today);

    // Installs an index built for `revision` on `today` unless a newer one is already cached.
    void install(int64_t revision, CivilDate today, std::shared_ptr<const OrgChartIndex> index);

    // The revision of the cached index (-1 before the first build), for tests and health.
    int64_t cached_revision() const;
    // The cached index whatever its day, never rebuilt: an incremental sync reads the chart's
    // permanent structure from it when the revision still matches the database's. serves_today
    // says whether it was built for `today`.
    CachedOrgChart cached(CivilDate today) const;

  private:
    std::shared_ptr<const OrgChartIndex> cached_for(int64_t revision, CivilDate today) const;

    mutable std::mutex mutex_;  // guards the three fields below
    std::shared_ptr<const OrgChartIndex> index_;
    int64_t revision_ = -1;
    CivilDate day_{};
    std::mutex rebuild_mutex_;  // one rebuild from the database at a time
};

// The acting assignments still in force on `today` (last day today or later).
std::vector<ActingAssignment> acting_in_force(const std::vector<ActingPeriod> &periods,
                                              CivilDate today);

}  // namespace psp
