// agency_config_test.cpp: an instance's configuration: defaults, where the SQLite file goes
// (inside data_dir, relative connections resolved there), PostgreSQL needing a connection,
// unknown keys refused with their field, role maps, limits, policy, and bad agency ids and
// data folders.
#include "plugin/config/agency_config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using psp::AgencyConfig;
using psp::ErrorCode;
using psp_test::error_from;

class AgencyConfigTest : public ::testing::Test {
  protected:
    AgencyConfig parse(const char *json, const char *agency = "metro-pd") {
        return psp::parse_agency_config(agency, data_dir().c_str(), json);
    }
    psp::Error refusal(const char *json, const char *agency = "metro-pd") {
        return error_from([&] { parse(json, agency); });
    }
    std::string data_dir() const { return dir_.path().string(); }

    psp_test::TempDir dir_;
};

TEST_F(AgencyConfigTest, DefaultsWithoutConfiguration) {
    const AgencyConfig c = parse(nullptr);
    EXPECT_EQ(c.agency_id, "metro-pd");
    EXPECT_EQ(c.data_dir, data_dir());
    EXPECT_EQ(c.storage.backend, psp::Backend::sqlite);
    EXPECT_EQ(c.storage.pool_size, 4u);
    EXPECT_EQ(c.max_request_bytes, psp::kDefaultMaxRequestBytes);
    EXPECT_FALSE(c.org_chart.single_root);
    EXPECT_TRUE(c.role_map.resolve({"auditor"}).contains(psp::Role::auditor));
}

TEST_F(AgencyConfigTest, EmptyObjectEqualsNoConfiguration) {
    const AgencyConfig a = parse(nullptr);
    const AgencyConfig b = parse("{}");
    EXPECT_EQ(a.storage.connection, b.storage.connection);
    EXPECT_EQ(a.max_request_bytes, b.max_request_bytes);
}

TEST_F(AgencyConfigTest, DefaultSqliteFileIsInsideDataDirAndNamedForTheAgency) {
    const fs::path file = parse(nullptr, "county.sheriff_01").storage.connection;
    EXPECT_TRUE(fs::equivalent(file.parent_path(), dir_.path())) << file;
    EXPECT_NE(file.filename().string().find("county.sheriff_01"), std::string::npos) << file;
    EXPECT_NE(parse(nullptr, "other").storage.connection,
              parse(nullptr, "county.sheriff_01").storage.connection);
}

TEST_F(AgencyConfigTest, RelativeConnectionIsResolvedToDataDir) {
    const fs::path file =
        parse(R"({"storage":{"connection":"db/psp.sqlite3"}})").storage.connection;
    EXPECT_EQ(file, dir_.path() / "db" / "psp.sqlite3");
}

TEST_F(AgencyConfigTest, AbsoluteConnectionIsKept) {
    const std::string elsewhere = (dir_.path() / "elsewhere" / "x.sqlite3").string();
    const std::string json = R"({"storage":{"connection":")" + elsewhere + R"("}})";
    EXPECT_EQ(parse(json.c_str()).storage.connection, elsewhere);
}

TEST_F(AgencyConfigTest, PostgresqlNeedsAConnection) {
    const psp::Error e = refusal(R"({"storage":{"backend":"postgresql"}})");
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_NE(e.field().find("connection"), std::string::npos) << e.field();
    EXPECT_EQ(refusal(R"({"storage":{"backend":"postgresql","connection":""}})").code(),
              ErrorCode::invalid_request);
}

TEST_F(AgencyConfigTest, PostgresqlConnectionIsPassedThrough) {
    const AgencyConfig c =
        parse(R"({"storage":{"backend":"postgresql","connection":"host=db dbname=psp",
                             "pool_size":8}})");
    EXPECT_EQ(c.storage.backend, psp::Backend::postgresql);
    EXPECT_EQ(c.storage.connection, "host=db dbname=psp");
    EXPECT_EQ(c.storage.pool_size, 8u);
}

TEST_F(AgencyConfigTest, ConnectionsIdleAndWaitPeriodsAreConfigurable) {
    const AgencyConfig defaults = parse(R"({})");
    EXPECT_EQ(defaults.storage.idle_close, std::chrono::seconds(60));
    EXPECT_EQ(defaults.storage.wait, std::chrono::seconds(10));
    const AgencyConfig c = parse(R"({"storage":{"idle_seconds":5,"wait_seconds":30}})");
    EXPECT_EQ(c.storage.idle_close, std::chrono::seconds(5));
    EXPECT_EQ(c.storage.wait, std::chrono::seconds(30));
    EXPECT_EQ(refusal(R"({"storage":{"wait_seconds":0}})").field(), "/config/storage/wait_seconds");
    EXPECT_EQ(refusal(R"({"storage":{"idle_seconds":-1}})").field(),
              "/config/storage/idle_seconds");
}

TEST_F(AgencyConfigTest, UnknownKeysAreRefusedWithTheirPlace) {
    const psp::Error top = refusal(R"({"polcy":{}})");
    EXPECT_EQ(top.code(), ErrorCode::invalid_request);
    EXPECT_EQ(top.field().rfind("/config", 0), 0u) << top.field();
    EXPECT_NE(std::string(top.what()).find("polcy"), std::string::npos) << top.what();

    const psp::Error nested = refusal(R"({"storage":{"conection":"x.db"}})");
    EXPECT_EQ(nested.field(), "/config/storage/conection");
    EXPECT_NE(std::string(nested.what()).find("conection"), std::string::npos) << nested.what();

    EXPECT_EQ(refusal(R"({"policy":{"directory":{"single_roots":true}}})").field(),
              "/config/policy/directory/single_roots");
}

TEST_F(AgencyConfigTest, WrongValuesNameTheirField) {
    EXPECT_EQ(refusal(R"({"storage":{"backend":"mysql"}})").field(), "/config/storage/backend");
    EXPECT_EQ(refusal(R"({"storage":{"pool_size":0}})").field(), "/config/storage/pool_size");
    EXPECT_EQ(refusal(R"({"limits":{"max_request_bytes":1000}})").field(),
              "/config/limits/max_request_bytes");
    EXPECT_EQ(refusal(R"({"policy":{"directory":{"single_root":"yes"}}})").field(),
              "/config/policy/directory/single_root");
    EXPECT_EQ(refusal(R"({"role_map":{"HR-Manager":["hr_admin","root"]}})").field(),
              "/config/role_map/HR-Manager/1");
}

TEST_F(AgencyConfigTest, StatisticsThresholdIsBoundedAndDefaultsToFive) {
    EXPECT_EQ(parse(nullptr).statistics.threshold, 5);
    EXPECT_EQ(parse(R"({"policy":{"statistics":{"threshold":11}}})").statistics.threshold, 11);
    for (const char *bad : {R"({"policy":{"statistics":{"threshold":1}}})",
                            R"({"policy":{"statistics":{"threshold":101}}})",
                            R"({"policy":{"statistics":{"threshold":"5"}}})"}) {
        EXPECT_EQ(refusal(bad).field(), "/config/policy/statistics/threshold") << bad;
    }
    EXPECT_EQ(refusal(R"({"policy":{"statistics":{"minimum":3}}})").field(),
              "/config/policy/statistics/minimum");
}

TEST_F(AgencyConfigTest, ConfigurationMustBeAJsonObject) {
    EXPECT_EQ(refusal("[]").code(), ErrorCode::invalid_request);
    EXPECT_EQ(refusal("{\"storage\":").code(), ErrorCode::invalid_json);
    EXPECT_EQ(refusal("{\"storage\":\"\xC0\x80\"}").code(), ErrorCode::invalid_utf8);
}

TEST_F(AgencyConfigTest, RoleMapLimitsAndPolicyAreApplied) {
    const AgencyConfig c = parse(R"({
        "role_map": {"HR-Manager": ["hr_admin", "coordinator"], "Audit": ["auditor"]},
        "limits": {"max_request_bytes": 65536},
        "policy": {"directory": {"single_root": true}}})");
    EXPECT_EQ(c.role_map.resolve({"HR-Manager"}).names(),
              (std::vector<std::string>{"hr_admin", "coordinator"}));
    EXPECT_TRUE(c.role_map.resolve({"hr_admin"}).empty());
    EXPECT_EQ(c.max_request_bytes, 65536u);
    EXPECT_TRUE(c.org_chart.single_root);
}

TEST_F(AgencyConfigTest, BadAgencyIdsAreRefused) {
    const std::string too_long(65, 'a');
    for (const char *bad : {"", ".hidden", "a/b", "../escape", "has space", "semi;colon",
                            "caf\xC3\xA9", too_long.c_str()}) {
        const psp::Error e = refusal(nullptr, bad);
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument) << bad;
        EXPECT_EQ(e.field(), "config.agency_id") << bad;
    }
    EXPECT_EQ(refusal(nullptr, nullptr).code(), ErrorCode::invalid_argument);
}

TEST_F(AgencyConfigTest, GoodAgencyIdsAreAccepted) {
    const std::string longest(64, 'z');
    for (const char *good : {"a", "Metro-PD_2.east", "0", longest.c_str()}) {
        EXPECT_EQ(parse(nullptr, good).agency_id, good);
    }
}

TEST(AgencyConfigDataDir, MissingFolderIsCreated) {
    psp_test::TempDir dir;
    const fs::path nested = dir.path() / "a" / "b";
    psp::parse_agency_config("x", nested.string().c_str(), nullptr);
    EXPECT_TRUE(fs::is_directory(nested));
}

TEST(AgencyConfigDataDir, NullEmptyOrFileIsRefused) {
    psp_test::TempDir dir;
    const std::string file = dir.file("not-a-folder");
    std::ofstream(file) << "x";
    for (const char *bad : {static_cast<const char *>(nullptr), "", file.c_str()}) {
        const psp::Error e = error_from([&] { psp::parse_agency_config("x", bad, nullptr); });
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        EXPECT_EQ(e.field(), "config.data_dir");
    }
}

TEST(AgencyConfigSchema, DocumentsEveryPluginRoleForTheRoleMap) {
    const psp::Json &items =
        psp::agency_config_schema()["properties"]["role_map"]["additionalProperties"]["items"];
    EXPECT_EQ(items.at("enum").size(), std::size(psp::kAllRoles));
}

}  // namespace
