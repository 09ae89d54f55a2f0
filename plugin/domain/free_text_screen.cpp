// free_text_screen.cpp: the pattern tokens and a linear scan per start position.
#include "plugin/domain/free_text_screen.hpp"

#include "plugin/core/error.hpp"

namespace psp {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_letter(c);
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

const std::vector<std::string> &FreeTextScreen::default_patterns() {
    static const std::vector<std::string> patterns = {
        "internal affairs",   "IA #-#",     "IA case",
        "IA investigation",   "suspended",  "suspension",
        "disciplin*",         "misconduct", "administrative leave",
        "under investigation"};
    return patterns;
}

FreeTextScreen::FreeTextScreen(const std::vector<std::string> &patterns, const std::string &field) {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        const std::string &text = patterns[i];
        const std::string where = field + "/" + std::to_string(i);
        if (text.size() > 128) {
            throw Error(ErrorCode::invalid_request, "a screen pattern is at most 128 bytes", where);
        }
        Pattern p;
        bool has_term = false;
        for (std::size_t k = 0; k < text.size();) {
            const char c = text[k];
            if (c == '#') {
                p.push_back({Token::digits, {}, false});
                has_term = true;
                ++k;
            } else if (is_alnum(c)) {
                Token w{Token::word, {}, false};
                while (k < text.size() && is_alnum(text[k])) {
                    w.text += lower(text[k++]);
                }
                if (k < text.size() && text[k] == '*') {
                    w.prefix = true;
                    ++k;
                    if (k < text.size() && (is_alnum(text[k]) || text[k] == '#')) {
                        throw Error(ErrorCode::invalid_request,
                                    "\"*\" goes only at the end of a word, as in \"disciplin*\" "
                                    "(pattern \"" +
                                        text + "\")",
                                    where);
                    }
                }
                p.push_back(std::move(w));
                has_term = true;
            } else if (c == '*') {
                throw Error(
                    ErrorCode::invalid_request,
                    "\"*\" goes only at the end of a word, as in \"disciplin*\" (pattern \"" +
                        text + "\")",
                    where);
            } else {
                while (k < text.size() && !is_alnum(text[k]) && text[k] != '#' && text[k] != '*') {
                    ++k;
                }
                if (!p.empty()) {
                    p.push_back({Token::gap, {}, false});
                }
            }
        }
        while (!p.empty() && p.back().kind == Token::gap) {
            p.pop_back();
        }
        if (!has_term) {
            throw Error(ErrorCode::invalid_request,
                        "a screen pattern needs at least one word or \"#\" (digits), such as "
                        "\"internal affairs\" or \"IA #-#\"",
                        where);
        }
        // Every pattern starts with a word or digits: separators before the first are dropped.
        if (p.front().kind == Token::digits) {
            for (char d = '0'; d <= '9'; ++d) {
                may_start_[static_cast<unsigned char>(d)] = true;
            }
        } else {
            may_start_[static_cast<unsigned char>(p.front().text.front())] = true;
        }
        patterns_.push_back(std::move(p));
    }
}

bool FreeTextScreen::match_at(const Pattern &p, std::string_view text, std::size_t at) {
    std::size_t pos = at;
    for (const Token &t : p) {
        switch (t.kind) {
            case Token::gap:
                while (pos < text.size() && !is_alnum(text[pos])) {
                    ++pos;
                }
                break;
            case Token::digits: {
                const std::size_t start = pos;
                while (pos < text.size() && is_digit(text[pos])) {
                    ++pos;
                }
                if (pos == start) {
                    return false;
                }
                break;
            }
            case Token::word:
                if (text.size() - pos < t.text.size()) {
                    return false;
                }
                for (char c : t.text) {
                    if (lower(text[pos++]) != c) {
                        return false;
                    }
                }
                if (t.prefix) {
                    while (pos < text.size() && is_letter(text[pos])) {
                        ++pos;
                    }
                } else if (pos < text.size() && is_letter(text[pos])) {
                    return false;  // "suspend" is not "suspender"
                }
                break;
        }
    }
    return true;
}

bool FreeTextScreen::matches(std::string_view text) const {
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (!is_alnum(c)) {
            continue;
        }
        // A word starts here: no letter before a letter, no digit before a digit.
        if (at > 0 && ((is_letter(c) && is_letter(text[at - 1])) ||
                       (is_digit(c) && is_digit(text[at - 1])))) {
            continue;
        }
        if (!may_start_[static_cast<unsigned char>(lower(c))]) {
            continue;  // no pattern's first word or digits can match here
        }
        for (const Pattern &p : patterns_) {
            if (match_at(p, text, at)) {
                return true;
            }
        }
    }
    return false;
}

std::vector<ScreenedField> FreeTextScreen::screen(std::vector<EmployeeRecord> &records,
                                                  const std::string &default_agency) const {
    std::vector<ScreenedField> out;
    if (patterns_.empty()) {
        return out;
    }
    for (EmployeeRecord &e : records) {
        const auto check = [&](std::string &value, const char *field, const std::string &fallback) {
            if (!value.empty() && matches(value)) {
                value = fallback;
                out.push_back({e.id, field});
            }
        };
        check(e.name, "name", e.id);
        check(e.title, "title", {});
        check(e.agency, "agency", default_agency);
        check(e.division, "division", {});
        check(e.unit, "unit", {});
        check(e.shift, "shift", {});
    }
    return out;
}

}  // namespace psp
