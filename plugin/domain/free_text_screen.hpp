// free_text_screen.hpp: a screen for free text the agency knows is dangerous (issue 20, item 8).
//
// The allow-list keeps only the minimal record's fields, but what a host writes into them is its
// own: a title of "Police Officer (suspended pending IA 2025-017)" would carry disciplinary data
// into the plugin under an allowed name. Every directory sync runs each kept text field through
// this screen; a value that matches any pattern is not stored (the field is left empty, a name
// falls back to the employee id, an agency to the instance's) and is reported by employee id and
// field name, never by value.
//
// Patterns are small and predictable rather than regular expressions (std::regex takes seconds
// over a 100,000-person directory, and an agency's list should be readable by HR): a pattern is
// words matched case-insensitively at word boundaries; anything between words (spaces, "-", "#",
// "/", ...) matches any run of non-alphanumeric characters, including none; "#" stands for a run
// of digits; a word ending in "*" matches any word it begins ("disciplin*": discipline,
// disciplinary).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/domain/employee.hpp"

namespace psp {

struct ScreenedField {
    std::string employee_id;
    std::string field;  // "title", "division", ...

    bool operator==(const ScreenedField &) const = default;
};

class FreeTextScreen {
  public:
    // Internal affairs, IA case numbers, suspension, discipline, misconduct.
    static const std::vector<std::string> &default_patterns();

    FreeTextScreen() : FreeTextScreen(default_patterns()) {}
    // Throws Error(invalid_request) naming `field`/<index> for a pattern that is empty, has no
    // word or "#", is longer than 128 bytes or puts "*" anywhere but at the end of a word.
    explicit FreeTextScreen(const std::vector<std::string> &patterns,
                            const std::string &field = "/config/policy/directory/screen/patterns");

    bool matches(std::string_view text) const;
    // Clears every kept text field of `records` that matches (name, title, agency, division,
    // unit, shift) and reports each by employee id and field name.
    std::vector<ScreenedField> screen(std::vector<EmployeeRecord> &records,
                                      const std::string &default_agency) const;

  private:
    struct Token {
        enum Kind : uint8_t { word, digits, gap } kind = word;
        std::string text;  // a word, lower case
        bool prefix = false;
    };
    using Pattern = std::vector<Token>;
    static bool match_at(const Pattern &p, std::string_view text, std::size_t at);

    std::vector<Pattern> patterns_;
    // The lower-case characters some pattern can start with: a word starting with any other is
    // not tried against every pattern (a host pull screens six fields of 100,000 people).
    std::array<bool, 256> may_start_{};
};

}  // namespace psp
