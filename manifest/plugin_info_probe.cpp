// plugin_info_probe.cpp: load the library, one temporary instance, one plugin.info call.
#include "manifest/plugin_info_probe.hpp"

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <boost/dll/shared_library.hpp>

#include "psp_plugin.hpp"

namespace psp::manifest {
namespace {

// A host that serves nothing: plugin.info needs no host data, and a build step must not hand the
// plugin any. Fixed clock so the probe is reproducible.
constexpr int64_t kProbeClockMs = 1'767'600'000'000;  // 2026-01-05T08:00:00Z

int64_t probe_now_ms(void * /*host_data*/) {
    return kProbeClockMs;
}

void probe_log(void * /*host_data*/, int32_t level, const char *message) {
    if (level >= PSP_LOG_WARNING && message != nullptr) {
        std::cerr << "psp-write-manifest: plugin: " << message << '\n';
    }
}

psp_status probe_fetch(void * /*host_data*/, const char * /*scope*/, const char * /*query*/,
                       char **out_json, size_t *out_len) {
    if (out_json != nullptr) {
        *out_json = nullptr;
    }
    if (out_len != nullptr) {
        *out_len = 0;
    }
    return PSP_ERR_FORBIDDEN;
}

psp_status probe_notify(void * /*host_data*/, const char * /*notification*/) {
    return PSP_OK;
}

void probe_free(void * /*host_data*/, void *ptr) {
    std::free(ptr);
}

psp_host_services probe_host_services() {
    psp_host_services host{};
    host.struct_size = sizeof(psp_host_services);
    host.abi_major = PSP_ABI_VERSION_MAJOR;
    host.now_ms = &probe_now_ms;
    host.log = &probe_log;
    host.fetch = &probe_fetch;
    host.notify = &probe_notify;
    host.free = &probe_free;
    return host;
}

// A folder for the probe instance's database, removed however the probe ends.
class TemporaryDataDir {
  public:
    TemporaryDataDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "psp-write-manifest-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary data folder for the probe");
        }
        path_ = pattern;
    }
    TemporaryDataDir(const TemporaryDataDir &) = delete;
    TemporaryDataDir &operator=(const TemporaryDataDir &) = delete;
    ~TemporaryDataDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path &path() const { return path_; }

  private:
    std::filesystem::path path_;
};

psp_plugin_entry_fn entry_of(boost::dll::shared_library &library) {
    if (!library.has(PSP_PLUGIN_ENTRY_SYMBOL)) {
        throw std::runtime_error(std::string("the library exports no ") + PSP_PLUGIN_ENTRY_SYMBOL);
    }
    return &library.get<std::remove_pointer_t<psp_plugin_entry_fn>>(PSP_PLUGIN_ENTRY_SYMBOL);
}

nlohmann::json call_plugin_info(const psp::abi::Instance &instance) {
    const nlohmann::json request = {
        {"method", "plugin.info"},
        {"principal", {{"id", "psp-write-manifest"}, {"roles", {"it_admin"}}}}};
    const psp::abi::CallResult answer = instance.call(request.dump());
    const nlohmann::json response = nlohmann::json::parse(answer.response);
    if (!answer.ok() || !response.value("ok", false)) {
        throw std::runtime_error("plugin.info failed: " + answer.response);
    }
    return response.at("result");
}

}  // namespace

nlohmann::json probe_plugin_info(const std::filesystem::path &library_path) {
    TemporaryDataDir data_dir;
    // The library is declared first so it is unloaded last: the Api and the Instance point into
    // it, and Boost.DLL's functions do not keep it loaded (STACK-NOTES.md).
    boost::dll::shared_library library(
        boost::dll::fs::path(library_path.string()),
        boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    const psp::abi::Api api(entry_of(library));
    const psp_host_services host = probe_host_services();
    const std::string data_dir_text = data_dir.path().string();
    psp_instance_config config{};
    config.struct_size = sizeof(psp_instance_config);
    config.agency_id = "manifest-probe";
    config.data_dir = data_dir_text.c_str();
    config.config_json = nullptr;
    const psp::abi::Instance instance(api, host, config);
    return call_plugin_info(instance);
}

}  // namespace psp::manifest
