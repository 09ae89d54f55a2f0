// marker_scanner.cpp: one pass for the shared core, then exact checks at each hit.
#include "host_sim/marker_scanner.hpp"

#include <algorithm>
#include <functional>

namespace psp::host_sim {
namespace {

// Shorter shared substrings hit too often to save anything over searching each marker.
constexpr std::size_t kMinCoreLength = 4;

bool in_all(const std::vector<std::string> &markers, std::string_view candidate) {
    return std::all_of(markers.begin(), markers.end(), [&](const std::string &m) {
        return m.find(candidate) != std::string::npos;
    });
}

// The longest substring of the shortest marker that every marker contains.
std::string longest_shared_substring(const std::vector<std::string> &markers) {
    if (markers.empty()) {
        return {};
    }
    const std::string &shortest = *std::min_element(
        markers.begin(), markers.end(),
        [](const std::string &a, const std::string &b) { return a.size() < b.size(); });
    for (std::size_t length = shortest.size(); length >= kMinCoreLength; --length) {
        for (std::size_t start = 0; start + length <= shortest.size(); ++start) {
            const std::string_view candidate(shortest.data() + start, length);
            if (in_all(markers, candidate)) {
                return std::string(candidate);
            }
        }
    }
    return {};
}

bool occurs_at(std::string_view bytes, std::size_t position, std::string_view text) {
    return position + text.size() <= bytes.size() &&
           bytes.compare(position, text.size(), text) == 0;
}

}  // namespace

MarkerScanner::MarkerScanner(std::vector<std::string> markers) {
    std::sort(markers.begin(), markers.end());
    markers.erase(std::unique(markers.begin(), markers.end()), markers.end());
    markers.erase(std::remove(markers.begin(), markers.end(), std::string()), markers.end());
    markers_ = std::move(markers);
    core_ = longest_shared_substring(markers_);
}

std::optional<std::string> MarkerScanner::find_in(std::string_view bytes) const {
    if (markers_.empty()) {
        return std::nullopt;
    }
    return core_.empty() ? find_each(bytes) : find_around_core(bytes);
}

std::optional<std::string> MarkerScanner::find_around_core(std::string_view bytes) const {
    const std::boyer_moore_horspool_searcher searcher(core_.begin(), core_.end());
    auto from = bytes.begin();
    for (;;) {
        const auto hit = std::search(from, bytes.end(), searcher);
        if (hit == bytes.end()) {
            return std::nullopt;
        }
        const std::size_t core_at = static_cast<std::size_t>(hit - bytes.begin());
        for (const std::string &marker : markers_) {
            // A marker may contain the core more than once; try each alignment.
            for (std::size_t offset = marker.find(core_); offset != std::string::npos;
                 offset = marker.find(core_, offset + 1)) {
                if (offset <= core_at && occurs_at(bytes, core_at - offset, marker)) {
                    return marker;
                }
            }
        }
        from = hit + 1;
    }
}

std::optional<std::string> MarkerScanner::find_each(std::string_view bytes) const {
    for (const std::string &marker : markers_) {
        if (bytes.find(marker) != std::string_view::npos) {
            return marker;
        }
    }
    return std::nullopt;
}

}  // namespace psp::host_sim
