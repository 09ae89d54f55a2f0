// team_coverage.cpp: cells counted once from the index's facts, then kept up to date departure
// by departure while the projection walks month by month (100,000 people, a few departures).
#include "domain/team_coverage.hpp"

#include <algorithm>
#include <map>
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
    CellCounter(std::vector<std::string> divisions, std::vector<std::string> shifts, int per_psp)
        : divisions_(std::move(divisions)), shifts_(std::move(shifts)), per_psp_(per_psp) {}

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
            sorted[cell_key] = {cell_key, c.headcount, c.psps,
                                (c.headcount + per_psp_ - 1) / per_psp_};
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
    int per_psp_;
    std::unordered_map<uint64_t, Counts> counts_;
};

CoverageMonth summarise(const std::vector<CoverageCell> &cells, CivilDate month_end) {
    CoverageMonth m;
    m.month = format_iso_date(month_end).substr(0, 7);
    for (const CoverageCell &c : cells) {
        m.headcount += c.headcount;
        m.psps += c.psps;
        if (c.below_target()) {
            ++m.cells_below_target;
        }
        if (c.psps == 0) {
            ++m.cells_without_psp;
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
    CellCounter counter(chart.division_names(), chart.shift_names(), coverage.employees_per_psp);
    for (const Person &p : people) {
        counter.add(p, +1);
    }

    CoverageReport report;
    report.cells = counter.cells();
    const CoverageMonth now = summarise(report.cells, today);
    report.headcount = now.headcount;
    report.psps = now.psps;
    report.projected_cells = report.cells;

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
        report.projection.push_back(summarise(report.projected_cells, month_end));
    }
    return report;
}

}  // namespace psp
