// utc_time.hpp: the simulated host's clock values as people read them (ISO 8601, UTC).
#pragma once

#include <cstdint>
#include <string>

namespace psp::host_sim {

// 2026-01-05T08:00:00Z: a Monday morning, where every simulation starts unless told otherwise.
inline constexpr int64_t kSimulationStartMs = 1'767'600'000'000;

// "2026-01-05T08:00:00Z" (milliseconds dropped).
std::string format_utc(int64_t epoch_ms);

}  // namespace psp::host_sim
