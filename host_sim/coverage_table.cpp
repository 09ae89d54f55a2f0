// coverage_table.cpp: fixed-width text for coverage.report.
#include "host_sim/coverage_table.hpp"

#include <algorithm>
#include <cstdio>

namespace psp::host_sim {
namespace {

std::string pad(const std::string &text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string number(const nlohmann::json &value, std::size_t width) {
    const std::string text = value.dump();
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string cell_lines(const nlohmann::json &cells, std::size_t division_width) {
    std::string out;
    for (const nlohmann::json &c : cells) {
        out += "  " + pad(c.at("division").get<std::string>(), division_width) + "  " +
               pad(c.at("shift").get<std::string>(), 9) + "  " +
               pad(c.at("category").get<std::string>(), 10) + number(c.at("headcount"), 9) +
               number(c.at("psps"), 6) + "\n";
    }
    return out;
}

// A target group's name: its dimensions, or "agency-wide".
std::string group_name(const nlohmann::json &t) {
    std::string name;
    for (const char *key : {"division", "shift", "category"}) {
        if (t.contains(key)) {
            name += (name.empty() ? "" : " / ") + t.at(key).get<std::string>();
        }
    }
    return name.empty() ? "agency-wide" : name;
}

}  // namespace

std::string coverage_table(const nlohmann::json &r) {
    std::size_t width = 8;
    for (const nlohmann::json &c : r.at("cells")) {
        width = std::max(width, c.at("division").get<std::string>().size());
    }
    std::string out = "Team coverage: " + r.at("psps").dump() + " available PSPs for " +
                      r.at("headcount").dump() + " employees (target: one PSP per " +
                      r.value("target_employees_per_psp", nlohmann::json(0)).dump() +
                      " employees)\n\n";
    out += "Target: " + r.value("needed", nlohmann::json(0)).dump() + " PSPs\n";
    for (const nlohmann::json &t : r.value("targets", nlohmann::json::array())) {
        out += "  " + pad(group_name(t), 32) + number(t.at("headcount"), 9) + " employees" +
               number(t.at("psps"), 6) + " PSPs" + number(t.at("needed"), 6) + " needed" +
               (t.at("below_target").get<bool>() ? "  below target" : "") + "\n";
    }
    out += "\n  " + pad("division", width) + "  " + pad("shift", 9) + "  " + pad("category", 10) +
           "headcount  PSPs\n";
    out += cell_lines(r.at("cells"), width);
    out +=
        "\nProjection over known departures:\n  month     headcount  PSPs  needed  below target"
        "  cells without a PSP\n";
    for (const nlohmann::json &m : r.at("projection")) {
        out += "  " + pad(m.at("month").get<std::string>(), 8) + number(m.at("headcount"), 11) +
               number(m.at("psps"), 6) + number(m.at("needed"), 8) +
               number(m.at("targets_below_target"), 14) + number(m.at("cells_without_psp"), 21) +
               "\n";
    }
    const nlohmann::json &partner = r.at("partner_cover");
    out += "\nCells with no PSP of their own, for partner agencies (" +
           (partner.at("partner_agencies").empty() ? std::string("none configured")
                                                   : partner.at("partner_agencies").dump()) +
           "):\n";
    out += partner.at("cells").empty() ? "  none\n" : cell_lines(partner.at("cells"), width);
    return out;
}

}  // namespace psp::host_sim
