// catalog.hpp: the plugin's catalogue of methods, every group registered (catalog.cpp). The
// instance hands it to the dispatcher (InstanceServices::catalog).
#pragma once

#include "plugin/dispatch/method_catalog.hpp"

namespace psp {

// Throws Error(internal) while a method and its schema file (methods/schemas/) do not pair up.
const MethodCatalog &method_catalog();

}  // namespace psp
