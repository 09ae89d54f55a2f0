// plugin_call.hpp: one business call to the plugin as the host makes it: the request envelope
// going in, the JSON response coming back.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "psp_plugin.hpp"

namespace psp::host_sim {

struct CallRequest {
    std::string method;
    std::string principal_id = "E000001";
    std::vector<std::string> roles;
    nlohmann::json params = nlohmann::json::object();
    std::string idempotency_key;  // empty: none sent
};

struct CallOutcome {
    psp_status status = PSP_ERR_INTERNAL;
    nlohmann::json response;  // {"ok":true,"result":...} or {"ok":false,"error":{...}}

    bool ok() const { return status == PSP_OK && response.value("ok", false); }
    const nlohmann::json &result() const { return response.at("result"); }
    // "ok" for a success, otherwise the error's machine code ("forbidden", ...).
    std::string code() const;
    std::string error_message() const;
};

std::string request_text(const CallRequest &request);

// Throws std::runtime_error when the plugin's answer is not JSON (a plugin bug).
CallOutcome call_plugin(const psp::abi::Instance &instance, const CallRequest &request);

}  // namespace psp::host_sim
