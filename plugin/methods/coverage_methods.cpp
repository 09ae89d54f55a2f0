// coverage_methods.cpp: coverage.report, the team's coverage now and over the coming months.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/domain/team_coverage.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/coverage_summary.hpp"
#include "plugin/services/team_pool.hpp"
#include "plugin/storage/partner_store.hpp"

namespace psp {
namespace {

// Counts only: coverage names no person, so command staff may read it (IACP 3.1), as
// statistics.report publishes it (coverage_summary.hpp).
constexpr RoleSet kCoverageReaders = {Role::coordinator, Role::hr_admin, Role::command_staff};

std::vector<KnownDeparture> parse_departures(const Json &params, const OrgChartIndex &chart) {
    std::vector<KnownDeparture> out;
    const Json list = params.value("departures", Json::array());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json &d = list[i];
        const std::string field = "/params/departures/" + std::to_string(i);
        KnownDeparture departure;
        departure.node = chart.find(d.at("employee_id").get<std::string>());
        if (departure.node == OrgChartIndex::npos) {
            throw Error(
                ErrorCode::not_found,
                "no employee " + d.at("employee_id").get<std::string>() + " in the directory",
                field + "/employee_id");
        }
        departure.date = require_iso_date(d.at("date").get<std::string>(), field + "/date");
        departure.kind = d.at("kind").get<std::string>();
        const Json to = d.value("to", Json::object());
        departure.to_division = to.value("division", "");
        departure.to_shift = to.value("shift", "");
        departure.becomes_supervisor = d.value("supervisory", false);
        out.push_back(std::move(departure));
    }
    return out;
}

Json cell_json(const CoverageCell &c) {
    return {{"division", c.key.division},
            {"shift", c.key.shift},
            {"category", staff_category_name(c.key.category)},
            {"headcount", c.headcount},
            {"psps", c.psps}};
}

// A group the target is set for: only the dimensions of policy.coverage.target_by appear.
Json target_json(const CoverageTarget &t) {
    Json out = {{"headcount", t.headcount},
                {"psps", t.psps},
                {"needed", t.needed},
                {"below_target", t.below_target()}};
    const std::pair<const char *, const std::string *> dimensions[] = {
        {"division", &t.division}, {"shift", &t.shift}, {"category", &t.category}};
    for (const auto &[key, value] : dimensions) {
        if (!value->empty()) {
            out[key] = *value;
        }
    }
    return out;
}

Json targets_json(const std::vector<CoverageTarget> &targets, bool below_only) {
    Json out = Json::array();
    for (const CoverageTarget &t : targets) {
        if (!below_only || t.below_target()) {
            out.push_back(target_json(t));
        }
    }
    return out;
}

Json cells_json(const std::vector<CoverageCell> &cells, bool (*keep)(const CoverageCell &)) {
    Json out = Json::array();
    for (const CoverageCell &c : cells) {
        if (keep(c)) {
            out.push_back(cell_json(c));
        }
    }
    return out;
}

Json coverage_report(MethodContext &context, const Json &params) {
    // "Is employee X an available PSP?" is one departure away: what-ifs over named employees
    // are the coordinator's.
    if (params.contains("departures") && !context.roles().contains(Role::coordinator)) {
        throw Error(ErrorCode::forbidden,
                    "departures name employees: only the program coordinator may project "
                    "coverage over them; leave departures out",
                    "/params/departures");
    }
    if (!context.roles().intersects({Role::coordinator, Role::hr_admin})) {
        return published_coverage_report(context);
    }
    std::shared_ptr<const OrgChartIndex> chart;
    std::vector<OrgChartIndex::Node> psps;
    int partner_psps = 0;
    context.read([&](soci::session &sql) {
        for (const PartnerPsp &p : PartnerStore(sql).list(/*active_only=*/true)) {
            partner_psps += p.training_status == "current" ? 1 : 0;
        }
        chart = context.org_chart();
        for (const PoolMember &m : team_pool(context, sql)) {
            const OrgChartIndex::Node node = chart->find(m.employee_id);
            if (m.available() && node != OrgChartIndex::npos) {
                psps.push_back(node);
            }
        }
    });
    const int months = params.value("months", 12);
    const CoverageReport r =
        team_coverage(*chart, psps, parse_departures(params, *chart), context.config().coverage,
                      context.config().selection.supervisors_may_serve,
                      context.config().calendar.local_date(context.now_ms()), months);
    Json projection = Json::array();
    for (const CoverageMonth &m : r.projection) {
        projection.push_back({{"month", m.month},
                              {"headcount", m.headcount},
                              {"psps", m.psps},
                              {"needed", m.needed},
                              {"targets_below_target", m.targets_below},
                              {"cells_without_psp", m.cells_without_psp}});
    }
    const auto all = [](const CoverageCell &) { return true; };
    const auto uncovered = [](const CoverageCell &c) { return c.psps == 0; };
    return {{"view", "cells"},
            {"target_employees_per_psp", context.config().coverage.employees_per_psp},
            {"target_by", context.config().coverage.target_by},
            {"headcount", r.headcount},
            {"psps", r.psps},
            {"needed", r.needed},
            {"cells", cells_json(r.cells, all)},
            {"targets", targets_json(r.targets, false)},
            {"below_target", targets_json(r.targets, true)},
            {"projection", std::move(projection)},
            {"projected_below_target", targets_json(r.projected_targets, true)},
            {"partner_cover",
             {{"partner_agencies", context.config().coverage.partner_agencies},
              {"partner_psps", partner_psps},
              {"cells", cells_json(r.cells, uncovered)},
              {"projected_cells", cells_json(r.projected_cells, uncovered)}}}};
}

}  // namespace

void add_coverage_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "coverage.report",
        .summary =
            "Team coverage (IACP 3.8): available PSPs and headcount for each division x shift x "
            "category cell; the target (one PSP per policy.coverage.employees_per_psp) computed "
            "at the level policy.coverage.target_by sets (agency-wide by default, or per shift, "
            "category and/or division), never rounded up cell by cell; the groups below target; "
            "a month-by-month projection over the departures the host knows (3.8.3); the cells "
            "partner agencies would have to cover, and how many trained partner PSPs there are. "
            "Counts only, no names. departures: the coordinator only. Command staff get the "
            "agency's figures by staff category as statistics.report publishes them (view "
            "\"published_statistics\": suppressed figures null, no projection).",
        .roles = kCoverageReaders,
        .handler = &coverage_report,
    });
}

}  // namespace psp
