// team_coverage.cpp: cells counted once from the index's facts, then kept up to date departure
// by departure while the projection walks month by month (100,000 people, a few departures).
#include "plugin/domain/team_coverage.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace psp {
namespace {

struct Person {
    uint32_t division = 0, shift = 0;
    StaffCategory category = StaffCategory::sworn;
    bool present = true;
    bool psp = false;
};

struct Counts {
    int headcount = 0;
    int psps = 0;
};

class CellCounter {
  public:
    CellCounter(std::vector<std::string> divisions, std::vector<std::string> shifts)
        : divisions_(std::move(divisions)), shifts_(std::move(shifts)) {}

    void add(const Person &p, int sign) {
        if (!p.present) {
            return;
        }
        Counts &c = counts_[key(p)];
        c.headcount += sign;
        if (p.psp) {
            c.psps += sign;
        }
    }
    uint32_t division_id(const std::string &name) { return intern(divisions_, name); }
    uint32_t shift_id(const std::string &name) { return intern(shifts_, name); }

    std::vector<CoverageCell> cells() const {
        std::map<CoverageCellKey, CoverageCell> sorted;
        for (const auto &[k, c] : counts_) {
            if (c.headcount <= 0) {
                continue;
            }
            const CoverageCellKey cell_key{divisions_[k >> 34], shifts_[(k >> 2) & 0xffffffffu],
                                           static_cast<StaffCategory>(k & 3u)};
            sorted[cell_key] = {cell_key, c.headcount, c.psps};
        }
        std::vector<CoverageCell> out;
        out.reserve(sorted.size());
        for (auto &[k, cell] : sorted) {
            out.push_back(std::move(cell));
        }
        return out;
    }

  private:
    static uint64_t key(const Person &p) {
        return (uint64_t{p.division} << 34) | (uint64_t{p.shift} << 2) |
               static_cast<uint64_t>(p.category);
    }
    static uint32_t intern(std::vector<std::string> &names, const std::string &name) {
        const auto it = std::find(names.begin(), names.end(), name);
        if (it != names.end()) {
            return static_cast<uint32_t>(it - names.begin());
        }
        names.push_back(name);
        return static_cast<uint32_t>(names.size() - 1);
    }

    std::vector<std::string> divisions_, shifts_;
    std::unordered_map<uint64_t, Counts> counts_;
};

bool targets_by(const CoveragePolicy &coverage, const char *dimension) {
    return std::find(coverage.target_by.begin(), coverage.target_by.end(), dimension) !=
           coverage.target_by.end();
}

CoverageMonth summarise(const std::vector<CoverageCell> &cells,
                        const std::vector<CoverageTarget> &targets, CivilDate month_end) {
    CoverageMonth m;
    m.month = format_iso_date(month_end).substr(0, 7);
    for (const CoverageCell &c : cells) {
        m.headcount += c.headcount;
        m.psps += c.psps;
        if (c.psps == 0) {
            ++m.cells_without_psp;
        }
    }
    for (const CoverageTarget &t : targets) {
        m.needed += t.needed;
        if (t.below_target()) {
            ++m.targets_below;
        }
    }
    return m;
}

void apply(const KnownDeparture &d, Person &p, CellCounter &counter, bool supervisors_may_serve) {
    counter.add(p, -1);
    if (d.kind == "retirement" || d.kind == "separation") {
        p.present = false;
    }
    if (!d.to_division.empty()) {
        p.division = counter.division_id(d.to_division);
    }
    if (!d.to_shift.empty()) {
        p.shift = counter.shift_id(d.to_shift);
    }
    if (d.becomes_supervisor && !supervisors_may_serve) {
        p.psp = false;
    }
    counter.add(p, +1);
}

}  // namespace

std::vector<CoverageTarget> coverage_targets(const std::vector<CoverageCell> &cells,
                                             const CoveragePolicy &coverage) {
    const bool by_division = targets_by(coverage, "division");
    const bool by_shift = targets_by(coverage, "shift");
    const bool by_category = targets_by(coverage, "category");
    std::map<std::tuple<std::string, std::string, std::string>, CoverageTarget> groups;
    for (const CoverageCell &c : cells) {
        CoverageTarget key;
        key.division = by_division ? c.key.division : "";
        key.shift = by_shift ? c.key.shift : "";
        key.category = by_category ? staff_category_name(c.key.category) : "";
        CoverageTarget &t =
            groups.try_emplace({key.division, key.shift, key.category}, key).first->second;
        t.headcount += c.headcount;
        t.psps += c.psps;
    }
    std::vector<CoverageTarget> out;
    out.reserve(groups.size());
    for (auto &[k, t] : groups) {
        t.needed = (t.headcount + coverage.employees_per_psp - 1) / coverage.employees_per_psp;
        out.push_back(std::move(t));
    }
    return out;
}

CoverageReport team_coverage(const OrgChartIndex &chart,
                             const std::vector<OrgChartIndex::Node> &psps,
                             const std::vector<KnownDeparture> &departures,
                             const CoveragePolicy &coverage, bool supervisors_may_serve,
                             CivilDate today, int months) {
    std::vector<Person> people(chart.size());
    for (OrgChartIndex::Node n = 0; n < chart.size(); ++n) {
        const OrgChartIndex::Facts &f = chart.facts(n);
        people[n] = {f.division, f.shift, f.category, f.active, false};
    }
    for (OrgChartIndex::Node n : psps) {
        people[n].psp = people[n].present;
    }
    CellCounter counter(chart.division_names(), chart.shift_names());
    for (const Person &p : people) {
        counter.add(p, +1);
    }

    CoverageReport report;
    report.cells = counter.cells();
    report.targets = coverage_targets(report.cells, coverage);
    const CoverageMonth now = summarise(report.cells, report.targets, today);
    report.headcount = now.headcount;
    report.psps = now.psps;
    report.needed = now.needed;
    report.projected_cells = report.cells;
    report.projected_targets = report.targets;

    std::vector<KnownDeparture> ordered = departures;
    std::stable_sort(
        ordered.begin(), ordered.end(),
        [](const KnownDeparture &a, const KnownDeparture &b) { return a.date < b.date; });
    std::size_t next = 0;
    const date::year_month first{today.year(), today.month()};
    for (int i = 0; i < months; ++i) {
        const CivilDate month_end{(first + date::months(i)) / date::last};
        for (; next < ordered.size() && ordered[next].date <= month_end; ++next) {
            apply(ordered[next], people[ordered[next].node], counter, supervisors_may_serve);
        }
        report.projected_cells = counter.cells();
        report.projected_targets = coverage_targets(report.projected_cells, coverage);
        report.projection.push_back(
            summarise(report.projected_cells, report.projected_targets, month_end));
    }
    return report;
}

}  // namespace psp
