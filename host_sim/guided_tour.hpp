// guided_tour.hpp: the README's demo, `psp-host tour`: the plugin driven through its first
// methods on a generated agency, one numbered step at a time, each checked.
//
// Generate an agency; install the plugin from its manifest (checksum, ABI, scopes); plugin.info;
// health; a full directory pull from the host with the dropped personal fields named; an HR
// transfer and departure then an incremental pull; a search; a forbidden call refused; a broken
// org chart refused with the previous directory intact; an idempotent retry; audit.verify; the
// fetch log (only "directory" was ever asked for); a scan of the plugin's files for the
// disciplinary markers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>

namespace psp::host_sim {

struct TourOptions {
    uint64_t seed = 7;
    std::size_t size = 500;
    std::filesystem::path work_dir;
    std::filesystem::path manifest;
    bool echo_log = false;
};

// Prints the tour to `out`; true only when every step behaved as expected. Throws when the tour
// cannot even start (the plugin refused, the work dir unusable).
bool run_guided_tour(const TourOptions &options, std::ostream &out);

}  // namespace psp::host_sim
