// psp_plugin.hpp: header-only C++ wrapper over the C ABI in psp_plugin.h, for C++ hosts.
//
// It adds RAII ownership of instances and plugin-allocated buffers, and turns failures into
// exceptions. Exceptions stay on the host's side: nothing here changes what crosses the ABI.
// It does not load the library; the host does that (the host simulator uses Boost.DLL) and hands
// over the entry function.
#ifndef PSP_PLUGIN_HPP
#define PSP_PLUGIN_HPP

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "psp_plugin.h"

namespace psp::abi {

// A failure of the plugin's ABI (not of a business call, which answers with a JSON error).
class AbiError : public std::runtime_error {
  public:
    AbiError(psp_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    psp_status status() const noexcept { return status_; }

  private:
    psp_status status_;
};

// Reads a versioned struct that a peer compiled against any minor of this major filled in: the
// rule of psp_plugin.h. A struct_size below `size_1_0` (the frozen PSP_*_SIZE_1_0) is refused
// (nullopt); otherwise min(struct_size, sizeof) bytes are copied into a zeroed struct, so fields
// the writer did not declare read as absent (zero, NULL) and fields it appended later are ignored.
// Never compare struct_size with sizeof: that refuses every older peer the day a field is added.
template <class Struct>
std::optional<Struct> read_versioned(const Struct *written, std::size_t size_1_0) noexcept {
    if (written == nullptr || written->struct_size < size_1_0) {
        return std::nullopt;
    }
    Struct copy{};
    std::memcpy(&copy, written, std::min<std::size_t>(written->struct_size, sizeof(Struct)));
    return copy;
}

// The answer to one call: the status and the JSON response text the plugin wrote.
struct CallResult {
    psp_status status = PSP_ERR_INTERNAL;
    std::string response;
    bool ok() const noexcept { return status == PSP_OK; }
};

// The plugin's function table for one ABI major, checked once.
class Api {
  public:
    // Throws AbiError when the plugin does not speak the major or its table is shorter than 1.0.
    // A plugin built against an older or newer minor of the major is accepted (read_versioned).
    explicit Api(psp_plugin_entry_fn entry, uint32_t major = PSP_ABI_VERSION_MAJOR)
        : table_(checked_table(entry, major)) {}

    // This host's copy of the table: functions a newer plugin appended are not in it, and
    // functions an older plugin never had are NULL.
    const psp_plugin_api &table() const noexcept { return table_; }
    std::string_view plugin_version() const { return table_.plugin_version; }

  private:
    static psp_plugin_api checked_table(psp_plugin_entry_fn entry, uint32_t major) {
        const psp_plugin_api *written = entry != nullptr ? entry(major) : nullptr;
        if (written == nullptr) {
            throw AbiError(PSP_ERR_UNSUPPORTED,
                           "the plugin does not speak ABI major " + std::to_string(major));
        }
        const std::optional<psp_plugin_api> table =
            read_versioned(written, PSP_PLUGIN_API_SIZE_1_0);
        if (!table) {
            throw AbiError(PSP_ERR_UNSUPPORTED,
                           "the plugin's function table is truncated: struct_size " +
                               std::to_string(written->struct_size) + " is below the " +
                               std::to_string(PSP_PLUGIN_API_SIZE_1_0) + " bytes of ABI 1.0");
        }
        if (table->abi_major != major) {
            throw AbiError(PSP_ERR_UNSUPPORTED, "the plugin answered major " +
                                                    std::to_string(major) + " with a table for " +
                                                    std::to_string(table->abi_major));
        }
        return *table;
    }

    psp_plugin_api table_;
};

// One plugin instance, destroyed with the wrapper. Movable, not copyable. The Api (and the
// library behind it) must outlive the instance.
class Instance {
  public:
    Instance(const Api &api, const psp_host_services &host, const psp_instance_config &config)
        : api_(&api.table()) {
        char *error = nullptr;
        const psp_status status = api_->instance_create(&host, &config, &handle_, &error);
        if (status != PSP_OK) {
            std::string message = error != nullptr ? error : "instance_create failed";
            api_->free(error);
            throw AbiError(status, message);
        }
    }
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;
    Instance(Instance &&other) noexcept
        : api_(other.api_), handle_(std::exchange(other.handle_, nullptr)) {}
    Instance &operator=(Instance &&other) noexcept {
        if (this != &other) {
            reset();
            api_ = other.api_;
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    ~Instance() { reset(); }

    // One JSON request in, the status and the JSON response out. Thread-safe as `call` is.
    CallResult call(std::string_view request) const {
        char *response = nullptr;
        std::size_t length = 0;
        CallResult result;
        result.status = api_->call(handle_, request.data(), request.size(), &response, &length);
        if (response != nullptr) {
            result.response.assign(response, length);
            api_->free(response);
        }
        return result;
    }

    psp_instance *handle() const noexcept { return handle_; }

  private:
    void reset() noexcept {
        if (handle_ != nullptr) {
            api_->instance_destroy(std::exchange(handle_, nullptr));
        }
    }

    const psp_plugin_api *api_;
    psp_instance *handle_ = nullptr;
};

}  // namespace psp::abi

#endif  // PSP_PLUGIN_HPP
