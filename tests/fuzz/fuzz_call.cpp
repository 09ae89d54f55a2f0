// fuzz_call.cpp: fuzzes the C ABI `call` entry, the one door every host request comes through.
//
// One instance (SQLite in a temporary folder, /dev/shm when there is one) lives for the whole run,
// so state built by earlier inputs is reached by later ones. The first byte picks the mode:
//   even: the rest is "<method>\n<params JSON>", wrapped in an envelope whose principal holds every
//         role and with a fresh idempotency key, so the fuzzer reaches the methods themselves;
//   odd:  the rest is the whole request text, so it reaches the envelope checks and the parser.
// A bug is a crash, a sanitizer report, a leak, or a response that is not a JSON object with a
// boolean "ok" agreeing with the returned status, a "result" when ok, and an error code other than
// "internal" (an exception that was not a psp::Error) when not.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "psp_plugin.h"

namespace {

constexpr int64_t kSimulatedNow = 1'767'571'200'000;  // 2026-01-05, the host simulator's start
constexpr char kEmptyScimPage[] =
    R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],)"
    R"("totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]})";
constexpr char kAllRoles[] = R"(["hr_admin","coordinator","clinician","peer_supporter",)"
                             R"("employee","command_staff","auditor","it_admin"])";

const psp_plugin_api *api = nullptr;
psp_instance *instance = nullptr;
std::filesystem::path data_dir;
uint64_t request_count = 0;

extern "C" {
static int64_t host_now_ms(void *) {
    return kSimulatedNow + static_cast<int64_t>(request_count) * 60'000;
}
static void host_log(void *, int32_t, const char *) {}
static psp_status host_fetch(void *, const char *scope, const char *, char **out_json,
                             size_t *out_len) {
    *out_json = nullptr;
    *out_len = 0;
    if (std::string_view(scope) != "directory") {
        return PSP_ERR_FORBIDDEN;
    }
    *out_json = static_cast<char *>(std::malloc(sizeof kEmptyScimPage));
    std::memcpy(*out_json, kEmptyScimPage, sizeof kEmptyScimPage);
    *out_len = sizeof kEmptyScimPage - 1;
    return PSP_OK;
}
static psp_status host_notify(void *, const char *) {
    return PSP_OK;
}
static void host_free(void *, void *ptr) {
    std::free(ptr);
}
}

void remove_data_dir() {
    if (instance != nullptr) {
        api->instance_destroy(instance);
    }
    std::error_code ignored;
    std::filesystem::remove_all(data_dir, ignored);
}

std::filesystem::path make_data_dir() {
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base)) {
        base = std::filesystem::temp_directory_path();
    }
    std::string pattern = (base / "psp-fuzz-call-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        __builtin_trap();
    }
    return pattern;
}

// "<method>\n<params>" in an envelope: the params text is spliced in unparsed, so the plugin's
// own parser sees whatever the fuzzer wrote.
std::string envelope(std::string_view input) {
    const size_t newline = input.find('\n');
    const std::string method(input.substr(0, newline));
    const std::string_view params =
        newline == std::string_view::npos ? std::string_view("{}") : input.substr(newline + 1);
    // Invalid UTF-8 in the method name is replaced: the envelope itself stays well-formed.
    const std::string method_json =
        nlohmann::json(method).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return R"({"method":)" + method_json + R"(,"principal":{"id":"E1001","roles":)" + kAllRoles +
           R"(},"params":)" + std::string(params) + R"(,"idempotency_key":"fuzz-)" +
           std::to_string(request_count) + "\"}";
}

void check_response(psp_status status, const char *response, size_t length) {
    if (response == nullptr || response[length] != '\0') {
        __builtin_trap();
    }
    const auto parsed = nlohmann::json::parse(response, response + length, nullptr, false);
    const auto ok_member = parsed.is_object() ? parsed.find("ok") : parsed.end();
    if (ok_member == parsed.end() || !ok_member->is_boolean()) {
        __builtin_trap();
    }
    const bool ok = ok_member->get<bool>();
    if (ok != (status == PSP_OK)) {
        __builtin_trap();
    }
    if (ok && !parsed.contains("result")) {
        __builtin_trap();
    }
    if (ok) {
        return;
    }
    const auto error = parsed.find("error");
    if (error == parsed.end() || !error->is_object()) {
        __builtin_trap();
    }
    const auto code = error->find("code");
    // "internal" is the boundary's name for an exception that was not a psp::Error: a bug.
    if (code == error->end() || !code->is_string() || *code == "internal") {
        __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    api = psp_plugin_entry(PSP_ABI_VERSION_MAJOR);
    if (api == nullptr) {
        __builtin_trap();
    }
    static psp_host_services host{sizeof(psp_host_services),
                                  PSP_ABI_VERSION_MAJOR,
                                  nullptr,
                                  &host_now_ms,
                                  &host_log,
                                  &host_fetch,
                                  &host_notify,
                                  &host_free};
    data_dir = make_data_dir();
    const std::string dir = data_dir.string();
    const psp_instance_config config{sizeof(psp_instance_config), "agency-fuzz", dir.c_str(),
                                     nullptr};
    char *error = nullptr;
    if (api->instance_create(&host, &config, &instance, &error) != PSP_OK) {
        __builtin_trap();
    }
    std::atexit(&remove_data_dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) {
        return 0;
    }
    ++request_count;
    const std::string_view rest(reinterpret_cast<const char *>(data) + 1, size - 1);
    const std::string request = (data[0] & 1) == 0 ? envelope(rest) : std::string(rest);
    char *response = nullptr;
    size_t length = 0;
    const psp_status status =
        api->call(instance, request.data(), request.size(), &response, &length);
    check_response(status, response, length);
    api->free(response);
    return 0;
}
