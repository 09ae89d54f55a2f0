// xapi_training.hpp: xAPI statements (the learning-record standard) as attendance records.
//
// Each statement needs:
// - "id": a UUID, the record's identity: re-sending a statement changes nothing;
// - "actor": an Agent with "account" {"homePage", "name"}, name being the employee id, or with
//   "mbox" ("mailto:...") when the import's mbox_map names the employee for it (the plugin keeps
//   no e-mail addresses, so an unmapped mbox is rejected);
// - "verb.id": http://adlnet.gov/expapi/verbs/completed or .../attended; other verbs are
//   rejected;
// - "object.id": an activity IRI whose last segment (after '/', '#' or ':'), lower-cased with
//   '-' read as '_', is a course code or else a topic code of the catalogue;
// - "timestamp": ISO 8601 with a UTC offset or Z, read as a date in the agency's time zone;
// - "result.duration": ISO 8601 (PT4H30M, P1DT2H, PT90M, ...; no years or months), optional
//   for a course (its catalogue hours are used then);
// - "context.platform" (optional) is kept as the provider.
// Everything else in a statement is ignored and stored nowhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/training_import.hpp"
#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/json_text.hpp"

namespace psp {

inline constexpr std::string_view kXapiCompleted = "http://adlnet.gov/expapi/verbs/completed";
inline constexpr std::string_view kXapiAttended = "http://adlnet.gov/expapi/verbs/attended";

// `statements` is the array; rows are 1-based positions in it. Records without a duration have
// minutes 0 (the caller fills a course's hours).
TrainingImport import_xapi_statements(const Json &statements, const AgencyCalendar &calendar,
                                      const std::unordered_map<std::string, std::string> &mbox_map);

// ISO 8601 duration in seconds; nullopt when malformed or using years or months.
std::optional<double> parse_iso_duration(std::string_view text);
// ISO 8601 date-time with a UTC offset ("Z", "+hh:mm", "+hhmm" or "+hh") as UTC milliseconds.
std::optional<int64_t> parse_iso_timestamp(std::string_view text);
// A UUID in lower case; nullopt when `text` is not one.
std::optional<std::string> normalized_uuid(std::string_view text);

}  // namespace psp
