// marker_scanner.hpp: finding any of many disciplinary marker values in large byte strings.
//
// The firewall check looks for every marker of the HR database's disciplinary table in every
// byte the plugin wrote. Searching a large database once per marker would take minutes for a big
// agency, so the scanner searches once for the longest substring all markers share (the
// generator gives every marker a common tag) and only checks whole markers where it occurs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psp::host_sim {

class MarkerScanner {
  public:
    explicit MarkerScanner(std::vector<std::string> markers);

    // The first marker found in `bytes`, if any.
    std::optional<std::string> find_in(std::string_view bytes) const;
    std::size_t marker_count() const { return markers_.size(); }

  private:
    std::optional<std::string> find_around_core(std::string_view bytes) const;
    std::optional<std::string> find_each(std::string_view bytes) const;

    std::vector<std::string> markers_;  // distinct and non-empty
    std::string core_;                  // in every marker; empty when they share nothing useful
};

}  // namespace psp::host_sim
