// confidentiality_doc_test.cpp: docs/confidentiality.md's "who sees what" table is the method
// catalogue, row for row, so the page cannot drift from what the plugin enforces. When a method
// is added or its roles change, the failure prints the table to paste between the markers.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "dispatch/method_catalog.hpp"

namespace {

std::string expected_table() {
    std::string table = "| method | roles that may call it |\n|---|---|\n";
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        std::string roles;
        for (const std::string &role : spec->roles.names()) {
            roles += (roles.empty() ? "" : ", ") + role;
        }
        table += "| `" + spec->name + "` | " + roles + " |\n";
    }
    return table;
}

std::string documented_table() {
    std::ifstream in(std::string(PSP_SOURCE_DIR) + "/docs/confidentiality.md");
    const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::string begin = "<!-- role-table:begin -->\n", end = "<!-- role-table:end -->";
    const std::size_t from = doc.find(begin), to = doc.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from) return {};
    return doc.substr(from + begin.size(), to - from - begin.size());
}

TEST(ConfidentialityDoc, WhoSeesWhatIsTheCatalogue) {
    EXPECT_EQ(documented_table(), expected_table())
        << "docs/confidentiality.md must list, between its role-table markers:\n"
        << expected_table();
}

}  // namespace
