// json_expectation.hpp: whether a plugin's JSON answer satisfies what a scenario expects.
//
// Expectations are partial, so scenarios state only what matters: an expected object's keys must
// be present with matching values (other keys are ignored); every element of an expected array
// must match some element of the actual array (order ignored, extra elements allowed); scalars
// must be equal (numbers by value).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

// Empty when `actual` satisfies `expected`; otherwise the first mismatch, such as
// "/employees: expected 200, got 199".
std::optional<std::string> json_expectation_mismatch(const nlohmann::json &expected,
                                                     const nlohmann::json &actual,
                                                     const std::string &at = "");

}  // namespace psp::host_sim
