// plain_text.hpp: the text clean-ups every importer and rule shares (trimming, ASCII case), one
// definition each, so "E000123 " and "Sworn" mean the same thing wherever they arrive.
#pragma once

#include <string>
#include <string_view>

namespace psp {

// `text` without leading and trailing spaces and tabs (not other whitespace: a line break inside
// an imported value is an error the importer reports, not something to trim away).
std::string trimmed(std::string_view text);

// `text` with ASCII letters in lower case; other bytes (UTF-8 included) unchanged.
std::string ascii_lowercased(std::string_view text);

}  // namespace psp
