// training_import.cpp: the all-or-nothing rule for training imports.
#include "adapters/training_import.hpp"

#include <algorithm>

#include "plugin/core/error.hpp"

namespace psp {

void require_no_rejected_rows(std::vector<RejectedRow> rejected, std::string_view source,
                              const std::string &field) {
    if (rejected.empty()) {
        return;
    }
    std::stable_sort(rejected.begin(), rejected.end(),
                     [](const RejectedRow &a, const RejectedRow &b) { return a.row < b.row; });
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < rejected.size() && i < 20; ++i) {
        rows.push_back("row " + std::to_string(rejected[i].row) + ": " + rejected[i].reason);
    }
    std::string message = "the " + std::string(source) + " training import was rejected whole: " +
                          std::to_string(rejected.size()) + " invalid row(s) (";
    for (std::size_t i = 0; i < rows.size() && i < 5; ++i) {
        message += (i ? "; " : "") + rows[i];
    }
    message += "); nothing was recorded";
    throw Error(ErrorCode::invalid_request, message, field, std::move(rows));
}

}  // namespace psp
