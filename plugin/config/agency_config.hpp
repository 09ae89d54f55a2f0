// agency_config.hpp: one instance's configuration, parsed and validated from the host's JSON.
//
// Everything an agency may configure lives here, with its default; the schema below is the one
// documented in docs/integration.md and rejects unknown keys, so a typo never silently falls back
// to a default.
#pragma once

#include <cstddef>
#include <string>

#include "adapters/directory_mapping.hpp"
#include "plugin/config/jurisdiction_policy.hpp"
#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/domain/free_text_screen.hpp"
#include "plugin/domain/org_chart_validation.hpp"
#include "plugin/domain/roles.hpp"
#include "plugin/policy/activation_policy.hpp"
#include "plugin/policy/conflict_policy.hpp"
#include "plugin/policy/program_policy.hpp"
#include "plugin/policy/statistics_policy.hpp"
#include "plugin/policy/training_policy.hpp"
#include "plugin/storage/database.hpp"

namespace psp {

inline constexpr std::size_t kDefaultMaxRequestBytes = 32u << 20;

struct AgencyConfig {
    std::string agency_id;
    std::string data_dir;
    StorageConfig storage;
    RoleMap role_map;
    std::size_t max_request_bytes = kDefaultMaxRequestBytes;
    OrgChartPolicy org_chart;
    FreeTextScreen directory_screen;     // policy.directory.screen
    DirectoryMapping directory_mapping;  // policy.directory.mapping: how HR exports are read
    AgencyCalendar calendar;             // policy.time_zone
    SelectionPolicy selection;
    CoveragePolicy coverage;
    TrainingPolicy training;
    ConflictPolicy conflicts;
    ActivationPolicy activation;
    StatisticsPolicy statistics;
    JurisdictionProfile jurisdiction;  // policy.jurisdiction(_profile); "generic" by default
};

const Json &agency_config_schema();

// `config_json` may be NULL for the defaults. Throws Error(invalid_argument | invalid_request)
// naming the offending field; creates `data_dir` when it does not exist.
AgencyConfig parse_agency_config(const char *agency_id, const char *data_dir,
                                 const char *config_json);

}  // namespace psp
