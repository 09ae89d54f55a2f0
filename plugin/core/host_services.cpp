// host_services.cpp: checked calls into the host-services table.
#include "plugin/core/host_services.hpp"

#include <memory>
#include <optional>

#include "plugin/core/data_scopes.hpp"
#include "plugin/core/error.hpp"
#include "psp_plugin.hpp"

namespace psp {

HostServices::HostServices(const psp_host_services *table) {
    if (table == nullptr) {
        throw Error(ErrorCode::invalid_argument, "host services are NULL", "host");
    }
    const std::optional<psp_host_services> copy =
        abi::read_versioned(table, PSP_HOST_SERVICES_SIZE_1_0);
    if (!copy) {
        throw Error(ErrorCode::invalid_argument,
                    "host services struct_size " + std::to_string(table->struct_size) +
                        " is below the " + std::to_string(PSP_HOST_SERVICES_SIZE_1_0) +
                        " bytes of ABI 1.0; set it to sizeof(psp_host_services)",
                    "host.struct_size");
    }
    if (copy->abi_major != PSP_ABI_VERSION_MAJOR) {
        throw Error(ErrorCode::unsupported,
                    "host services are for ABI major " + std::to_string(copy->abi_major),
                    "host.abi_major");
    }
    // Fields a newer host appended are not copied; fields an older host never had read as NULL.
    table_ = *copy;
    if (table_.now_ms == nullptr || table_.log == nullptr || table_.fetch == nullptr ||
        table_.notify == nullptr || table_.free == nullptr) {
        throw Error(ErrorCode::invalid_argument, "a host service function is NULL", "host");
    }
}

int64_t HostServices::now_ms() const {
    return table_.now_ms(table_.host_data);
}

void HostServices::log(int32_t level, std::string_view message) const {
    const std::string text(message);
    table_.log(table_.host_data, level, text.c_str());
}

std::string HostServices::fetch(std::string_view scope, std::string_view query_json) const {
    std::string answer;
    fetch_with(scope, query_json, [&](std::string_view text) { answer = text; });
    return answer;
}

void HostServices::fetch_with(std::string_view scope, std::string_view query_json,
                              const std::function<void(std::string_view)> &read) const {
    const std::string scope_text(scope);
    if (!is_requested_scope(scope)) {
        throw Error(ErrorCode::internal, "the plugin never fetches scope '" + scope_text +
                                             "': it is not in the manifest's requested scopes");
    }
    const std::string query_text(query_json);
    char *raw = nullptr;
    size_t length = 0;
    const psp_status status =
        table_.fetch(table_.host_data, scope_text.c_str(), query_text.c_str(), &raw, &length);
    const auto release = [this](char *p) { table_.free(table_.host_data, p); };
    std::unique_ptr<char, decltype(release)> owned(raw, release);
    if (status != PSP_OK) {
        throw Error(ErrorCode::host_error, "the host refused or failed the fetch of scope '" +
                                               scope_text + "' (status " + std::to_string(status) +
                                               ")");
    }
    if (raw == nullptr) {
        throw Error(ErrorCode::host_error,
                    "the host answered the fetch of scope '" + scope_text + "' with no data");
    }
    read(std::string_view(raw, length));
}

void HostServices::notify(std::string_view notification_json) const {
    const std::string text(notification_json);
    const psp_status status = table_.notify(table_.host_data, text.c_str());
    if (status != PSP_OK) {
        throw Error(ErrorCode::host_error, "the host did not accept a notification (status " +
                                               std::to_string(status) + ")");
    }
}

}  // namespace psp
