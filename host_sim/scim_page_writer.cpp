// scim_page_writer.cpp: SCIM users and ListResponse pages written as JSON text.
#include "host_sim/scim_page_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace psp::host_sim {
namespace {

constexpr std::size_t kEntraManagerEvery = 7;

// What nlohmann/json accepts as UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view text) {
    static constexpr std::array<std::uint32_t, 4> kSmallest = {0, 0x80, 0x800, 0x10000};
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t more = 0;
        std::uint32_t code = 0;
        if ((lead & 0xE0U) == 0xC0U) {
            more = 1;
            code = lead & 0x1FU;
        } else if ((lead & 0xF0U) == 0xE0U) {
            more = 2;
            code = lead & 0x0FU;
        } else if ((lead & 0xF8U) == 0xF0U) {
            more = 3;
            code = lead & 0x07U;
        } else {
            return false;
        }
        if (text.size() - i <= more) {
            return false;
        }
        for (std::size_t k = 1; k <= more; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) {
                return false;
            }
            code = (code << 6U) | (next & 0x3FU);
        }
        if (code < kSmallest[more] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += more + 1;
    }
    return true;
}

// A JSON string as nlohmann/json's dump() writes it (UTF-8 kept, control characters escaped).
void append_string(std::string &out, std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw std::runtime_error("a directory value is not valid UTF-8");
    }
    out += '"';
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c <= 0x1F) {
                    static constexpr std::string_view kHex = "0123456789abcdef";
                    out += "\\u00";
                    out += kHex[c >> 4U];
                    out += kHex[c & 0x0FU];
                } else {
                    out += raw;
                }
        }
    }
    out += '"';
}

// `"key":"value"`, after a comma unless it opens an object.
void append_member(std::string &out, std::string_view key, std::string_view value,
                   bool first = false) {
    if (!first) {
        out += ',';
    }
    out += '"';
    out += key;
    out += "\":";
    append_string(out, value);
}

// Every seventh employee (by index, employee number minus one) gets Entra ID's bare-string
// manager, so consumers see both forms in one export.
bool uses_entra_manager_form(const std::string &employee_number) {
    unsigned long long number = 0;
    const char *digits = employee_number.data() + (employee_number.empty() ? 0 : 1);
    const auto [end, error] =
        std::from_chars(digits, employee_number.data() + employee_number.size(), number);
    return error == std::errc() && number > 0 && (number - 1) % kEntraManagerEvery == 0;
}

}  // namespace

ScimPageWriter::ScimPageWriter(std::string agency_id) : agency_id_(std::move(agency_id)) {}

void ScimPageWriter::add_user(const ScimUserRow &r) {
    std::string &out = resources_;
    if (users_ > 0) {
        out += ',';
    }
    const std::string display_name = r.given_name + " " + r.family_name;
    out += R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",)"
           R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",)"
           R"("urn:psp:scim:schemas:extension:peer-support:1.0:User"])";
    append_member(out, "id", r.scim_id);
    append_member(out, "userName", r.email);
    out += R"(,"name":{)";
    append_member(out, "givenName", r.given_name, true);
    append_member(out, "familyName", r.family_name);
    append_member(out, "formatted", display_name);
    out += '}';
    append_member(out, "displayName", display_name);
    append_member(out, "title", r.title);
    out += R"(,"userType":"Employee","active":)";
    out += r.active != 0 ? "true" : "false";
    out += R"(,"emails":[{)";
    append_member(out, "value", r.email, true);
    out += R"(,"type":"work","primary":true}],"phoneNumbers":[{)";
    append_member(out, "value", r.phone, true);
    out += R"(,"type":"work"}],"addresses":[{)";
    append_member(out, "formatted", r.home_address, true);
    out += R"(,"type":"home"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{)";
    append_member(out, "employeeNumber", r.employee_number, true);
    append_member(out, "organization", agency_id_);
    append_member(out, "division", r.division);
    append_member(out, "department", r.unit);
    if (!r.manager_scim_id.empty()) {
        if (uses_entra_manager_form(r.employee_number)) {
            append_member(out, "manager", r.manager_scim_id);
        } else {
            out += R"(,"manager":{)";
            append_member(out, "value", r.manager_scim_id, true);
            append_member(out, "displayName", r.manager_name);
            out += '}';
        }
    }
    out += R"(},"urn:psp:scim:schemas:extension:peer-support:1.0:User":{)";
    append_member(out, "staffCategory", r.staff_category, true);
    append_member(out, "unit", r.unit);
    append_member(out, "shift", r.shift);
    append_member(out, "hireDate", r.hire_date);
    out += "}}";
    ++users_;
}

std::string ScimPageWriter::finish_page(long long total_results, long long start_index,
                                        const std::string &cursor) {
    std::string page;
    page.reserve(resources_.size() + 256);
    page += R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":)";
    page += std::to_string(total_results);
    page += R"(,"startIndex":)";
    page += std::to_string(start_index);
    page += R"(,"itemsPerPage":)";
    page += std::to_string(users_);
    page += R"(,"Resources":[)";
    page += resources_;
    page += ']';
    append_member(page, "cursor", cursor);
    page += '}';
    resources_.clear();
    users_ = 0;
    return page;
}

}  // namespace psp::host_sim
