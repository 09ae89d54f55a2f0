// policy_doc_test.cpp: docs/integration.md's policy reference is generated from the schema that
// validates the configuration (policy_reference.hpp): this fails when a policy key has no
// description or the document is stale. Refresh it with scripts/update-policy-doc.sh.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "plugin/config/agency_config.hpp"
#include "plugin/config/policy_reference.hpp"

namespace {

constexpr std::string_view kBegin = "<!-- policy-reference: generated, do not edit -->\n";
constexpr std::string_view kEnd = "<!-- policy-reference: end -->\n";

const psp::Json &policy_schema() {
    return psp::agency_config_schema().at("properties").at("policy");
}

TEST(PolicyDoc, EveryPolicyKeyIsDescribed) {
    const std::vector<std::string> missing = psp::undescribed_policy_keys(policy_schema());
    std::string list;
    for (const std::string &key : missing) {
        list += " " + key;
    }
    EXPECT_TRUE(missing.empty()) << "describe in plugin/instance/policy_reference.cpp:" << list;
}

TEST(PolicyDoc, IntegrationGuideHoldsTheGeneratedReference) {
    const std::string path = std::string(PSP_SOURCE_DIR) + "/docs/integration.md";
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::ostringstream text;
    text << in.rdbuf();
    std::string doc = text.str();
    const auto begin = doc.find(kBegin);
    const auto end = doc.find(kEnd);
    ASSERT_NE(begin, std::string::npos) << "no policy reference block in " << path;
    ASSERT_NE(end, std::string::npos);
    const std::size_t body = begin + kBegin.size();
    const std::string generated = psp::policy_reference_markdown(policy_schema());
    if (std::getenv("PSP_UPDATE_POLICY_DOC") != nullptr) {
        doc.replace(body, end - body, generated);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << doc;
        return;
    }
    EXPECT_EQ(doc.substr(body, end - body), generated)
        << "docs/integration.md's policy reference is stale: run scripts/update-policy-doc.sh";
}

}  // namespace
