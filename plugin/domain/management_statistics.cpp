// management_statistics.cpp: quarters, and publishing count tables by quarter and by group. The
// header says why each shape is protected the way it is.
#include "plugin/domain/management_statistics.hpp"

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
        if (!f) {
            return std::nullopt;
        }
        sum += *f;
    }
    return sum;
}

// Hides column c's total in a view that published it and, so that the view cannot give it back
// (its cells add up to it), the column's non-zero cells with it.
void hide_column_with_its_cells(PublishedTable &view, std::size_t c) {
    view.column_totals[c] = std::nullopt;
    for (std::size_t r = 0; r < view.cells.size(); ++r) {
        if (view.cells[r][c] != PublishedCount{0}) {
            view.cells[r][c] = std::nullopt;
        }
    }
}

// Hides one more published non-zero figure among `candidates` (the largest, so the fewest small
// ones go); false when there is none.
bool hide_one_more(const std::vector<PublishedCount *> &candidates) {
    PublishedCount *chosen = nullptr;
    for (PublishedCount *f : candidates) {
        if (*f && **f > 0 && (chosen == nullptr || **f > **chosen)) {
            chosen = f;
        }
    }
    if (chosen != nullptr) {
        *chosen = std::nullopt;
    }
    return chosen != nullptr;
}

std::size_t hidden_in(const std::vector<PublishedCount *> &line) {
    std::size_t n = 0;
    for (const PublishedCount *f : line) {
        n += *f ? 0 : 1;
    }
    return n;
}

// After the agency figures were hidden in a view, no row (its cells and total), column (its
// cells and total) or the row totals with the grand total may hide exactly one figure: it would
// come back by subtraction. A second one is hidden in such a line, never an agency figure (the
// column totals and the grand total), so the views keep publishing the same agency figures;
// the totals line itself never hides exactly one, being the union of two lines that hide none or
// at least two. Hiding more only widens what an attacker can infer, so this keeps every earlier
// protection.
void hide_until_no_line_hides_one(PublishedTable &t) {
    const std::size_t rows = t.cells.size(), columns = t.column_totals.size();
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t r = 0; r < rows; ++r) {
            std::vector<PublishedCount *> line;
            for (PublishedCount &f : t.cells[r]) {
                line.push_back(&f);
            }
            line.push_back(&t.row_totals[r]);
            // The row total first: it is no agency figure and leaves the columns alone.
            if (hidden_in(line) == 1) {
                changed = hide_one_more({&t.row_totals[r]}) || hide_one_more(line) || changed;
            }
        }
        for (std::size_t c = 0; c < columns; ++c) {
            std::vector<PublishedCount *> line;
            for (std::size_t r = 0; r < rows; ++r) {
                line.push_back(&t.cells[r][c]);
            }
            std::vector<PublishedCount *> with_total = line;
            with_total.push_back(&t.column_totals[c]);
            if (hidden_in(with_total) == 1) {
                changed = hide_one_more(line) || changed;
            }
        }
        std::vector<PublishedCount *> totals;
        for (PublishedCount &f : t.row_totals) {
            totals.push_back(&f);
        }
        std::vector<PublishedCount *> with_grand = totals;
        with_grand.push_back(&t.grand_total);
        if (hidden_in(with_grand) == 1) {
            changed = hide_one_more(totals) || changed;
        }
    }
}

// A view's totals line with every agency figure either table hides hidden, so the three views
// publish the same agency figures and none can be combined with another to undo a suppression.
void hide_agency_figures(PublishedTable &view, const PublishedTable &a, const PublishedTable &b) {
    for (std::size_t c = 0; c < view.column_totals.size(); ++c) {
        const bool hidden = !a.column_totals[c] || !b.column_totals[c];
        if (hidden && view.column_totals[c]) {
            hide_column_with_its_cells(view, c);
        }
    }
    if (!a.grand_total || !b.grand_total) {
        view.grand_total = std::nullopt;
    }
    hide_until_no_line_hides_one(view);
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
    if (label.size() != 7 || label.substr(4, 2) != "-Q") {
        return std::nullopt;
    }
    int year = 0;
    const auto [end, ec] = std::from_chars(label.data(), label.data() + 4, year);
    if (ec != std::errc{} || end != label.data() + 4 || year < 1970) {
        return std::nullopt;
    }
    const char q = label[6];
    if (q < '1' || q > '4') {
        return std::nullopt;
    }
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
        for (std::size_t r = 0; r < rows; ++r) {
            column.push_back(table.counts[r].at(c));
        }
        const PublishedList list = suppress_small_counts(column, policy);
        for (std::size_t r = 0; r < rows; ++r) {
            out.figures.cells[r][c] = list.cells[r];
        }
        out.figures.column_totals.push_back(list.total);
    }
    for (const std::vector<PublishedCount> &row : out.figures.cells) {
        out.figures.row_totals.push_back(published_sum(row));
    }
    out.figures.grand_total = published_sum(out.figures.column_totals);
    return out;
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
        if (g.people >= 1 && g.people < policy.threshold) {
            return g;
        }
    }
    return std::nullopt;
}

std::optional<double> published_share(const std::vector<PublishedCount> &parts,
                                      PublishedCount whole) {
    const PublishedCount part = published_sum(parts);
    if (!part || !whole || *whole == 0) {
        return std::nullopt;
    }
    return static_cast<double>(*part) / static_cast<double>(*whole);
}

}  // namespace psp
