// jurisdictions_doc.cpp: psp-jurisdictions-doc, the table of shipped jurisdiction profiles in
// docs/jurisdictions.md (status, what each protects, sources, verification date), generated from
// the profiles compiled into the plugin so the page cannot drift from them.
//
//   psp-jurisdictions-doc --doc docs/jurisdictions.md --check   exit 1 and print the diff-able
//                                                               table when the page is stale
//   psp-jurisdictions-doc --doc docs/jurisdictions.md --write   rewrite the table in place
//
// The table sits between "<!-- profile-table:begin -->" and "<!-- profile-table:end -->".
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "plugin/config/jurisdiction_policy.hpp"

namespace {

constexpr std::string_view kBegin = "<!-- profile-table:begin -->\n";
constexpr std::string_view kEnd = "<!-- profile-table:end -->";

// Every source a profile itself cites (not its base's), in order of first appearance.
struct Sources {
    std::vector<std::string> urls;
    std::string verified;  // the latest verification date

    void add(const std::optional<psp::RuleSource> &s) {
        if (!s) {
            return;
        }
        if (std::find(urls.begin(), urls.end(), s->url) == urls.end()) {
            urls.push_back(s->url);
        }
        verified = std::max(verified, s->verified);
    }
};

Sources sources_of(const psp::JurisdictionProfile &p) {
    Sources out;
    if (p.protection.profile_id == p.id) {
        out.add(p.protection.source);
    }
    for (const psp::JurisdictionRule &r : p.rules) {
        if (r.profile_id == p.id) {
            out.add(r.source);
        }
    }
    for (const auto *list : {&p.confidentiality_limits, &p.open_questions}) {
        for (const psp::ConfidentialityLimit &l : *list) {
            if (l.profile_id == p.id) {
                out.add(l.source);
            }
        }
    }
    return out;
}

std::string status_text(const psp::Protection &p) {
    if (!p.source) {
        return "-";
    }
    std::string out(psp::law_status_name(p.source->status));
    if (!p.source->enacted_by.empty()) {
        out += ": " + p.source->enacted_by;
    }
    if (!p.source->effective.empty()) {
        out += "; effective " + p.source->effective;
    }
    return out;
}

std::string cell(std::string text) {
    std::string out;
    for (char c : text) {
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return out;
}

std::string table() {
    std::ostringstream out;
    out << "| profile | protection (citation) | law's status | privilege claimed | rules: statute "
           "/ accreditation / agency policy / IACP / agency confirms | open questions | sources "
           "| verified |\n|---|---|---|---|---|---|---|---|\n";
    for (const std::string &id : psp::shipped_profile_ids()) {
        const psp::JurisdictionProfile p =
            psp::parse_jurisdiction_profile(*psp::shipped_profile_json(id), "/" + id);
        int by_basis[4] = {0, 0, 0, 0}, confirms = 0;
        for (const psp::JurisdictionRule &r : p.rules) {
            if (r.profile_id == p.id) {
                ++by_basis[static_cast<int>(r.basis)];
                confirms += r.kind == psp::RuleKind::agency_confirms;
            }
        }
        const auto questions =
            std::count_if(p.open_questions.begin(), p.open_questions.end(),
                          [&](const psp::ConfidentialityLimit &q) { return q.profile_id == p.id; });
        const Sources sources = sources_of(p);
        std::string links;
        for (std::size_t i = 0; i < sources.urls.size(); ++i) {
            links += (i == 0 ? "" : " ") + std::string("[") + std::to_string(i + 1) + "](" +
                     sources.urls[i] + ")";
        }
        out << "| `" << p.id << "` | " << psp::protection_kind_name(p.protection.kind) << " ("
            << cell(p.protection.citation) << ") | " << cell(status_text(p.protection)) << " | "
            << (p.protection.claims_privilege() ? "yes" : "**no**") << " | " << by_basis[0] << " / "
            << by_basis[1] << " / " << by_basis[2] << " / " << by_basis[3] << " / " << confirms
            << " | " << questions << " | " << links << " | "
            << (sources.verified.empty() ? "-" : sources.verified) << " |\n";
    }
    return out.str();
}

std::string read_file(const std::string &path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{"Writes or checks the table of jurisdiction profiles in docs/jurisdictions.md"};
    std::string doc;
    bool write = false, check = false;
    app.add_option("--doc", doc, "docs/jurisdictions.md")->required();
    app.add_flag("--write", write, "rewrite the table between the markers");
    app.add_flag("--check", check, "exit 1 when the committed table differs");
    CLI11_PARSE(app, argc, argv);
    const std::string page = read_file(doc);
    const std::size_t from = page.find(kBegin), to = page.find(kEnd);
    if (from == std::string::npos || to == std::string::npos || to < from) {
        std::cerr << doc << " has no " << kBegin << "..." << kEnd << " markers\n";
        return 1;
    }
    const std::string committed = page.substr(from + kBegin.size(), to - from - kBegin.size());
    const std::string generated = table();
    if (write) {
        std::ofstream(doc) << page.substr(0, from + kBegin.size()) << generated << page.substr(to);
        std::cout << "[jurisdictions-doc] " << doc << " refreshed\n";
        return 0;
    }
    if (committed == generated) {
        std::cout << "PASS: the profile table in " << doc << " matches the shipped profiles\n";
        return 0;
    }
    std::cout << "FAIL: the profile table in " << doc
              << " is stale: a shipped profile changed.\nRefresh it with:  "
                 "scripts/update-jurisdictions-doc.sh\n\ncommitted:\n"
              << committed << "\ngenerated:\n"
              << generated;
    return check ? 1 : 0;
}
