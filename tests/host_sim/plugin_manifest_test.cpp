// plugin_manifest_test.cpp: the host's manifest reader refuses text that is not a JSON manifest
// with ManifestRejected, whatever nlohmann throws for it (inputs found by fuzz_manifest).
#include "host_sim/plugin_manifest.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "temp_directory.hpp"

namespace psp::host_sim {
namespace {

std::string refusal_of(const std::string &manifest_text) {
    TempDirectory folder;
    const std::string file = folder.file("psp_plugin.manifest.json");
    std::ofstream(file, std::ios::binary) << manifest_text;
    try {
        read_plugin_manifest(file);
    } catch (const ManifestRejected &e) {
        return e.what();
    }
    return {};
}

// Found by fuzz_manifest: a number beyond a double is nlohmann's out_of_range, not a parse_error,
// and escaped the reader as another exception type. Also in tests/fuzz/corpus/fuzz_manifest/.
TEST(PluginManifestReader, ANumberBeyondADoubleIsRefusedAsNotJson) {
    const std::string fuzz_input =
        R"({"abi_major":1,"library":{"file":"libpsp_plugin.so.0.1.0","sha256":"5a28ca6e344e5855)"
        R"(ff1eae4f384bc1b14535137f508665262c72350a7013f0f0"},"methods":[{"name":"plugin.info",)"
        R"("params_schema":{"additionalProperties":false,"properties":{},"type":"object"},"resz)"
        R"(lt_schema":6e344e5855ff1eae4f384bc1b14535137f508665262c72350a7013f0f0"},"methods":[{)"
        R"("name":"plugin.info","params_schema":{"additionalProperties":false,"properties":{},")"
        R"(type":"object"},"reszlt_schema":{"required":["name","version","abi","schema_version")"
        R"(,"roles","scopes","methods"],"type":"object"},"roles":["hr_admin","coordinator","cli)"
        R"(nician","peer_supporter","employee","command_staff","auditor","it_admin"],"summary":)"
        R"("Whatcomplaints","investigations","grievances"],"requested":["directory","discipline)"
        R"("]},"versiok":"0.1.0"})";
    const std::string refusal = refusal_of(fuzz_input);
    EXPECT_NE(refusal.find("is not JSON"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("number overflow"), std::string::npos) << refusal;
}

TEST(PluginManifestReader, MalformedJsonIsRefusedAsNotJson) {
    EXPECT_NE(refusal_of(R"({"name": )").find("is not JSON"), std::string::npos);
}

}  // namespace
}  // namespace psp::host_sim
