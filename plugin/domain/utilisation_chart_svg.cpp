// utilisation_chart_svg.cpp: layout in whole pixels (no floating-point text, so no locale can
// change the output), a value axis with round tick steps, one group per bar.
#include "plugin/domain/utilisation_chart_svg.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

constexpr int kLeft = 80, kRight = 24, kTop = 56, kBottom = 64;
constexpr int kPlotHeight = 260, kSlot = 72, kBarWidth = 44, kMaxTicks = 6;

std::string num(int64_t v) {
    return std::to_string(v);
}

// The smallest tick step of 1, 2 or 5 times a power of ten that reaches `max` in at most
// kMaxTicks steps: round numbers, and the tallest bar fills most of the plot.
int64_t tick_step(int64_t max) {
    for (int64_t power = 1;; power *= 10) {
        for (int64_t m : {1, 2, 5}) {
            if (m * power * kMaxTicks >= max) {
                return m * power;
            }
        }
    }
}

struct Layout {
    int width = 0, height = 0;
    int64_t step = 1;  // value per tick
    int ticks = 1;
    int plot_bottom() const { return kTop + kPlotHeight; }
    int y_of(int64_t value) const {
        return plot_bottom() - static_cast<int>(value * kPlotHeight / (step * ticks));
    }
};

Layout layout_of(const UtilisationChart &chart) {
    int64_t max = 0;
    for (const ChartBar &bar : chart.bars) {
        if (bar.value && *bar.value < 0) {
            throw Error(ErrorCode::invalid_request,
                        "a chart value must not be negative: " + num(*bar.value) + " for '" +
                            bar.label + "'");
        }
        if (bar.value) {
            max = std::max(max, *bar.value);
        }
    }
    Layout l;
    l.width = kLeft + kRight + std::max<int>(6, static_cast<int>(chart.bars.size())) * kSlot;
    l.height = kTop + kPlotHeight + kBottom;
    l.step = tick_step(std::max<int64_t>(max, 5));
    l.ticks = static_cast<int>(std::max<int64_t>(1, (max + l.step - 1) / l.step));
    return l;
}

std::string text(int x, int y, const std::string &anchor, const std::string &body,
                 const std::string &extra = {}) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
           extra + ">" + xml_escape(body) + "</text>\n";
}

std::string line(int x1, int y1, int x2, int y2, const std::string &stroke) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\" stroke=\"" + stroke + "\"/>\n";
}

std::string header(const UtilisationChart &chart, const Layout &l) {
    const std::string w = num(l.width), h = num(l.height);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
           w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
           "\" role=\"img\" font-family=\"sans-serif\" font-size=\"13\">\n<title>" +
           xml_escape(chart.title) +
           "</title>\n"
           "<defs><pattern id=\"suppressed-hatch\" width=\"8\" height=\"8\" "
           "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
           "<rect width=\"8\" height=\"8\" fill=\"#eeeeee\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#b0b0b0\" stroke-width=\"3\"/>"
           "</pattern></defs>\n"
           "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" +
           text(l.width / 2, 30, "middle", chart.title, " font-size=\"18\" font-weight=\"bold\"");
}

std::string value_axis(const UtilisationChart &chart, const Layout &l) {
    std::string out;
    for (int i = 0; i <= l.ticks; ++i) {
        const int64_t v = l.step * i;
        const int y = l.y_of(v);
        out += line(kLeft, y, l.width - kRight, y, i == 0 ? "#444444" : "#dddddd");
        out += text(kLeft - 8, y + 4, "end", num(v), " fill=\"#444444\"");
    }
    const int mid = kTop + kPlotHeight / 2;
    out += text(22, mid, "middle", chart.axis_label,
                " transform=\"rotate(-90 22 " + num(mid) + ")\" fill=\"#222222\"");
    return out;
}

std::string bar_group(const ChartBar &bar, int index, const Layout &l) {
    const int x = kLeft + index * kSlot + (kSlot - kBarWidth) / 2, centre = x + kBarWidth / 2;
    const std::string label = xml_escape(bar.label);
    std::string out = "<g class=\"bar\"><title>" + label + ": " +
                      (bar.value ? num(*bar.value) : std::string("suppressed")) + "</title>\n";
    if (bar.value) {
        const int y = l.y_of(*bar.value);
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(kBarWidth) +
               "\" height=\"" + num(l.plot_bottom() - y) + "\" fill=\"#2f6690\"/>\n";
        out += text(centre, y - 6, "middle", num(*bar.value), " fill=\"#222222\"");
    } else {
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(kTop) + "\" width=\"" + num(kBarWidth) +
               "\" height=\"" + num(kPlotHeight) +
               "\" fill=\"url(#suppressed-hatch)\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n";
        const int mid = kTop + kPlotHeight / 2;
        out += text(centre + 5, mid, "middle", "suppressed",
                    " transform=\"rotate(-90 " + num(centre + 5) + " " + num(mid) +
                        ")\" fill=\"#555555\" font-style=\"italic\"");
    }
    out += text(centre, l.plot_bottom() + 20, "middle", bar.label, " fill=\"#222222\"");
    return out + "</g>\n";
}

}  // namespace

std::string xml_escape(const std::string &s) {
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // XML 1.0 allows no control characters but tab, line feed and carriage return.
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    out += "\xEF\xBF\xBD";
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

std::string render_utilisation_chart_svg(const UtilisationChart &chart) {
    const Layout l = layout_of(chart);
    std::string svg = header(chart, l) + value_axis(chart, l);
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        svg += bar_group(chart.bars[i], static_cast<int>(i), l);
    }
    if (chart.bars.empty()) {
        svg += text(l.width / 2, kTop + kPlotHeight / 2, "middle", "no data", " fill=\"#777777\"");
    }
    const bool any_suppressed = std::any_of(chart.bars.begin(), chart.bars.end(),
                                            [](const ChartBar &b) { return !b.value; });
    if (any_suppressed) {
        svg += text(kLeft, l.height - 14, "start",
                    "Hatched: suppressed to protect confidentiality; no figure is shown.",
                    " fill=\"#555555\" font-size=\"12\"");
    }
    return svg + "</svg>\n";
}

}  // namespace psp
