// guided_tour.hpp: the README's demo, `psp-host tour`: the whole program driven through the
// plugin on a generated agency, one numbered step at a time, each checked.
//
// The foundation: generate an agency; install the plugin from its manifest (checksum, ABI,
// scopes); plugin.info; health; a preview of the first sync (nothing written); a full directory
// pull with the dropped personal fields named; an HR transfer and departure then an incremental
// pull; a search; a forbidden call refused; a broken org chart refused with the previous
// directory intact; an idempotent retry. The program, each step by a distinct person in the role
// whose step it is: the clinician registered and the agreement published (coordinator); three
// volunteers through selection to active PSPs with recorded initial training; a critical
// incident with proposals, assignments, acknowledgements and check-ins; a contact prompting a
// referral; the statistics command staff see; seven months later, compliance and overdue notices
// and a deselection review; the retention purge read from the plugin's database file. Then
// audit.verify, the fetch log and the disciplinary-marker scan.
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
