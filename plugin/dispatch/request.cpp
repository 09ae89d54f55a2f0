// request.cpp: parse and check the envelope.
#include "plugin/dispatch/request.hpp"

#include "plugin/core/schema_validation.hpp"

namespace psp {

const Json &request_envelope_schema() {
    static const Json schema = Json::parse(R"({
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "additionalProperties": false,
      "required": ["method", "principal"],
      "properties": {
        "method": {"type": "string", "minLength": 1, "maxLength": 128},
        "principal": {
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "roles"],
          "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 128},
            "roles": {"type": "array", "maxItems": 64,
                      "items": {"type": "string", "minLength": 1, "maxLength": 128}}
          }
        },
        "params": {"type": "object"},
        "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 200},
        "request_id": {"type": "string", "maxLength": 200}
      }
    })");
    return schema;
}

Request parse_request(std::string_view text, std::size_t max_bytes) {
    static const SchemaValidator validator(request_envelope_schema());
    Json document = parse_json_text(text, max_bytes, "the request");
    validator.validate(document, "");
    Request request;
    request.method = document.at("method").get<std::string>();
    const Json &principal = document.at("principal");
    request.principal.id = principal.at("id").get<std::string>();
    request.principal.host_roles = principal.at("roles").get<std::vector<std::string>>();
    if (const auto it = document.find("params"); it != document.end()) {
        request.params = std::move(*it);  // a directory sync's params can be megabytes
    }
    if (const auto it = document.find("idempotency_key"); it != document.end()) {
        request.idempotency_key = it->get<std::string>();
    }
    if (const auto it = document.find("request_id"); it != document.end()) {
        request.request_id = it->get<std::string>();
    }
    return request;
}

}  // namespace psp
