// agency_config.cpp: defaults, validation and the SQLite file's place.
#include "plugin/config/agency_config.hpp"

#include <cstring>
#include <filesystem>

#include "plugin/config/activation_policy_schema.hpp"
#include "plugin/config/conflict_policy_schema.hpp"
#include "plugin/config/policy_reference.hpp"
#include "plugin/config/program_policy_schema.hpp"
#include "plugin/config/statistics_policy_schema.hpp"
#include "plugin/config/training_policy_schema.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/schema_validation.hpp"

namespace psp {
namespace {

constexpr std::size_t kConfigLimit = 1u << 20;

void check_agency_id(const char *agency_id) {
    if (agency_id == nullptr) {
        throw Error(ErrorCode::invalid_argument, "agency_id is NULL", "config.agency_id");
    }
    const std::size_t length = std::strlen(agency_id);
    bool valid = length >= 1 && length <= 64 && agency_id[0] != '.';
    for (std::size_t i = 0; valid && i < length; ++i) {
        const char c = agency_id[i];
        valid =
            std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    }
    if (!valid) {
        throw Error(ErrorCode::invalid_argument,
                    "agency_id must be 1 to 64 letters, digits, '-', '_' or '.', not starting "
                    "with '.'",
                    "config.agency_id");
    }
}

std::filesystem::path prepare_data_dir(const char *data_dir) {
    if (data_dir == nullptr || *data_dir == '\0') {
        throw Error(ErrorCode::invalid_argument, "data_dir is NULL or empty", "config.data_dir");
    }
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec || !std::filesystem::is_directory(data_dir)) {
        throw Error(ErrorCode::invalid_argument,
                    std::string("data_dir ") + data_dir + " is not a usable folder",
                    "config.data_dir");
    }
    // The folder holds the database, its -wal and -shm: the host's account only (0700), whatever
    // the umask the host runs with, and also when the host created the folder itself. A shared
    // folder (sticky, like /tmp) is left as it is: taking it over would break
    // everyone else using it, and the files in it are 0600 in any case.
    using std::filesystem::perms;
    const perms mode = std::filesystem::status(data_dir, ec).permissions();
    if (!ec && (mode & perms::sticky_bit) != perms::none) {
        return data_dir;
    }
    std::filesystem::permissions(data_dir, perms::owner_all, std::filesystem::perm_options::replace,
                                 ec);
    if (ec) {
        throw Error(ErrorCode::invalid_argument,
                    std::string("data_dir ") + data_dir +
                        " could not be made private (0700): " + ec.message(),
                    "config.data_dir");
    }
    return data_dir;
}

RoleMap parse_role_map(const Json &map) {
    std::map<std::string, std::vector<Role>> out;
    for (const auto &[host_role, plugin_roles] : map.items()) {
        for (const Json &name : plugin_roles) {
            out[host_role].push_back(*parse_role(name.get<std::string>()));
        }
    }
    return RoleMap(std::move(out));
}

void apply_storage(AgencyConfig &config, const Json &storage, const std::filesystem::path &dir) {
    config.storage.backend =
        storage.value("backend", "sqlite") == "postgresql" ? Backend::postgresql : Backend::sqlite;
    config.storage.pool_size = storage.value("pool_size", std::size_t{4});
    config.storage.idle_close = std::chrono::seconds(storage.value("idle_seconds", 60));
    config.storage.wait = std::chrono::seconds(storage.value("wait_seconds", 10));
    std::string connection = storage.value("connection", "");
    if (config.storage.backend == Backend::postgresql && connection.empty()) {
        throw Error(ErrorCode::invalid_request, "a PostgreSQL backend needs a connection string",
                    "config.storage.connection");
    }
    if (config.storage.backend == Backend::sqlite) {
        std::filesystem::path file =
            connection.empty() ? std::filesystem::path("psp-" + config.agency_id + ".sqlite3")
                               : std::filesystem::path(connection);
        connection = (file.is_absolute() ? file : dir / file).string();
    }
    config.storage.connection = std::move(connection);
}

// The documented defaults unless "defaults": false, then the agency's own patterns.
FreeTextScreen parse_directory_screen(const Json &screen) {
    std::vector<std::string> patterns;
    if (screen.value("defaults", true)) {
        patterns = FreeTextScreen::default_patterns();
    }
    const std::vector<std::string> own = screen.value("patterns", std::vector<std::string>{});
    FreeTextScreen(own, "/config/policy/directory/screen/patterns");  // names a bad one
    patterns.insert(patterns.end(), own.begin(), own.end());
    return FreeTextScreen(patterns);
}

}  // namespace

const Json &agency_config_schema() {
    static const Json schema = [] {
        Json role_names = Json::array();
        for (Role r : kAllRoles) {
            role_names.push_back(role_name(r));
        }
        Json s = Json::parse(R"({
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "storage": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "backend": {"enum": ["sqlite", "postgresql"]},
                "connection": {"type": "string", "maxLength": 4096},
                "pool_size": {"type": "integer", "minimum": 1, "maximum": 64},
                "idle_seconds": {"type": "integer", "minimum": 0, "maximum": 86400},
                "wait_seconds": {"type": "integer", "minimum": 1, "maximum": 600}
              }
            },
            "role_map": {
              "type": "object", "maxProperties": 256,
              "additionalProperties": {"type": "array", "maxItems": 8, "items": {}}
            },
            "limits": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "max_request_bytes": {"type": "integer", "minimum": 4096, "maximum": 50331648}
              }
            },
            "policy": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "directory": {
                  "type": "object", "additionalProperties": false,
                  "properties": {"single_root": {"type": "boolean"}}
                },
                "time_zone": {"type": "string", "minLength": 1, "maxLength": 64}
              }
            }
          }
        })");
        s["properties"]["role_map"]["additionalProperties"]["items"] = {{"enum", role_names}};
        Json &policy = s["properties"]["policy"]["properties"];
        policy["directory"]["properties"]["screen"] = Json::parse(R"({
          "type": "object", "additionalProperties": false,
          "properties": {
            "defaults": {"type": "boolean"},
            "patterns": {"type": "array", "maxItems": 64,
                         "items": {"type": "string", "minLength": 1, "maxLength": 128}}
          }
        })");
        policy["directory"]["properties"]["mapping"] = directory_mapping_schema();
        policy["selection"] = selection_policy_schema();
        policy["coverage"] = coverage_policy_schema();
        policy["training"] = training_policy_schema();
        policy["conflicts"] = conflict_policy_schema();
        policy["activation"] = activation_policy_schema();
        policy["statistics"] = statistics_policy_schema();
        policy["jurisdiction"] = jurisdiction_policy_schema();
        policy["jurisdiction_profile"] = jurisdiction_profile_policy_schema();
        policy["federal_agency"] = federal_agency_policy_schema();
        describe_policy_schema(s["properties"]["policy"]);
        return s;
    }();
    return schema;
}

AgencyConfig parse_agency_config(const char *agency_id, const char *data_dir,
                                 const char *config_json) {
    static const SchemaValidator validator(agency_config_schema());
    check_agency_id(agency_id);
    AgencyConfig config;
    config.agency_id = agency_id;
    const std::filesystem::path dir = prepare_data_dir(data_dir);
    config.data_dir = dir.string();
    const Json json = config_json == nullptr
                          ? Json::object()
                          : parse_json_text(config_json, kConfigLimit, "the configuration");
    validator.validate(json, "/config");
    apply_storage(config, json.value("storage", Json::object()), dir);
    config.role_map = parse_role_map(json.value("role_map", Json::object()));
    const Json limits = json.value("limits", Json::object());
    config.max_request_bytes = limits.value("max_request_bytes", kDefaultMaxRequestBytes);
    const Json policy = json.value("policy", Json::object());
    const Json directory = policy.value("directory", Json::object());
    config.org_chart.single_root = directory.value("single_root", false);
    config.directory_screen = parse_directory_screen(directory.value("screen", Json::object()));
    config.directory_mapping = parse_directory_mapping(directory.value("mapping", Json::object()));
    config.calendar = AgencyCalendar(policy.value("time_zone", "UTC"));
    config.selection = parse_selection_policy(policy.value("selection", Json::object()));
    config.coverage = parse_coverage_policy(policy.value("coverage", Json::object()));
    config.training = parse_training_policy(policy.value("training", Json::object()));
    config.conflicts = parse_conflict_policy(policy.value("conflicts", Json::object()));
    config.activation = parse_activation_policy(policy.value("activation", Json::object()));
    config.statistics = parse_statistics_policy(policy.value("statistics", Json::object()));
    config.jurisdiction = parse_jurisdiction_policy(policy);
    return config;
}

}  // namespace psp
