// management_statistics.cpp: quarters, and publishing count tables by quarter and by group. The
// header says why each shape is protected the way it is.
#include "domain/management_statistics.hpp"

#include <charconv>

namespace psp {
namespace {

StatisticsTable labelled(const CountTable &table) {
    StatisticsTable out;
    out.name = table.name;
    out.title = table.title;
    out.row_dimension = table.row_dimension;
    out.column_dimension = table.column_dimension;
    out.row_labels = table.row_labels;
    out.column_labels = table.column_labels;
    return out;
}

// The sum of `figures`, published only when every one of them is.
PublishedCount published_sum(const std::vector<PublishedCount> &figures) {
    int64_t sum = 0;
    for (const PublishedCount &f : figures) {
        if (!f) return std::nullopt;
        sum += *f;
    }
    return sum;
}

// A view's totals line with every agency figure either table hides hidden.
void hide_agency_figures(PublishedTable &view, const PublishedTable &a, const PublishedTable &b) {
    for (std::size_t c = 0; c < view.column_totals.size(); ++c) {
        if (!a.column_totals[c] || !b.column_totals[c]) view.column_totals[c] = std::nullopt;
    }
    if (!a.grand_total || !b.grand_total) view.grand_total = std::nullopt;
}

// A table with no rows still has a totals line: zeros, which name nobody.
PublishedTable suppress_grouped(const CountTable &table, const SuppressionPolicy &policy) {
    if (table.counts.empty()) {
        PublishedTable t;
        t.column_totals.assign(table.column_labels.size(), PublishedCount{0});
        t.grand_total = 0;
        return t;
    }
    return suppress_small_counts(table.counts, policy);
}

}  // namespace

std::optional<int64_t> parse_quarter(std::string_view label) {
    if (label.size() != 7 || label.substr(4, 2) != "-Q") return std::nullopt;
    int year = 0;
    const auto [end, ec] = std::from_chars(label.data(), label.data() + 4, year);
    if (ec != std::errc{} || end != label.data() + 4 || year < 1970) return std::nullopt;
    const char q = label[6];
    if (q < '1' || q > '4') return std::nullopt;
    return int64_t{year} * 4 + (q - '1');
}

std::string quarter_name(int64_t index) {
    return std::to_string(index / 4) + "-Q" + std::to_string(index % 4 + 1);
}

StatisticsTable publish_by_quarter(const CountTable &table, const SuppressionPolicy &policy) {
    StatisticsTable out = labelled(table);
    const std::size_t rows = table.counts.size(), columns = table.column_labels.size();
    out.figures.cells.assign(rows, std::vector<PublishedCount>(columns));
    for (std::size_t c = 0; c < columns; ++c) {
        std::vector<int64_t> column;
        for (std::size_t r = 0; r < rows; ++r) column.push_back(table.counts[r].at(c));
        const PublishedList list = suppress_small_counts(column, policy);
        for (std::size_t r = 0; r < rows; ++r) out.figures.cells[r][c] = list.cells[r];
        out.figures.column_totals.push_back(list.total);
    }
    for (const std::vector<PublishedCount> &row : out.figures.cells) {
        out.figures.row_totals.push_back(published_sum(row));
    }
    out.figures.grand_total = published_sum(out.figures.column_totals);
    return out;
}

std::string_view breakdown_name(Breakdown breakdown) {
    switch (breakdown) {
        case Breakdown::agency:
            return "agency";
        case Breakdown::division:
            return "division";
        case Breakdown::shift:
            return "shift";
    }
    return "agency";
}

StatisticsTable publish_by_group(const GroupedCounts &counts, Breakdown breakdown,
                                 const SuppressionPolicy &policy) {
    const PublishedTable by_division = suppress_grouped(counts.by_division, policy);
    const PublishedTable by_shift = suppress_grouped(counts.by_shift, policy);
    const bool shift = breakdown == Breakdown::shift;
    StatisticsTable out = labelled(shift ? counts.by_shift : counts.by_division);
    out.title = counts.by_division.title;
    out.row_dimension = breakdown_name(breakdown);
    out.figures = shift ? by_shift : by_division;
    hide_agency_figures(out.figures, by_division, by_shift);
    if (breakdown == Breakdown::agency) {
        PublishedTable agency;
        agency.cells = {out.figures.column_totals};
        agency.row_totals = {out.figures.grand_total};
        agency.column_totals = out.figures.column_totals;
        agency.grand_total = out.figures.grand_total;
        out.figures = std::move(agency);
        out.row_labels = {"agency"};
    }
    return out;
}

std::optional<GroupSize> group_singling_out(const std::vector<GroupSize> &groups,
                                            const SuppressionPolicy &policy) {
    for (const GroupSize &g : groups) {
        if (g.people >= 1 && g.people < policy.threshold) return g;
    }
    return std::nullopt;
}

std::optional<double> published_share(const std::vector<PublishedCount> &parts,
                                      PublishedCount whole) {
    const PublishedCount part = published_sum(parts);
    if (!part || !whole || *whole == 0) return std::nullopt;
    return static_cast<double>(*part) / static_cast<double>(*whole);
}

}  // namespace psp
