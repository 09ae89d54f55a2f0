// request.hpp: the request envelope every call carries.
//
//   {"method": "...", "principal": {"id": "...", "roles": ["..."]}, "params": {...},
//    "idempotency_key": "...", "request_id": "..."}
//
// The envelope is checked against its own JSON Schema, so a wrong type or an unknown field in it
// gets the same kind of error, with a field pointer, as one in a method's params.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace psp {

struct Principal {
    std::string id;
    std::vector<std::string> host_roles;
};

struct Request {
    std::string method;
    Principal principal;
    Json params = Json::object();
    std::string idempotency_key;  // empty when absent
    std::string request_id;       // the host's correlation id, echoed in logs; empty when absent
};

// The envelope's schema (also published by plugin.info).
const Json &request_envelope_schema();

// Throws Error(too_large | invalid_utf8 | invalid_json | invalid_request).
Request parse_request(std::string_view text, std::size_t max_bytes);

}  // namespace psp
