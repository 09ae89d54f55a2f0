// plugin_entry.cpp: the C boundary, and the library's one exported symbol.
//
// Thin on purpose: it checks pointers and struct sizes, catches every exception and translates it
// into a psp_status plus a JSON error. No C++ type, exception or abort crosses this file.
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/instance/plugin_instance.hpp"
#include "plugin/plugin_version.hpp"
#include "psp_plugin.hpp"

struct psp_instance {
    psp::PluginInstance impl;
};

namespace {

using psp::Error;
using psp::ErrorCode;

// The C status of each error code: the same table shape as the codes' names.
constexpr auto kStatusOfError = psp::enum_table<ErrorCode, psp_status>({
    {ErrorCode::invalid_argument, PSP_ERR_INVALID_ARGUMENT},
    {ErrorCode::invalid_json, PSP_ERR_INVALID_REQUEST},
    {ErrorCode::invalid_utf8, PSP_ERR_INVALID_REQUEST},
    {ErrorCode::too_large, PSP_ERR_INVALID_REQUEST},
    {ErrorCode::invalid_request, PSP_ERR_INVALID_REQUEST},
    {ErrorCode::unknown_method, PSP_ERR_UNKNOWN_METHOD},
    {ErrorCode::forbidden, PSP_ERR_FORBIDDEN},
    {ErrorCode::not_found, PSP_ERR_NOT_FOUND},
    {ErrorCode::conflict, PSP_ERR_CONFLICT},
    {ErrorCode::idempotency_reused, PSP_ERR_CONFLICT},
    {ErrorCode::invalid_org_chart, PSP_ERR_INVALID_REQUEST},
    {ErrorCode::unsupported, PSP_ERR_UNSUPPORTED},
    {ErrorCode::host_error, PSP_ERR_HOST},
    {ErrorCode::storage_error, PSP_ERR_STORAGE},
    {ErrorCode::internal, PSP_ERR_INTERNAL},
});

psp_status status_for(ErrorCode code) {
    return kStatusOfError[code];
}

std::string error_text(const Error &e) {
    psp::Json error = {{"code", psp::error_code_name(e.code())}, {"message", e.what()}};
    if (!e.field().empty()) {
        error["field"] = e.field();
    }
    if (!e.records().empty()) {
        error["records"] = e.records();
    }
    return psp::to_json_text({{"ok", false}, {"error", std::move(error)}});
}

// A malloc'd, NUL-terminated copy the host releases with psp_plugin_api.free. NULL when memory
// runs out.
char *copy_out(const std::string &text, size_t *out_len) {
    char *buffer = static_cast<char *>(std::malloc(text.size() + 1));
    if (buffer == nullptr) {
        return nullptr;
    }
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    if (out_len != nullptr) {
        *out_len = text.size();
    }
    return buffer;
}

// Runs `body`, translating every exception. `body` returns the success text.
template <class Body>
psp_status guarded(char **out, size_t *out_len, Body &&body) {
    std::string text;
    psp_status status = PSP_OK;
    try {
        text = body();
    } catch (const Error &e) {
        status = status_for(e.code());
        text = error_text(e);
    } catch (const std::bad_alloc &) {
        status = PSP_ERR_INTERNAL;
        text = R"({"ok":false,"error":{"code":"internal","message":"out of memory"}})";
    } catch (const std::exception &e) {
        status = PSP_ERR_INTERNAL;
        text = error_text(Error(ErrorCode::internal, std::string("internal error: ") + e.what()));
    } catch (...) {
        status = PSP_ERR_INTERNAL;
        text = R"({"ok":false,"error":{"code":"internal","message":"unknown internal error"}})";
    }
    if (out == nullptr) {
        return status;
    }
    try {
        *out = copy_out(text, out_len);
    } catch (...) {
        *out = nullptr;
    }
    return *out == nullptr ? PSP_ERR_INTERNAL : status;
}

psp_status PSP_ABI instance_create(const psp_host_services *host, const psp_instance_config *config,
                                   psp_instance **out_instance, char **out_error_json) {
    if (out_error_json != nullptr) {
        *out_error_json = nullptr;
    }
    if (out_instance != nullptr) {
        *out_instance = nullptr;
    }
    psp_instance *created = nullptr;
    const psp_status status = guarded(out_error_json, nullptr, [&]() -> std::string {
        // Inside the guard, so the host still gets the JSON error the header promises.
        if (out_instance == nullptr) {
            throw Error(ErrorCode::invalid_argument, "out_instance is NULL", "out_instance");
        }
        if (config == nullptr) {
            throw Error(ErrorCode::invalid_argument, "config is NULL", "config");
        }
        const std::optional<psp_instance_config> copy =
            psp::abi::read_versioned(config, PSP_INSTANCE_CONFIG_SIZE_1_0);
        if (!copy) {
            throw Error(ErrorCode::invalid_argument,
                        "config struct_size " + std::to_string(config->struct_size) +
                            " is below the " + std::to_string(PSP_INSTANCE_CONFIG_SIZE_1_0) +
                            " bytes of ABI 1.0; set it to sizeof(psp_instance_config)",
                        "config.struct_size");
        }
        created = new psp_instance{psp::PluginInstance(host, *copy)};
        return {};
    });
    if (status != PSP_OK) {
        return status;
    }
    if (out_error_json != nullptr) {
        std::free(*out_error_json);
        *out_error_json = nullptr;
    }
    *out_instance = created;
    return PSP_OK;
}

void PSP_ABI instance_destroy(psp_instance *instance) {
    try {
        delete instance;
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor failure must not reach the host
    }
}

psp_status PSP_ABI call(psp_instance *instance, const char *request, size_t request_len,
                        char **out_response, size_t *out_response_len) {
    if (out_response == nullptr) {
        return PSP_ERR_INVALID_ARGUMENT;
    }
    *out_response = nullptr;
    if (out_response_len != nullptr) {
        *out_response_len = 0;
    }
    return guarded(out_response, out_response_len, [&]() -> std::string {
        if (instance == nullptr) {
            throw Error(ErrorCode::invalid_argument, "instance is NULL", "instance");
        }
        if (out_response_len == nullptr) {
            throw Error(ErrorCode::invalid_argument, "out_response_len is NULL",
                        "out_response_len");
        }
        if (request == nullptr) {
            throw Error(ErrorCode::invalid_argument, "request is NULL", "request");
        }
        psp::Json result = instance->impl.call(std::string_view(request, request_len));
        return psp::to_json_text({{"ok", true}, {"result", std::move(result)}});
    });
}

void PSP_ABI plugin_free(void *ptr) {
    std::free(ptr);
}

const psp_plugin_api kApiV1 = {
    sizeof(psp_plugin_api),
    PSP_ABI_VERSION_MAJOR,
    PSP_ABI_VERSION_MINOR,
    PSP_PLUGIN_VERSION,
    &instance_create,
    &instance_destroy,
    &call,
    &plugin_free,
};

}  // namespace

extern "C" PSP_PLUGIN_EXPORT const psp_plugin_api *PSP_ABI
psp_plugin_entry(uint32_t host_abi_major) {
    return host_abi_major == 1 ? &kApiV1 : nullptr;
}
