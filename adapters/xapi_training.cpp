// xapi_training.cpp: reading xAPI statements field by field; a statement either becomes one
// attendance record or one rejected row with the reason.
#include "adapters/xapi_training.hpp"

#include <cctype>
#include <chrono>
#include <cstdlib>

namespace psp {
namespace {

// A rejected statement: thrown inside this file only, caught per statement.
struct Rejection {
    std::string reason;
};

const Json &member(const Json &object, const char *key, const std::string &where) {
    if (!object.is_object()) {
        throw Rejection{where + " is not an object"};
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        throw Rejection{where + "." + key + " is missing"};
    }
    return *it;
}

std::string text_member(const Json &object, const char *key, const std::string &where) {
    const Json &value = member(object, key, where);
    if (!value.is_string() || value.get_ref<const std::string &>().empty()) {
        throw Rejection{where + "." + key + " is not a non-empty string"};
    }
    return value.get<std::string>();
}

std::string employee_of(const Json &statement,
                        const std::unordered_map<std::string, std::string> &mbox_map) {
    const Json &actor = member(statement, "actor", "statement");
    if (actor.is_object() && actor.contains("account")) {
        const Json &account = member(actor, "account", "actor");
        text_member(account, "homePage", "actor.account");
        return text_member(account, "name", "actor.account");
    }
    if (actor.is_object() && actor.contains("mbox")) {
        const std::string mbox = text_member(actor, "mbox", "actor");
        if (mbox.rfind("mailto:", 0) != 0) {
            throw Rejection{"actor.mbox does not start mailto:"};
        }
        const auto it = mbox_map.find(mbox);
        if (it == mbox_map.end()) {
            throw Rejection{
                "actor.mbox has no employee in params.mbox_map (or send "
                "actor.account with name = employee id)"};
        }
        return it->second;
    }
    throw Rejection{"actor has neither account nor mbox"};
}

// The last segment of an activity IRI as a catalogue code.
std::string activity_code(const Json &statement) {
    const std::string iri = text_member(member(statement, "object", "statement"), "id", "object");
    std::string code = iri.substr(iri.find_last_of("/#:") + 1);
    for (char &c : code) {
        c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return code;
}

void check_verb(const Json &statement) {
    const std::string verb = text_member(member(statement, "verb", "statement"), "id", "verb");
    if (verb != kXapiCompleted && verb != kXapiAttended) {
        throw Rejection{"verb " + verb.substr(0, 128) + " is not completed or attended"};
    }
}

int64_t duration_minutes(const Json &statement) {
    const auto result = statement.find("result");
    if (result == statement.end() || !result->is_object() || !result->contains("duration")) {
        return 0;
    }
    const std::string text = text_member(*result, "duration", "result");
    const std::optional<double> seconds = parse_iso_duration(text);
    if (!seconds) {
        throw Rejection{"result.duration '" + text.substr(0, 64) + "' is not ISO 8601"};
    }
    return minutes_from_hours(*seconds / 3600.0);
}

CivilDate local_day(const Json &statement, const AgencyCalendar &calendar) {
    const std::string text = text_member(statement, "timestamp", "statement");
    const std::optional<int64_t> ms = parse_iso_timestamp(text);
    if (!ms) {
        throw Rejection{"timestamp '" + text.substr(0, 64) + "' is not ISO 8601 with a UTC offset"};
    }
    return calendar.local_date(*ms);
}

std::string provider_of(const Json &statement) {
    const auto context = statement.find("context");
    if (context == statement.end() || !context->is_object()) {
        return {};
    }
    const auto platform = context->find("platform");
    return platform != context->end() && platform->is_string() ? platform->get<std::string>() : "";
}

AttendanceRecord read_statement(const Json &statement, const AgencyCalendar &calendar,
                                const std::unordered_map<std::string, std::string> &mbox_map) {
    if (!statement.is_object()) {
        throw Rejection{"the statement is not an object"};
    }
    AttendanceRecord r;
    const std::string id = text_member(statement, "id", "statement");
    const std::optional<std::string> uuid = normalized_uuid(id);
    if (!uuid) {
        throw Rejection{"statement id '" + id.substr(0, 64) + "' is not a UUID"};
    }
    r.statement_id = *uuid;
    r.employee_id = employee_of(statement, mbox_map);
    check_verb(statement);
    r.course_code = activity_code(statement);
    r.date = local_day(statement, calendar);
    r.minutes = duration_minutes(statement);
    r.provider = provider_of(statement);
    r.source = "xapi";
    return r;
}

// Digits with an optional fraction at `pos`; advances `pos`.
std::optional<double> number_at(std::string_view text, std::size_t &pos) {
    const std::size_t start = pos;
    while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) != 0 ||
                                 text[pos] == '.' || text[pos] == ',')) {
        ++pos;
    }
    if (pos == start) {
        return std::nullopt;
    }
    std::string digits(text.substr(start, pos - start));
    for (char &c : digits) {
        c = c == ',' ? '.' : c;
    }
    char *end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

int digits_at(std::string_view text, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (i >= text.size() || std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// "Z", "+hh:mm", "+hhmm" or "+hh" as minutes east of UTC.
std::optional<int> offset_minutes(std::string_view zone) {
    if (zone == "Z" || zone == "z") {
        return 0;
    }
    if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-')) {
        return std::nullopt;
    }
    const int hours = digits_at(zone, 1, 2);
    int minutes = 0;
    if (zone.size() == 6 && zone[3] == ':') {
        minutes = digits_at(zone, 4, 2);
    } else if (zone.size() == 5) {
        minutes = digits_at(zone, 3, 2);
    } else if (zone.size() != 3) {
        return std::nullopt;
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        return std::nullopt;
    }
    return (zone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

}  // namespace

std::optional<double> parse_iso_duration(std::string_view text) {
    if (text.size() < 3 || text[0] != 'P') {
        return std::nullopt;
    }
    double seconds = 0;
    bool in_time = false;
    bool any = false;
    std::size_t pos = 1;
    std::string seen;
    while (pos < text.size()) {
        if (text[pos] == 'T') {
            if (in_time) {
                return std::nullopt;
            }
            in_time = true;
            ++pos;
            continue;
        }
        const std::optional<double> n = number_at(text, pos);
        if (!n || pos >= text.size()) {
            return std::nullopt;
        }
        const char unit = text[pos++];
        const std::string key = std::string(in_time ? "T" : "") + unit;
        if (seen.find(key) != std::string::npos) {
            return std::nullopt;
        }
        seen += key + " ";
        if (!in_time && unit == 'W') {
            seconds += *n * 7 * 86400;
        } else if (!in_time && unit == 'D') {
            seconds += *n * 86400;
        } else if (in_time && unit == 'H') {
            seconds += *n * 3600;
        } else if (in_time && unit == 'M') {
            seconds += *n * 60;
        } else if (in_time && unit == 'S') {
            seconds += *n;
        } else {
            return std::nullopt;  // years and months have no fixed length
        }
        any = true;
    }
    if (!any || text.back() == 'T') {
        return std::nullopt;
    }
    return seconds;
}

std::optional<int64_t> parse_iso_timestamp(std::string_view text) {
    if (text.size() < 17 || text[10] != 'T' || text[13] != ':') {
        return std::nullopt;
    }
    const std::optional<CivilDate> day = parse_iso_date(text.substr(0, 10));
    const int hour = digits_at(text, 11, 2);
    const int minute = digits_at(text, 14, 2);
    if (!day || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return std::nullopt;
    }
    std::size_t pos = 16;
    double second = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const std::optional<double> s = number_at(text, pos);
        if (!s || *s >= 61 || pos - 17 < 2) {
            return std::nullopt;
        }
        second = *s;
    }
    const std::optional<int> offset = offset_minutes(text.substr(pos));
    if (!offset) {
        return std::nullopt;
    }
    const int64_t days = date::sys_days(*day).time_since_epoch().count();
    const int64_t minutes = days * 1440 + int64_t{hour} * 60 + minute - *offset;
    return minutes * 60000 + static_cast<int64_t>(second * 1000.0);
}

std::optional<std::string> normalized_uuid(std::string_view text) {
    if (text.size() != 36) {
        return std::nullopt;
    }
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (out[i] == '-')) {
            return std::nullopt;
        }
        if (!dash && std::isxdigit(static_cast<unsigned char>(out[i])) == 0) {
            return std::nullopt;
        }
        out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    }
    return out;
}

TrainingImport import_xapi_statements(
    const Json &statements, const AgencyCalendar &calendar,
    const std::unordered_map<std::string, std::string> &mbox_map) {
    TrainingImport import;
    import.course_may_be_topic = true;
    std::unordered_map<std::string, std::size_t> first_row;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const std::size_t row = i + 1;
        try {
            AttendanceRecord r = read_statement(statements[i], calendar, mbox_map);
            const auto [it, fresh] = first_row.emplace(r.statement_id, row);
            if (!fresh) {
                throw Rejection{"statement id " + r.statement_id + " appears again (first at row " +
                                std::to_string(it->second) + ")"};
            }
            import.records.push_back(std::move(r));
            import.rows.push_back(row);
        } catch (const Rejection &rejection) {
            import.rejected.push_back({row, rejection.reason});
        }
    }
    return import;
}

}  // namespace psp
