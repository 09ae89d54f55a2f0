// schema_validation_test.cpp: JSON Schema validation through valijson: the deepest error's field
// as a JSON pointer, unknown properties refused, strong types (a string "5" is not an integer),
// and the request envelope's own schema.
#include "plugin/core/schema_validation.hpp"

#include <gtest/gtest.h>

#include "plugin/core/error.hpp"
#include "plugin/dispatch/request.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp::SchemaValidator;
using psp_test::error_from;

const Json &records_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false, "required": ["records"],
      "properties": {
        "records": {"type": "array", "items": {
          "type": "object", "additionalProperties": false, "required": ["id"],
          "properties": {"id": {"type": "string"}, "age": {"type": "integer"},
                         "tags": {"type": "array", "items": {"type": "string"}}}}},
        "limit": {"type": "integer", "minimum": 1},
        "flag": {"type": "boolean"}
      }
    })");
    return schema;
}

Json records(std::size_t n) {
    Json list = Json::array();
    for (std::size_t i = 0; i < n; ++i) {
        list.push_back({{"id", "E" + std::to_string(i)}});
    }
    return {{"records", list}};
}

psp::Error invalid(const Json &document, const std::string &prefix = "/params") {
    static const SchemaValidator validator(records_schema());
    return error_from([&] { validator.validate(document, prefix); });
}

TEST(SchemaValidation, ValidDocumentPasses) {
    const SchemaValidator validator(records_schema());
    Json doc = records(5);
    doc["limit"] = 3;
    doc["records"][2]["tags"] = {"a", "b"};
    EXPECT_NO_THROW(validator.validate(doc, "/params"));
}

TEST(SchemaValidation, DeepestErrorIsNamedAsAJsonPointer) {
    Json doc = records(5);
    doc["records"][3]["id"] = 17;
    const psp::Error e = invalid(doc);
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/records/3/id");
    EXPECT_EQ(std::string(e.what()).rfind("/params/records/3/id", 0), 0u) << e.what();
}

TEST(SchemaValidation, NestedArrayItemIsNamed) {
    Json doc = records(3);
    doc["records"][1]["tags"] = {"ok", 5};
    EXPECT_EQ(invalid(doc).field(), "/params/records/1/tags/1");
}

TEST(SchemaValidation, PrefixIsPrepended) {
    Json doc = records(2);
    doc["records"][0]["id"] = nullptr;
    EXPECT_EQ(invalid(doc, "").field(), "/records/0/id");
    EXPECT_EQ(invalid(doc, "/config").field(), "/config/records/0/id");
}

TEST(SchemaValidation, UnknownPropertyIsRefused) {
    Json doc = records(1);
    doc["records"][0]["emial"] = "x@example.org";
    const psp::Error e = invalid(doc);
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field().rfind("/params/records/0", 0), 0u) << e.field();
    EXPECT_NE(std::string(e.what()).find("emial"), std::string::npos) << e.what();
}

TEST(SchemaValidation, UnknownTopLevelPropertyIsRefused) {
    Json doc = records(1);
    doc["extra"] = true;
    const psp::Error e = invalid(doc);
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_NE(std::string(e.what()).find("extra"), std::string::npos) << e.what();
}

TEST(SchemaValidation, MissingRequiredPropertyIsRefused) {
    EXPECT_EQ(invalid(Json::object()).code(), ErrorCode::invalid_request);
    Json doc = records(2);
    doc["records"][1].erase("id");
    EXPECT_EQ(invalid(doc).field(), "/params/records/1");
}

TEST(SchemaValidation, StrongTypesRefuseLookalikes) {
    Json as_string = records(1);
    as_string["limit"] = "5";
    EXPECT_EQ(invalid(as_string).field(), "/params/limit");
    Json as_float = records(1);
    as_float["limit"] = 5.5;
    EXPECT_EQ(invalid(as_float).field(), "/params/limit");
    Json bool_as_string = records(1);
    bool_as_string["flag"] = "true";
    EXPECT_EQ(invalid(bool_as_string).field(), "/params/flag");
    Json bool_as_number = records(1);
    bool_as_number["flag"] = 1;
    EXPECT_EQ(invalid(bool_as_number).field(), "/params/flag");
    Json number_as_id = records(1);
    number_as_id["records"][0]["id"] = 5;
    EXPECT_EQ(invalid(number_as_id).field(), "/params/records/0/id");
}

TEST(SchemaValidation, PropertyNamesAreEscapedInPointers) {
    const SchemaValidator validator(Json::parse(R"({"type": "object",
        "additionalProperties": {"type": "integer"}})"));
    const psp::Error e = error_from([&] {
        validator.validate({{"a/b~c", "not a number"}}, "/params");
    });
    EXPECT_EQ(e.field(), "/params/a~1b~0c");
}

TEST(SchemaValidation, AnInvalidSchemaIsAnInternalError) {
    EXPECT_EQ(error_from([] { SchemaValidator bad(Json::parse(R"({"type": 12})")); }).code(),
              ErrorCode::internal);
}

TEST(SchemaValidation, ValidatorIsMovable) {
    SchemaValidator first(records_schema());
    SchemaValidator moved(std::move(first));
    EXPECT_NO_THROW(moved.validate(records(1), ""));
    EXPECT_EQ(moved.schema(), records_schema());
}

TEST(RequestEnvelope, WellFormedRequestParses) {
    const psp::Request r = psp::parse_request(
        R"({"method":"health","principal":{"id":"E1","roles":["it_admin","x"]},
            "params":{"a":1},"idempotency_key":"k1","request_id":"r1"})",
        1 << 20);
    EXPECT_EQ(r.method, "health");
    EXPECT_EQ(r.principal.id, "E1");
    EXPECT_EQ(r.principal.host_roles, (std::vector<std::string>{"it_admin", "x"}));
    EXPECT_EQ(r.params, (Json{{"a", 1}}));
    EXPECT_EQ(r.idempotency_key, "k1");
    EXPECT_EQ(r.request_id, "r1");
}

TEST(RequestEnvelope, ParamsDefaultToAnEmptyObject) {
    const psp::Request r =
        psp::parse_request(R"({"method":"m","principal":{"id":"E1","roles":[]}})", 1 << 20);
    EXPECT_TRUE(r.params.is_object());
    EXPECT_TRUE(r.params.empty());
    EXPECT_TRUE(r.idempotency_key.empty());
}

TEST(RequestEnvelope, EnvelopeErrorsNameTheField) {
    const auto field_of = [](const std::string &text) {
        return error_from([&] { psp::parse_request(text, 1 << 20); }).field();
    };
    EXPECT_EQ(field_of(R"({"method":"m","principal":{"id":"E1","roles":["a",7]}})"),
              "/principal/roles/1");
    EXPECT_EQ(field_of(R"({"method":"","principal":{"id":"E1","roles":[]}})"), "/method");
    EXPECT_EQ(field_of(R"({"method":"m","principal":{"id":"E1","roles":[]},"params":[]})"),
              "/params");
    EXPECT_EQ(field_of(R"({"method":"m","principal":{"id":"E1","roles":[]},
                          "idempotency_key":""})"),
              "/idempotency_key");
}

TEST(RequestEnvelope, UnknownEnvelopeFieldIsRefused) {
    const psp::Error e = error_from([] {
        psp::parse_request(R"({"method":"m","principal":{"id":"E1","roles":[]},"sudo":true})",
                           1 << 20);
    });
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_NE(std::string(e.what()).find("sudo"), std::string::npos) << e.what();
}

}  // namespace
