// csv_table.hpp: RFC 4180 CSV text into a header and rows, through libcsv in strict mode.
//
// Shared by every CSV import (the directory now, training records later) so quoting, line
// numbers and error messages are the same everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace psp {

struct CsvRow {
    // 1-based record number in the file, the header being record 1 and blank lines counted (the
    // row number a spreadsheet shows; a quoted line break does not start a record).
    std::size_t line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<std::string> header;  // trimmed, lower-cased, a leading UTF-8 BOM removed
    std::vector<CsvRow> rows;         // blank lines skipped
};

// Throws Error(invalid_request) at `field` when the text is not well-formed CSV or has no header.
CsvTable parse_csv_table(std::string_view text, const std::string &field);

}  // namespace psp
