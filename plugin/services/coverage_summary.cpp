// coverage_summary.cpp: command staff's coverage from the published statistics.
#include "plugin/services/coverage_summary.hpp"

#include "plugin/services/published_statistics.hpp"

namespace psp {
namespace {

Json figure(const PublishedCount &c) {
    return c ? Json(*c) : Json(nullptr);
}

}  // namespace

Json published_coverage_report(MethodContext &context) {
    const std::vector<StatisticsTable> tables =
        published_group_statistics(context, {"coverage", "headcount"});
    const PublishedTable &psps = tables.at(0).figures, &headcount = tables.at(1).figures;
    const int per_psp = context.config().coverage.employees_per_psp;
    const auto needed_for = [per_psp](const PublishedCount &h) {
        return h ? Json((*h + per_psp - 1) / per_psp) : Json(nullptr);
    };
    Json cells = Json::array(), targets = Json::array(), below = Json::array(),
         without = Json::array();
    for (std::size_t c = 0; c < tables.at(0).column_labels.size(); ++c) {
        const PublishedCount h = headcount.column_totals.at(c), p = psps.column_totals.at(c);
        if (h == PublishedCount{0}) {
            continue;  // as the coordinator's report: only cells with people
        }
        const std::string &category = tables.at(0).column_labels[c];
        Json cell = {{"division", ""},
                     {"shift", ""},
                     {"category", category},
                     {"headcount", figure(h)},
                     {"psps", figure(p)}};
        // A staff category is the finest group published, so targets are by category here.
        Json target = {{"category", category},
                       {"headcount", figure(h)},
                       {"psps", figure(p)},
                       {"needed", needed_for(h)},
                       {"below_target", nullptr}};
        if (h && p) {
            target["below_target"] = *p < (*h + per_psp - 1) / per_psp;
            if (target["below_target"] == true) {
                below.push_back(target);
            }
        }
        if (p == PublishedCount{0}) {
            without.push_back(cell);
        }
        cells.push_back(std::move(cell));
        targets.push_back(std::move(target));
    }
    return {{"view", "published_statistics"},
            {"target_employees_per_psp", per_psp},
            {"target_by", Json::array({"category"})},
            {"headcount", figure(headcount.grand_total)},
            {"psps", figure(psps.grand_total)},
            {"needed", needed_for(headcount.grand_total)},
            {"cells", cells},
            {"targets", targets},
            {"below_target", below},
            {"projection", Json::array()},
            {"projected_below_target", Json::array()},
            {"partner_cover",
             {{"partner_agencies", context.config().coverage.partner_agencies},
              {"cells", without},
              {"projected_cells", Json::array()}}}};
}

}  // namespace psp
