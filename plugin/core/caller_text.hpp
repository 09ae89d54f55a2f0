// caller_text.hpp: how an error message may mention a name the caller sent.
//
// Messages reach host logs and screens, so caller text is never copied into them as it came: no
// line breaks, markup or free text (a name, a note about someone) smuggled through an error.
#pragma once

#include <string>
#include <string_view>

namespace psp {

// Quoted when it is 1 to 64 letters, digits, '_', '-', '.' or ':' (a field name or an id, which
// tells the caller what to fix); otherwise only its length: "a name of 41 bytes (not shown)".
std::string shown_name(std::string_view name);

// True when shown_name quotes `name` rather than describing it.
bool is_plain_name(std::string_view name);

}  // namespace psp
