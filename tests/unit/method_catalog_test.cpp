// method_catalog_test.cpp: each method's schemas come from its embedded schema file
// (plugin/methods/schemas/<method>.json). A method without a file, a file without a method, a
// malformed file or schemas given in C++ fail the catalogue; the enums the files repeat from the
// code's name tables stay equal to them.
#include "plugin/dispatch/method_catalog.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/domain/program_readiness.hpp"
#include "plugin/domain/program_status.hpp"
#include "plugin/methods/catalog.hpp"
#include "plugin/methods/method_schemas.hpp"
#include "plugin/services/activation_json.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp::MethodCatalog;
using psp::MethodSpec;

MethodSpec spec_named(const std::string &name) {
    return {.name = name,
            .summary = "A method for the test.",
            .roles = psp::RoleSet::all(),
            .handler = [](psp::MethodContext &, const Json &) { return Json::object(); }};
}

constexpr std::string_view kEmptySchemas =
    R"({"params": {"type": "object", "additionalProperties": false}, "result": {}})";

// The internal error `f` throws, or a failure when it throws none.
std::string internal_error(const std::function<void()> &f) {
    try {
        f();
    } catch (const psp::Error &e) {
        EXPECT_EQ(e.code(), ErrorCode::internal) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no error thrown";
    return {};
}

TEST(MethodCatalog, EveryMethodHasASchemaFileAndEveryFileAMethod) {
    const std::vector<const MethodSpec *> methods = psp::method_catalog().all();
    EXPECT_EQ(psp::embedded_method_schemas().size(), methods.size());
    EXPECT_GE(methods.size(), 74u);
    for (const MethodSpec *spec : methods) {
        EXPECT_TRUE(spec->params_schema.is_object()) << spec->name;
        EXPECT_EQ(spec->params_schema.value("type", ""), "object") << spec->name;
        EXPECT_TRUE(spec->result_schema.is_object()) << spec->name;
    }
}

TEST(MethodCatalog, GivesEachMethodTheSchemasOfItsFile) {
    MethodCatalog catalog({{"x.get.json", kEmptySchemas}});
    catalog.add(spec_named("x.get"));
    catalog.require_every_schema_used();
    const MethodSpec *spec = catalog.find("x.get");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->params_schema, (Json{{"type", "object"}, {"additionalProperties", false}}));
    EXPECT_EQ(spec->result_schema, Json::object());
    // The params validator is compiled from the file's schema.
    try {
        catalog.params_validator("x.get").validate({{"extra", 1}}, "/params");
        ADD_FAILURE() << "an unknown param was accepted";
    } catch (const psp::Error &e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    }
}

TEST(MethodCatalog, RefusesAMethodWithoutASchemaFile) {
    MethodCatalog catalog({{"x.get.json", kEmptySchemas}});
    const std::string message = internal_error([&] { catalog.add(spec_named("x.put")); });
    EXPECT_NE(message.find("x.put.json"), std::string::npos) << message;
}

TEST(MethodCatalog, RefusesASchemaFileNamingNoMethod) {
    MethodCatalog catalog({{"x.get.json", kEmptySchemas}, {"x.gone.json", kEmptySchemas}});
    catalog.add(spec_named("x.get"));
    const std::string message = internal_error([&] { catalog.require_every_schema_used(); });
    EXPECT_NE(message.find("x.gone.json"), std::string::npos) << message;
}

TEST(MethodCatalog, RefusesSchemasGivenInCode) {
    MethodCatalog catalog({{"x.get.json", kEmptySchemas}});
    MethodSpec spec = spec_named("x.get");
    spec.params_schema = Json::object();
    internal_error([&] { catalog.add(spec); });
}

TEST(MethodCatalog, RefusesAMethodRegisteredTwice) {
    MethodCatalog catalog({{"x.get.json", kEmptySchemas}});
    catalog.add(spec_named("x.get"));
    internal_error([&] { catalog.add(spec_named("x.get")); });
}

TEST(MethodCatalog, RefusesMalformedSchemaFiles) {
    for (const psp::EmbeddedFile &file : std::vector<psp::EmbeddedFile>{
             {"x.get.json", R"({"params": {}, "result": )"},
             {"x.get.json", R"({"params": {}})"},
             {"x.get.json", R"({"params": {}, "result": {}, "error": {}})"},
             {"x.get.json", R"({"params": [], "result": {}})"},
             {"x.get.json", R"([])"},
             {"x.get.txt", kEmptySchemas},
         }) {
        const std::string message =
            internal_error([&] { MethodCatalog(std::vector<psp::EmbeddedFile>{file}); });
        EXPECT_NE(message.find(file.name), std::string::npos) << message;
    }
    // A schema valijson cannot compile fails when the method is added, not at its first call.
    MethodCatalog catalog(
        std::vector<psp::EmbeddedFile>{{"x.get.json", R"({"params": {"type": 7}, "result": {}})"}});
    internal_error([&] { catalog.add(spec_named("x.get")); });
}

// The schema at `pointer` ("/params/properties/...") of `method` in the built catalogue.
Json schema_at(const std::string &method, const std::string &pointer) {
    const MethodSpec *spec = psp::method_catalog().find(method);
    if (spec == nullptr) {
        ADD_FAILURE() << "no method " << method;
        return nullptr;
    }
    const Json both = {{"params", spec->params_schema}, {"result", spec->result_schema}};
    return both.value(Json::json_pointer(pointer), Json());
}

Json names_json(const auto &names) {
    Json out = Json::array();
    for (const auto &name : names) {
        out.push_back(std::string(name));
    }
    return out;
}

// The files repeat a few lists the code owns; a value added in the code must be added to them.
TEST(MethodCatalog, SchemaEnumsMatchTheCodesNameTables) {
    const Json statuses = names_json(psp::program_status_names());
    Json facts = Json::array();
    for (psp::ReadinessFact f : psp::kAllReadinessFacts) {
        facts.push_back(std::string(psp::readiness_fact_name(f)));
    }
    const struct {
        const char *method;
        const char *pointer;
        Json expected;
    } checks[] = {
        {"contact.log", "/params/properties/category/enum", psp::contact_categories()},
        {"contact.log", "/params/properties/referrals/items/enum", psp::referral_kinds()},
        {"incident.open", "/params/properties/category/enum", psp::incident_categories()},
        {"incident.open", "/result/properties/incident/properties/category/enum",
         psp::incident_categories()},
        {"readiness.record", "/params/properties/fact/enum", facts},
        {"readiness.record", "/result/properties/fact/enum", facts},
        {"program.list", "/params/properties/statuses/items/enum", statuses},
    };
    for (const auto &c : checks) {
        EXPECT_EQ(schema_at(c.method, c.pointer), c.expected) << c.method << c.pointer;
    }
    // Every member a method answers with has the program's statuses.
    int members = 0;
    for (const MethodSpec *spec : psp::method_catalog().all()) {
        const Json status =
            schema_at(spec->name, "/result/properties/member/properties/status/enum");
        if (!status.is_null()) {
            EXPECT_EQ(status, statuses) << spec->name;
            ++members;
        }
    }
    EXPECT_GE(members, 10);
}

}  // namespace
