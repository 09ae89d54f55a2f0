// error.hpp: the plugin's one error type.
//
// Every failure inside the plugin is a psp::Error: a machine-readable code, a message for people
// and, where there is one, the offending field (a JSON pointer into the request). The C boundary
// turns it into a psp_status plus a JSON error object; nothing else catches and re-labels errors.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

namespace psp {

enum class ErrorCode {
    invalid_argument,    // a NULL pointer, a wrong struct_size, a bad length at the boundary
    invalid_json,        // the request is not well-formed JSON
    invalid_utf8,        // the request is not valid UTF-8
    too_large,           // the request exceeds the configured size limit
    invalid_request,     // the envelope or params break the method's schema
    unknown_method,      // no such method in the catalogue
    forbidden,           // the principal's roles may not call the method
    not_found,           // a referenced record does not exist
    conflict,            // wrong state, a lost race
    idempotency_reused,  // an idempotency key reused for a different request
    invalid_org_chart,   // a directory sync would leave a broken org chart
    unsupported,         // an ABI major or feature the plugin does not speak
    host_error,          // a host service failed or answered badly
    storage_error,       // the database failed; the transaction was rolled back
    internal,            // a bug; nothing was changed
};

inline constexpr auto kErrorCodeNames = enum_table<ErrorCode>({
    {ErrorCode::invalid_argument, "invalid_argument"},
    {ErrorCode::invalid_json, "invalid_json"},
    {ErrorCode::invalid_utf8, "invalid_utf8"},
    {ErrorCode::too_large, "too_large"},
    {ErrorCode::invalid_request, "invalid_request"},
    {ErrorCode::unknown_method, "unknown_method"},
    {ErrorCode::forbidden, "forbidden"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::conflict, "conflict"},
    {ErrorCode::idempotency_reused, "idempotency_reused"},
    {ErrorCode::invalid_org_chart, "invalid_org_chart"},
    {ErrorCode::unsupported, "unsupported"},
    {ErrorCode::host_error, "host_error"},
    {ErrorCode::storage_error, "storage_error"},
    {ErrorCode::internal, "internal"},
});

// The wire name of a code, for example "invalid_request".
inline std::string_view error_code_name(ErrorCode code) {
    return kErrorCodeNames[code];
}

class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, const std::string &message, std::string field = {},
          std::vector<std::string> records = {})
        : std::runtime_error(message),
          code_(code),
          field_(std::move(field)),
          records_(std::move(records)) {}

    ErrorCode code() const noexcept { return code_; }
    // JSON pointer of the offending field, or empty.
    const std::string &field() const noexcept { return field_; }
    // Identifiers of the offending records (for example employees in a supervisor cycle).
    const std::vector<std::string> &records() const noexcept { return records_; }

  private:
    ErrorCode code_;
    std::string field_;
    std::vector<std::string> records_;
};

}  // namespace psp
