// fuzz_manifest.cpp: fuzzes the host's manifest reader (host_sim/plugin_manifest.*): the input is
// written as a manifest file in a temporary folder, read and schema-checked by
// read_plugin_manifest, then checked by verify_plugin_manifest (ABI, scopes, library checksum).
// Expected outcomes: a manifest, or ManifestRejected (the reader's documented refusal). A bug is
// any other exception, a crash or a sanitizer report.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "host_sim/plugin_manifest.hpp"

namespace {

namespace fs = std::filesystem;

fs::path folder;

void remove_folder() {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    fs::path base = "/dev/shm";
    if (!fs::is_directory(base)) {
        base = fs::temp_directory_path();
    }
    std::string pattern = (base / "psp-fuzz-manifest-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        __builtin_trap();
    }
    folder = pattern;
    std::atexit(&remove_folder);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const psp::host_sim::HostScopePolicy policy;
    const fs::path file = folder / "psp_plugin.manifest.json";
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    try {
        const psp::host_sim::PluginManifest manifest = psp::host_sim::read_plugin_manifest(file);
        psp::host_sim::verify_plugin_manifest(manifest, policy);
    } catch (const psp::host_sim::ManifestRejected &) {
    }
    return 0;
}
