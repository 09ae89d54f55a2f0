// host_services.hpp: the plugin's C++ view of the host-services table.
//
// The plugin copies the host's table once, checked, and reaches the host only through this
// class: the one clock (the host's), the log, data fetches by scope, notifications. It never
// reads the system clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "psp_plugin.h"

namespace psp {

class HostServices {
  public:
    // Throws Error(invalid_argument) when the table is NULL, too small, of another major, or
    // lacks a function.
    explicit HostServices(const psp_host_services *table);

    // Milliseconds since the Unix epoch, UTC, as the host says.
    int64_t now_ms() const;
    void log(int32_t level, std::string_view message) const;
    // The host's JSON answer for `scope`; throws Error(host_error) when the host refuses or fails.
    std::string fetch(std::string_view scope, std::string_view query_json) const;
    // The same, without copying the answer: `read` is given the host's own buffer, which is
    // released when `read` returns or throws. A host pull reads a page of about a megabyte this
    // way, without a fresh allocation (and its page faults) for each.
    void fetch_with(std::string_view scope, std::string_view query_json,
                    const std::function<void(std::string_view)> &read) const;
    // Throws Error(host_error) when the host does not accept the notification.
    void notify(std::string_view notification_json) const;

  private:
    psp_host_services table_{};
};

}  // namespace psp
