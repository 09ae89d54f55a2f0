// iacp_citations_test.cpp: every IACP section the jurisdiction profiles, the code or the docs cite
// ("IACP 6.2", "IACP Peer Support Guidelines 3.4, 5.1", "(IACP 4.1-4.2, 6.8)") exists in the IACP
// Peer Support Guidelines text the product is built from (PSP_IACP_REFERENCE, the reference
// folder's 002_*). A citation of a section that does not exist is a wrong citation; one that
// exists but says something else is caught by reading, so each profile test checks its own.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "plugin/config/jurisdiction_files.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path &path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The section numbers the reference defines: "3.10 The peer support program ...", "8.3.19 ...",
// each at the start of a line.
std::set<std::string> reference_sections(const std::string &text) {
    static const std::regex heading(R"((^|\n)[ \t]*(\d+(?:\.\d+)+)[ \t]+\S)");
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), heading);
         it != std::sregex_iterator(); ++it) {
        out.insert((*it)[2]);
    }
    return out;
}

// Every section number in an "IACP ..." citation: the run of numbers, commas, dashes, slashes
// and "and" that follows the word.
void collect_citations(const std::string &text, const std::string &where,
                       std::map<std::string, std::string> &cited) {
    static const std::regex citation(
        R"(IACP(?: Peer Support Guidelines)?,?\s+((?:\d+(?:\.\d+)+(?:\s*(?:,|-|/|and|to)\s*)?)+))");
    static const std::regex number(R"(\d+(?:\.\d+)+)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), citation);
         it != std::sregex_iterator(); ++it) {
        const std::string run = (*it)[1];
        for (auto n = std::sregex_iterator(run.begin(), run.end(), number);
             n != std::sregex_iterator(); ++n) {
            cited.emplace(n->str(), where);
        }
    }
}

TEST(IacpCitations, EveryCitedSectionExistsInTheGuidelines) {
    const fs::path reference = PSP_IACP_REFERENCE;
    if (!fs::exists(reference)) {
        GTEST_SKIP() << "the IACP reference text is not at " << reference
                     << " (configure with -DPSP_IACP_REFERENCE=...)";
    }
    const std::set<std::string> sections = reference_sections(read_text(reference));
    ASSERT_TRUE(sections.count("3.10") && sections.count("6.8") && sections.count("8.3.24"))
        << "the reference text did not parse into sections";

    std::map<std::string, std::string> cited;  // section -> first place that cites it
    for (const psp::EmbeddedFile &f : psp::embedded_jurisdiction_files()) {
        collect_citations(std::string(f.text), "plugin/jurisdictions/" + std::string(f.name),
                          cited);
    }
    const fs::path root = PSP_SOURCE_DIR;
    for (const char *folder : {"plugin", "docs", "host_sim", "adapters", "abi"}) {
        for (const auto &entry : fs::recursive_directory_iterator(root / folder)) {
            const std::string ext = entry.path().extension().string();
            if (entry.is_regular_file() &&
                (ext == ".cpp" || ext == ".hpp" || ext == ".json" || ext == ".md" || ext == ".h")) {
                collect_citations(read_text(entry.path()),
                                  fs::relative(entry.path(), root).string(), cited);
            }
        }
    }
    collect_citations(read_text(root / "README.md"), "README.md", cited);
    ASSERT_GT(cited.size(), 20u) << "the citation pattern found almost nothing";
    for (const auto &[section, where] : cited) {
        EXPECT_TRUE(sections.count(section))
            << where << " cites IACP " << section << ", which is not a section of the guidelines ("
            << reference << ")";
    }
}

// The confidentiality agreement is IACP 6.8 (4.2 is the selection considerations).
TEST(IacpCitations, AgreementsCiteSection68) {
    const std::string page = read_text(fs::path(PSP_SOURCE_DIR) / "docs/confidentiality.md");
    const std::size_t row = page.find("| `agreement_versions`");
    ASSERT_NE(row, std::string::npos);
    const std::string line = page.substr(row, page.find('\n', row) - row);
    EXPECT_NE(line.find("IACP 6.8"), std::string::npos) << line;
    EXPECT_EQ(line.find("4.2"), std::string::npos) << line;
}

}  // namespace
