// utilisation_chart_svg.hpp: a bar chart of program utilisation by quarter, as a standalone SVG
// document, for command staff who would rather look than read (IACP 6.7).
//
// The chart only ever sees published figures (small_cell_suppression.hpp): a suppressed quarter
// reaches it without a value, and is drawn as a grey hatched column of the plot's full height
// labelled "suppressed", so neither a number nor a bar length can hint at the hidden count.
#pragma once

#include <string>
#include <vector>

#include "plugin/domain/small_cell_suppression.hpp"

namespace psp {

struct ChartBar {
    std::string label;     // for example "2026-Q1"
    PublishedCount value;  // nothing: suppressed
};

struct UtilisationChart {
    std::string title;
    std::string axis_label;  // the value axis, for example "contacts"
    std::vector<ChartBar> bars;
};

// A complete SVG 1.1 document (UTF-8). Text is XML-escaped; characters XML cannot carry are
// replaced by U+FFFD. Throws Error(invalid_request) for a negative value.
std::string render_utilisation_chart_svg(const UtilisationChart &chart);

// Text made safe for XML character data and attribute values.
std::string xml_escape(const std::string &text);

}  // namespace psp
