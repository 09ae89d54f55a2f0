// utilisation_chart_svg_test.cpp: the utilisation chart is well-formed XML (a small tag checker
// here, and xmllint when the machine has it), escapes every text it is given, shows published
// values, and gives a suppressed quarter no number and no bar length.
#include "plugin/domain/utilisation_chart_svg.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "test_fixtures.hpp"

namespace {

using psp::UtilisationChart;

UtilisationChart sample() {
    return {"Peer support contacts by quarter",
            "contacts",
            {{"2026-Q1", 42}, {"2026-Q2", std::nullopt}, {"2026-Q3", 7}, {"2026-Q4", 118}}};
}

// Tags balance, names match, attribute values are quoted and '&' only starts an entity. Returns
// the first problem, or empty.
std::string xml_problem(const std::string &xml) {
    std::vector<std::string> open;
    const std::regex tag(R"(<(/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(/?)>)");
    std::size_t pos = xml.find("?>");  // after the declaration
    if (xml.rfind("<?xml ", 0) != 0 || pos == std::string::npos) {
        return "no XML declaration";
    }
    pos += 2;
    while ((pos = xml.find('<', pos)) != std::string::npos) {
        std::smatch m;
        const std::string rest = xml.substr(pos);
        if (!std::regex_search(rest, m, tag, std::regex_constants::match_continuous)) {
            return "malformed tag at " + std::to_string(pos) + ": " + rest.substr(0, 40);
        }
        if (m[1] == "/") {
            if (open.empty() || open.back() != m[2]) {
                return "unbalanced </" + m[2].str() + ">";
            }
            open.pop_back();
        } else if (m[4] != "/") {
            open.push_back(m[2]);
        }
        pos += m[0].length();
    }
    if (!open.empty()) {
        return "unclosed <" + open.back() + ">";
    }
    const std::regex bare_amp(R"(&(?!(amp|lt|gt|quot|apos);))");
    if (std::regex_search(xml, bare_amp)) {
        return "a bare &";
    }
    return {};
}

// The text content of every element, joined.
std::string text_of(const std::string &xml) {
    return std::regex_replace(xml, std::regex("<[^>]*>"), " ");
}

// Each bar's <g> group, in order.
std::vector<std::string> bar_groups(const std::string &svg) {
    std::vector<std::string> out;
    const std::regex group(R"(<g class="bar">[\s\S]*?</g>)");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), group);
         it != std::sregex_iterator(); ++it) {
        out.push_back(it->str());
    }
    return out;
}

TEST(UtilisationChartSvg, IsWellFormed) {
    const std::string svg = psp::render_utilisation_chart_svg(sample());
    EXPECT_EQ(xml_problem(svg), "");
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
}

TEST(UtilisationChartSvg, XmllintAcceptsIt) {
    if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "no xmllint";
    }
    psp_test::TempDir dir("psp-chart");
    const std::string path = dir.file("chart.svg");
    UtilisationChart chart = sample();
    chart.title = "Q&A <contacts> \"by\" 'quarter'";
    std::ofstream(path) << psp::render_utilisation_chart_svg(chart);
    EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0);
}

TEST(UtilisationChartSvg, TheTagCheckerCatchesBrokenXml) {
    EXPECT_NE(xml_problem("<?xml version=\"1.0\"?><svg><g></svg>"), "");
    EXPECT_NE(xml_problem("<?xml version=\"1.0\"?><svg>a & b</svg>"), "");
    EXPECT_EQ(xml_problem("<?xml version=\"1.0\"?><svg a=\"1\"><g/>&amp;</svg>"), "");
}

TEST(UtilisationChartSvg, PublishedValuesAndLabelsAppear) {
    const std::vector<std::string> bars = bar_groups(psp::render_utilisation_chart_svg(sample()));
    ASSERT_EQ(bars.size(), 4u);
    EXPECT_NE(text_of(bars[0]).find(" 42 "), std::string::npos) << bars[0];
    EXPECT_NE(text_of(bars[0]).find("2026-Q1"), std::string::npos);
    EXPECT_NE(text_of(bars[2]).find(" 7 "), std::string::npos) << bars[2];
    EXPECT_NE(text_of(bars[3]).find(" 118 "), std::string::npos) << bars[3];
}

TEST(UtilisationChartSvg, ASuppressedQuarterShowsNoNumberAndNoLength) {
    const std::string svg = psp::render_utilisation_chart_svg(sample());
    const std::string group = bar_groups(svg).at(1);
    std::string words = text_of(group);
    EXPECT_NE(words.find("suppressed"), std::string::npos);
    words = std::regex_replace(words, std::regex("2026-Q2"), "");
    EXPECT_FALSE(std::regex_search(words, std::regex("[0-9]"))) << words;
    EXPECT_NE(group.find("url(#suppressed-hatch)"), std::string::npos);
    // Its column is the plot's full height whatever the other quarters hold.
    UtilisationChart other = sample();
    other.bars[0].value = 3;
    other.bars[3].value = 9000;
    EXPECT_EQ(bar_groups(psp::render_utilisation_chart_svg(other)).at(1), group);
}

TEST(UtilisationChartSvg, TextIsEscaped) {
    UtilisationChart chart = sample();
    chart.title = "<script>alert('x')</script> & co";
    chart.axis_label = "\"contacts\"";
    chart.bars[0].label = "Q1</text><g>";
    const std::string svg = psp::render_utilisation_chart_svg(chart);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; co"),
              std::string::npos);
    EXPECT_NE(svg.find("&quot;contacts&quot;"), std::string::npos);
    EXPECT_NE(svg.find("Q1&lt;/text&gt;&lt;g&gt;"), std::string::npos);
    EXPECT_EQ(xml_problem(svg), "");
}

TEST(UtilisationChartSvg, ControlCharactersAreReplaced) {
    EXPECT_EQ(psp::xml_escape(std::string("a\x01"
                                          "b\tc\x1f",
                                          6)),
              "a\xEF\xBF\xBD"
              "b\tc\xEF\xBF\xBD");
    EXPECT_EQ(psp::xml_escape("Zürich"), "Zürich");
}

TEST(UtilisationChartSvg, EmptyAndAllSuppressedChartsRender) {
    UtilisationChart empty{"Nothing yet", "contacts", {}};
    const std::string svg = psp::render_utilisation_chart_svg(empty);
    EXPECT_EQ(xml_problem(svg), "");
    EXPECT_NE(svg.find("no data"), std::string::npos);
    UtilisationChart hidden{"All hidden", "contacts", {{"2026-Q1", {}}, {"2026-Q2", {}}}};
    EXPECT_EQ(xml_problem(psp::render_utilisation_chart_svg(hidden)), "");
}

TEST(UtilisationChartSvg, NegativeValueIsRefused) {
    UtilisationChart chart = sample();
    chart.bars[2].value = -1;
    const psp::Error e = psp_test::error_from([&] { psp::render_utilisation_chart_svg(chart); });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_NE(std::string(e.what()).find("2026-Q3"), std::string::npos);
}

}  // namespace
