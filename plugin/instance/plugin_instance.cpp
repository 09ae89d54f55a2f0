// plugin_instance.cpp: instance start-up.
#include "plugin/instance/plugin_instance.hpp"
#include "plugin/methods/catalog.hpp"

#include "plugin/dispatch/dispatcher.hpp"
#include "plugin/storage/migrations.hpp"

namespace psp {

PluginInstance::PluginInstance(const psp_host_services *host, const psp_instance_config &config)
    : host_(host),
      config_(parse_agency_config(config.agency_id, config.data_dir, config.config_json)),
      db_(config_.storage),
      services_{method_catalog(), config_, host_, db_, org_chart_, 0} {
    services_.schema_version = apply_migrations(db_, host_.now_ms());
    host_.log(PSP_LOG_INFO, "peer support instance for agency " + config_.agency_id +
                                " ready at schema version " +
                                std::to_string(services_.schema_version));
}

Json PluginInstance::call(std::string_view request_text) {
    return dispatch(services_, request_text);
}

std::shared_ptr<const OrgChartIndex> PluginInstance::org_chart() {
    return org_chart_.current(db_, config_.calendar.local_date(host_.now_ms()));
}

}  // namespace psp
