// plugin_instance.hpp: one agency's instance: its host services, configuration, database and
// org chart index cache.
//
// Instances share nothing mutable, so several agencies live side by side in one host process.
#pragma once

#include <memory>
#include <string_view>

#include "plugin/config/agency_config.hpp"
#include "plugin/core/host_services.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/dispatch/method_context.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/org_chart_cache.hpp"

namespace psp {

class PluginInstance {
  public:
    // Parses the configuration, opens the database and applies pending migrations. Pointers are
    // checked by the caller (the C boundary) for NULL and struct_size.
    PluginInstance(const psp_host_services *host, const psp_instance_config &config);

    // Throws psp::Error; see dispatch().
    Json call(std::string_view request_text);

    // The org chart index as MethodContext::org_chart() gives it, at the host's current time.
    std::shared_ptr<const OrgChartIndex> org_chart();
    const OrgChartCache &org_chart_cache() const { return org_chart_; }

  private:
    HostServices host_;
    AgencyConfig config_;
    Database db_;
    OrgChartCache org_chart_;
    InstanceServices services_;
};

}  // namespace psp
