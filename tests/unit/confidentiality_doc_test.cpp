// confidentiality_doc_test.cpp: docs/confidentiality.md's "who sees what" table is the method
// catalogue, row for row, so the page cannot drift from what the plugin enforces. When a method
// is added or its roles change, the failure prints the table to paste between the markers.
// Likewise its "What the plugin stores" table must name every table the migrations create.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/methods/catalog.hpp"
#include "test_host.hpp"

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

std::string confidentiality_page() {
    std::ifstream in(std::string(PSP_SOURCE_DIR) + "/docs/confidentiality.md");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string documented_table() {
    const std::string doc = confidentiality_page();
    const std::string begin = "<!-- role-table:begin -->\n", end = "<!-- role-table:end -->";
    const std::size_t from = doc.find(begin), to = doc.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from) {
        return {};
    }
    return doc.substr(from + begin.size(), to - from - begin.size());
}

TEST(ConfidentialityDoc, WhoSeesWhatIsTheCatalogue) {
    EXPECT_EQ(documented_table(), expected_table())
        << "docs/confidentiality.md must list, between its role-table markers:\n"
        << expected_table();
}

// Every table of a freshly migrated database, named in backquotes in the storage table's first
// column ("| `leaves` |" or "| `agreement_versions`, `agreement_signatures` |").
TEST(ConfidentialityDoc, WhatThePluginStoresNamesEveryTable) {
    const std::string doc = confidentiality_page();
    const std::size_t from = doc.find("## What the plugin stores");
    const std::size_t to = doc.find("\n## ", from + 1);
    ASSERT_NE(from, std::string::npos);
    const std::string section = doc.substr(from, to - from);
    psp_test::TestInstance t;
    psp::Database db(t.storage_config());
    const std::vector<std::string> tables = psp_test::table_names(db);
    ASSERT_FALSE(tables.empty());
    for (const std::string &table : tables) {
        std::size_t at = section.find("`" + table + "`");
        while (at != std::string::npos && section.rfind("\n| ", at) != section.rfind('\n', at)) {
            at = section.find("`" + table + "`", at + 1);
        }
        EXPECT_NE(at, std::string::npos)
            << "docs/confidentiality.md, \"What the plugin stores\", has no row for " << table;
    }
}

}  // namespace
