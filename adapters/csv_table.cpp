// csv_table.cpp: libcsv callbacks collecting rows.
#include "adapters/csv_table.hpp"

#include <csv.h>

#include <memory>

#include "plugin/core/error.hpp"
#include "plugin/core/plain_text.hpp"

namespace psp {
namespace {

struct Collector {
    std::vector<CsvRow> records;
    CsvRow current;
    std::size_t record_number = 0;
    int last_terminator = 0;

    static void on_field(void *data, std::size_t length, void *self) {
        auto *c = static_cast<Collector *>(self);
        c->current.fields.emplace_back(static_cast<const char *>(data), length);
    }
    // With CSV_REPALL_NL every unquoted CR or LF ends a row, so blank lines are numbered as a
    // spreadsheet numbers them; the LF of a CR LF pair ends nothing.
    static void on_row(int terminator, void *self) {
        auto *c = static_cast<Collector *>(self);
        const bool lf_of_crlf =
            terminator == '\n' && c->last_terminator == '\r' && c->current.fields.empty();
        c->last_terminator = terminator;
        if (lf_of_crlf) {
            return;
        }
        c->current.line = ++c->record_number;
        const bool blank = c->current.fields.size() == 1 && c->current.fields[0].empty();
        if (!blank && !c->current.fields.empty()) {
            c->records.push_back(std::move(c->current));
        }
        c->current = CsvRow{};
    }
};

std::string plain_header(std::string_view name) {
    return ascii_lowercased(trimmed(name));
}

}  // namespace

CsvTable parse_csv_table(std::string_view text, const std::string &field) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    csv_parser parser{};
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        throw Error(ErrorCode::internal, "libcsv could not start");
    }
    const auto release = [](csv_parser *p) { csv_free(p); };
    std::unique_ptr<csv_parser, decltype(release)> guard(&parser, release);
    Collector collector;
    const std::size_t parsed = csv_parse(&parser, text.data(), text.size(), &Collector::on_field,
                                         &Collector::on_row, &collector);
    const bool failed = parsed != text.size() || csv_fini(&parser, &Collector::on_field,
                                                          &Collector::on_row, &collector) != 0;
    if (failed) {
        throw Error(ErrorCode::invalid_request,
                    "the CSV is not well-formed (" + std::string(csv_strerror(csv_error(&parser))) +
                        ") after record " + std::to_string(collector.record_number),
                    field);
    }
    if (collector.records.empty()) {
        throw Error(ErrorCode::invalid_request, "the CSV has no header row", field);
    }
    CsvTable table;
    for (std::string &name : collector.records.front().fields) {
        table.header.push_back(plain_header(std::move(name)));
    }
    table.rows.assign(std::make_move_iterator(collector.records.begin() + 1),
                      std::make_move_iterator(collector.records.end()));
    return table;
}

}  // namespace psp
