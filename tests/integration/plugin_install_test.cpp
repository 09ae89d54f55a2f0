// plugin_install_test.cpp: installing the real plugin from the manifest the build wrote, and the
// host refusing it, before a byte of the library is mapped, when the library was tampered with,
// the checksum is wrong, the ABI major is not the host's, or a scope is refused or not granted.
#include <dlfcn.h>

#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "host_sim/plugin_loader.hpp"
#include "integration_fixtures.hpp"

namespace psp::host_sim::integration {
namespace {

namespace fs = std::filesystem;

Json read_json(const fs::path &file) {
    std::ifstream in(file);
    return Json::parse(in);
}

void write_json(const fs::path &file, const Json &json) {
    std::ofstream out(file);
    out << json.dump(2);
}

// A copy of the built manifest in a scratch folder, next to its library (copied, so it can be
// tampered with, or linked to the built one).
class ManifestCopy {
  public:
    enum class Library { copied, linked };

    explicit ManifestCopy(Library how = Library::linked) : manifest_(read_json(built_manifest())) {
        const fs::path built_library =
            built_manifest().parent_path() / manifest_["library"]["file"].get<std::string>();
        library_ = folder_.path() / built_library.filename();
        if (how == Library::copied) {
            fs::copy_file(built_library, library_);
        } else {
            fs::create_symlink(built_library, library_);
        }
        // The screens' bundle is always copied: it is small, and tests tamper with it.
        for (const Json &f : manifest_.value("ui", Json::object()).value("files", Json::array())) {
            const fs::path name = f["file"].get<std::string>();
            fs::create_directories((folder_.path() / name).parent_path());
            fs::copy_file(built_manifest().parent_path() / name, folder_.path() / name);
        }
    }

    fs::path folder() const { return folder_.path(); }

    Json &manifest() { return manifest_; }
    const fs::path &library() const { return library_; }

    fs::path write() {
        fs::path file = folder_.path() / "psp_plugin.manifest.json";
        write_json(file, manifest_);
        return file;
    }

    // What the host says when it refuses this manifest; empty when it installs it.
    std::string refusal(const std::set<std::string> &granted = {"directory"}) {
        try {
            load_plugin(write(), HostScopePolicy(granted));
        } catch (const ManifestRejected &e) {
            return e.what();
        }
        return {};
    }

  private:
    TemporaryFolder folder_;
    Json manifest_;
    fs::path library_;
};

bool is_mapped(const fs::path &library) {
    void *handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) {
        return false;
    }
    ::dlclose(handle);
    return true;
}

void flip_one_byte(const fs::path &file) {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff middle = static_cast<std::streamoff>(fs::file_size(file) / 2);
    io.seekg(middle);
    char byte = 0;
    io.get(byte);
    io.seekp(middle);
    io.put(static_cast<char>(byte ^ 0x01));
}

TEST(PluginInstall, TheBuiltManifestInstallsAndTheLibraryAnswers) {
    const auto plugin = installed_plugin();
    const PluginManifest &m = plugin->manifest();
    EXPECT_EQ(m.name, "psp-peer-support");
    EXPECT_EQ(m.abi_major, PSP_ABI_VERSION_MAJOR);
    EXPECT_EQ(m.requested_scopes, std::vector<std::string>{"directory"});
    EXPECT_EQ(m.library_file.filename(), "libpsp_plugin.so.0.2.0") << "the real file, not a link";
    EXPECT_EQ(plugin->api().plugin_version(), m.version);
    EXPECT_TRUE(is_mapped(m.library_file));
}

TEST(PluginInstall, TheManifestListsEveryMethodWithItsSchemas) {
    const Json manifest = read_json(built_manifest());
    std::set<std::string> names;
    for (const Json &method : manifest.at("methods")) {
        names.insert(method.at("name").get<std::string>());
        EXPECT_TRUE(method.at("params_schema").is_object()) << method.at("name");
        EXPECT_TRUE(method.at("result_schema").is_object()) << method.at("name");
        EXPECT_FALSE(method.at("roles").empty()) << method.at("name");
    }
    for (const char *expected : {"plugin.info", "health", "directory.sync", "directory.get",
                                 "directory.search", "audit.read", "audit.verify"}) {
        EXPECT_TRUE(names.count(expected)) << expected;
    }
}

TEST(PluginInstall, ATamperedLibraryIsRefusedBeforeLoading) {
    ManifestCopy copy(ManifestCopy::Library::copied);
    flip_one_byte(copy.library());
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("does not match its manifest"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("not loaded"), std::string::npos) << refusal;
    EXPECT_FALSE(is_mapped(copy.library())) << "the tampered copy must never be mapped";
}

TEST(PluginInstall, AnUntamperedCopyInstalls) {
    ManifestCopy copy(ManifestCopy::Library::copied);
    EXPECT_EQ(copy.refusal(), "");
}

TEST(PluginInstall, AWrongChecksumIsRefused) {
    ManifestCopy copy;
    copy.manifest()["library"]["sha256"] = std::string(64, '0');
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("SHA-256"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find(std::string(64, '0')), std::string::npos) << refusal;
}

TEST(PluginInstall, AnotherAbiMajorIsRefused) {
    ManifestCopy copy;
    copy.manifest()["abi_major"] = 2;
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("ABI major 2"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("speaks ABI major 1"), std::string::npos) << refusal;
}

TEST(PluginInstall, RequestingADisciplinaryScopeIsRefused) {
    ManifestCopy copy;
    copy.manifest()["scopes"]["requested"].push_back("discipline");
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("'discipline'"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("refuses to every plugin"), std::string::npos) << refusal;
}

TEST(PluginInstall, EveryRefusedScopeIsRefused) {
    for (const std::string &scope : refused_scopes()) {
        ManifestCopy copy;
        copy.manifest()["scopes"]["requested"] = Json::array({"directory", scope});
        EXPECT_NE(copy.refusal().find("'" + scope + "'"), std::string::npos) << scope;
    }
}

TEST(PluginInstall, AScopeThePolicyDoesNotGrantIsRefused) {
    ManifestCopy copy;
    copy.manifest()["scopes"]["requested"].push_back("training_records");
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("does not grant"), std::string::npos) << refusal;
    ManifestCopy directory_only;
    EXPECT_NE(directory_only.refusal({}).find("'directory'"), std::string::npos);
}

TEST(PluginInstall, NoHostPolicyMayGrantARefusedScope) {
    EXPECT_THROW(HostScopePolicy({"directory", "internal_affairs"}), std::invalid_argument);
}

TEST(PluginInstall, AManifestBreakingTheSchemaIsRefusedWithEveryViolation) {
    ManifestCopy copy;
    copy.manifest().erase("methods");
    copy.manifest()["library"]["sha256"] = "not-hex";
    copy.manifest()["installed_by"] = "someone";
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("breaks the manifest schema"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("/library/sha256"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("methods"), std::string::npos) << refusal;
}

TEST(PluginInstall, ALibraryOutsideTheManifestsFolderIsRefused) {
    ManifestCopy copy;
    copy.manifest()["library"]["file"] = "../elsewhere/libpsp_plugin.so.0.2.0";
    EXPECT_NE(copy.refusal().find("inside the manifest's folder"), std::string::npos);
}

TEST(PluginInstall, AMissingManifestIsRefused) {
    EXPECT_THROW(load_plugin("/nonexistent/psp_plugin.manifest.json", HostScopePolicy()),
                 ManifestRejected);
}

TEST(PluginInstall, TheManifestListsTheScreensWithTheirRolesAndChecksums) {
    const Json manifest = read_json(built_manifest());
    ASSERT_TRUE(manifest.contains("ui")) << "the build ships the screens";
    const Json &ui = manifest["ui"];
    EXPECT_EQ(ui["entry"], "ui/psp-ui.js");
    ASSERT_FALSE(ui["files"].empty());
    EXPECT_EQ(ui["files"][0]["sha256"].get<std::string>().size(), 64U);
    std::set<std::string> ids;
    for (const Json &page : ui["pages"]) {
        ids.insert(page["id"].get<std::string>());
        EXPECT_FALSE(page["roles"].empty()) << page.dump();
    }
    for (const char *id : {"my-assignments", "incident", "directory-sync", "choose-supporter",
                           "statistics", "audit-chain", "system-status", "program-status"}) {
        EXPECT_EQ(ids.count(id), 1U) << id;
    }
}

TEST(PluginInstall, ATamperedScreenBundleIsRefusedBeforeLoading) {
    ManifestCopy copy(ManifestCopy::Library::copied);
    flip_one_byte(copy.folder() / "ui" / "psp-ui.js");
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("screen file"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("does not match its manifest"), std::string::npos) << refusal;
    EXPECT_FALSE(is_mapped(copy.library())) << "the plugin must not be loaded";
}

TEST(PluginInstall, AScreenFileOutsideTheManifestFolderIsRefused) {
    ManifestCopy copy;
    copy.manifest()["ui"]["files"][0]["file"] = "../psp-ui.js";
    copy.manifest()["ui"]["entry"] = "../psp-ui.js";
    const std::string refusal = copy.refusal();
    EXPECT_NE(refusal.find("inside the manifest's folder"), std::string::npos) << refusal;
}

}  // namespace
}  // namespace psp::host_sim::integration
