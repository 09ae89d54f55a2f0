// error.cpp: wire names of error codes.
#include "plugin/core/error.hpp"

namespace psp {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return "invalid_argument";
        case ErrorCode::invalid_json:
            return "invalid_json";
        case ErrorCode::invalid_utf8:
            return "invalid_utf8";
        case ErrorCode::too_large:
            return "too_large";
        case ErrorCode::invalid_request:
            return "invalid_request";
        case ErrorCode::unknown_method:
            return "unknown_method";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::conflict:
            return "conflict";
        case ErrorCode::idempotency_reused:
            return "idempotency_reused";
        case ErrorCode::invalid_org_chart:
            return "invalid_org_chart";
        case ErrorCode::unsupported:
            return "unsupported";
        case ErrorCode::host_error:
            return "host_error";
        case ErrorCode::storage_error:
            return "storage_error";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

}  // namespace psp
