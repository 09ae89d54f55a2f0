// team_coverage.hpp: team coverage (IACP 3.8): available PSPs and headcount in each division x
// shift x category cell (where the team is, 3.8.1), the target computed at the level the policy
// sets it (agency-wide by default, or per shift, category and/or division: the ratio is applied
// to each group's headcount, never rounded up cell by cell), now and projected month by month over
// known departures (3.8.3), and the cells partner agencies would have to cover (3.8.2).
#pragma once

#include <string>
#include <vector>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/policy/program_policy.hpp"

namespace psp {

struct CoverageCellKey {
    std::string division;
    std::string shift;
    StaffCategory category = StaffCategory::sworn;

    // NOLINTNEXTLINE(modernize-use-nullptr): a false positive on the defaulted <=> (llvm#53961)
    auto operator<=>(const CoverageCellKey &) const = default;
};

struct CoverageCell {
    CoverageCellKey key;
    int headcount = 0;  // active employees
    int psps = 0;       // available PSPs
};

// One group the target is set for: the fields of CoveragePolicy::target_by are filled, the others
// are empty (agency-wide: one group, all empty).
struct CoverageTarget {
    std::string division;
    std::string shift;
    std::string category;  // "sworn", "civilian", "dispatcher" or ""
    int headcount = 0;
    int psps = 0;
    int needed = 0;  // ceil(headcount / employees_per_psp)

    bool below_target() const { return psps < needed; }
};

// The targets for `cells` at the policy's level, in key order.
std::vector<CoverageTarget> coverage_targets(const std::vector<CoverageCell> &cells,
                                             const CoveragePolicy &coverage);

// A change the host knows is coming: a retirement removes the person; a transfer or promotion
// moves them to `to` (fields left empty stay as they are); a promotion to a supervising post
// takes a PSP out of the pool where supervisors may not serve.
struct KnownDeparture {
    OrgChartIndex::Node node = OrgChartIndex::npos;
    CivilDate date;
    std::string kind;  // "retirement", "transfer", "promotion", "separation"
    std::string to_division, to_shift;
    bool becomes_supervisor = false;
};

struct CoverageMonth {
    std::string month;  // "YYYY-MM"
    int headcount = 0;
    int psps = 0;
    int needed = 0;
    int targets_below = 0;
    int cells_without_psp = 0;
};

struct CoverageReport {
    std::vector<CoverageCell> cells;  // in key order, cells with headcount > 0
    std::vector<CoverageTarget> targets;
    int headcount = 0;
    int psps = 0;
    int needed = 0;
    std::vector<CoverageMonth> projection;
    std::vector<CoverageCell> projected_cells;  // at the end of the projection
    std::vector<CoverageTarget> projected_targets;
};

// `psps`: nodes of the PSPs available now. `months`: how far to project (0..24).
CoverageReport team_coverage(const OrgChartIndex &chart,
                             const std::vector<OrgChartIndex::Node> &psps,
                             const std::vector<KnownDeparture> &departures,
                             const CoveragePolicy &coverage, bool supervisors_may_serve,
                             CivilDate today, int months);

}  // namespace psp
