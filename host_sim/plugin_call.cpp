// plugin_call.cpp: envelope out, response in.
#include "host_sim/plugin_call.hpp"

#include <stdexcept>

namespace psp::host_sim {

std::string CallOutcome::code() const {
    if (ok()) {
        return "ok";
    }
    const auto error = response.find("error");
    if (error == response.end() || !error->is_object()) {
        return "unreadable_response";
    }
    return error->value("code", "unreadable_response");
}

std::string CallOutcome::error_message() const {
    const auto error = response.find("error");
    if (error == response.end() || !error->is_object()) {
        return {};
    }
    return error->value("message", "");
}

std::string request_text(const CallRequest &request) {
    nlohmann::json envelope = {
        {"method", request.method},
        {"principal", {{"id", request.principal_id}, {"roles", request.roles}}},
        {"params", request.params}};
    if (!request.idempotency_key.empty()) {
        envelope["idempotency_key"] = request.idempotency_key;
    }
    return envelope.dump();
}

CallOutcome call_plugin(const psp::abi::Instance &instance, const CallRequest &request) {
    const psp::abi::CallResult answer = instance.call(request_text(request));
    CallOutcome outcome;
    outcome.status = answer.status;
    outcome.response = nlohmann::json::parse(answer.response, nullptr, /*allow_exceptions=*/false);
    if (outcome.response.is_discarded() || !outcome.response.is_object()) {
        throw std::runtime_error("the plugin answered " + request.method +
                                 " with something that is not a JSON object");
    }
    return outcome;
}

}  // namespace psp::host_sim
