// counted_noun.hpp: "1 fetch", "3 fetches": counts in the simulator's output read as English.
#pragma once

#include <cstddef>
#include <string>

namespace psp::host_sim {

inline std::string counted(std::size_t count, const std::string &singular,
                           const std::string &plural) {
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

inline std::string counted(std::size_t count, const std::string &singular) {
    return counted(count, singular, singular + "s");
}

}  // namespace psp::host_sim
