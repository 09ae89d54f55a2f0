// bench_host_services.hpp: the minimal host the benchmarks give the plugin, shared by psp_bench
// and psp_schema_bench (which needs nothing else of bench_plugin.hpp).
#pragma once

#include "psp_plugin.h"

namespace psp_bench {

// A minimal host: a fixed clock (2026-05-28), no logging, every fetch refused, notifications
// accepted, buffers released with free().
const psp_host_services &bench_host_services();

}  // namespace psp_bench
