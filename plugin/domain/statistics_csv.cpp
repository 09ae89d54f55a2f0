// statistics_csv.cpp: CSV writing for statistics (the repository's CSV code only reads).
#include "plugin/domain/statistics_csv.hpp"

namespace psp {
namespace {

void add_line(std::string &out, const std::string &table, std::string_view row,
              std::string_view column, const PublishedCount &count) {
    out += csv_field(table) + ',' + csv_field(row) + ',' + csv_field(column) + ',' +
           (count ? std::to_string(*count) : std::string("suppressed")) + "\r\n";
}

void add_table(std::string &out, const StatisticsTable &t) {
    const PublishedTable &f = t.figures;
    for (std::size_t r = 0; r < f.cells.size(); ++r) {
        for (std::size_t c = 0; c < f.cells[r].size(); ++c) {
            add_line(out, t.name, t.row_labels[r], t.column_labels[c], f.cells[r][c]);
        }
        add_line(out, t.name, t.row_labels[r], "", f.row_totals[r]);
    }
    for (std::size_t c = 0; c < f.column_totals.size(); ++c) {
        add_line(out, t.name, "", t.column_labels[c], f.column_totals[c]);
    }
    add_line(out, t.name, "", "", f.grand_total);
}

}  // namespace

std::string csv_field(std::string_view text) {
    std::string value;
    if (!text.empty() &&
        std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        value = "'";
    }
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (char ch : value) {
        if (ch == '"') {
            quoted += '"';
        }
        quoted += ch;
    }
    return quoted + '"';
}

std::string statistics_csv(const std::vector<StatisticsTable> &tables) {
    std::string out = "table,row,column,count\r\n";
    for (const StatisticsTable &t : tables) {
        add_table(out, t);
    }
    return out;
}

}  // namespace psp
