// dispatcher.hpp: one request in, one result out: parse, find, authorise, validate, run, audit.
#pragma once

#include <string_view>

#include "plugin/core/json_text.hpp"
#include "plugin/dispatch/method_context.hpp"

namespace psp {

// Returns the method's result. Throws psp::Error for every refusal or failure, after auditing it.
Json dispatch(InstanceServices &services, std::string_view request_text);

}  // namespace psp
