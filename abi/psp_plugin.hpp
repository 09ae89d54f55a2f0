// psp_plugin.hpp: header-only C++ wrapper over the C ABI in psp_plugin.h, for C++ hosts.
//
// It adds RAII ownership of instances and plugin-allocated buffers, and turns failures into
// exceptions. Exceptions stay on the host's side: nothing here changes what crosses the ABI.
// It does not load the library; the host does that (the host simulator uses Boost.DLL) and hands
// over the entry function.
#ifndef PSP_PLUGIN_HPP
#define PSP_PLUGIN_HPP

#include <cstddef>
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

// The answer to one call: the status and the JSON response text the plugin wrote.
struct CallResult {
    psp_status status = PSP_ERR_INTERNAL;
    std::string response;
    bool ok() const noexcept { return status == PSP_OK; }
};

// The plugin's function table for one ABI major, checked once.
class Api {
  public:
    // Throws AbiError when the plugin does not speak the major or its table is too small.
    explicit Api(psp_plugin_entry_fn entry, uint32_t major = PSP_ABI_VERSION_MAJOR)
        : table_(entry != nullptr ? entry(major) : nullptr) {
        if (table_ == nullptr) {
            throw AbiError(PSP_ERR_UNSUPPORTED,
                           "the plugin does not speak ABI major " + std::to_string(major));
        }
        if (table_->struct_size < sizeof(psp_plugin_api) || table_->abi_major != major) {
            throw AbiError(PSP_ERR_UNSUPPORTED, "the plugin's function table is not ABI " +
                                                    std::to_string(major) + " or is truncated");
        }
    }

    const psp_plugin_api &table() const noexcept { return *table_; }
    std::string_view plugin_version() const { return table_->plugin_version; }

  private:
    const psp_plugin_api *table_;
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
