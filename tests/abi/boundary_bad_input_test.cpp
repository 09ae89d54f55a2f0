// boundary_bad_input_test.cpp: bad input at the C boundary is refused and changes nothing.
//
// The suite loads the real libpsp_plugin.so with dlopen, as a host does, and drives it through
// the C table (for NULL pointers and wrong struct sizes) and the C++ wrapper (for everything that
// crosses as JSON). Every refusal is checked three ways: the psp_status, the JSON error's code
// (and field where there is one), and that nothing changed: the directory is the same, and a
// refused call that reached the instance left exactly one audit entry naming the error code.
// It also covers idempotency, whole-chart rejection of bad org charts, instance isolation and
// concurrent calls on one instance.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "psp_plugin.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using psp::abi::Api;
using psp::abi::CallResult;
using psp::abi::Instance;

constexpr int64_t kStartMs = 1'700'000'000'000;

// ---- The library, loaded once per test process --------------------------------------------

class Plugin {
  public:
    static const Plugin &get() {
        static const Plugin plugin;
        return plugin;
    }
    const Api &api() const { return api_; }
    const psp_plugin_api &table() const { return api_.table(); }

  private:
    // Never dlclosed: instances and static objects may outlive any point where closing is safe.
    Plugin() : api_(find_entry(open_library())) {}

    static void *open_library() {
        void *handle = dlopen(PSP_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            throw std::runtime_error(std::string("dlopen: ") + dlerror());
        }
        return handle;
    }
    static psp_plugin_entry_fn find_entry(void *handle) {
        void *symbol = dlsym(handle, PSP_PLUGIN_ENTRY_SYMBOL);
        if (symbol == nullptr) {
            throw std::runtime_error("no symbol " PSP_PLUGIN_ENTRY_SYMBOL);
        }
        return reinterpret_cast<psp_plugin_entry_fn>(symbol);
    }

    Api api_;
};

// ---- A host with a controllable clock ------------------------------------------------------

class FakeHost {
  public:
    std::atomic<int64_t> now{kStartMs};

    psp_host_services table() {
        psp_host_services t{};
        t.struct_size = sizeof(psp_host_services);
        t.abi_major = PSP_ABI_VERSION_MAJOR;
        t.host_data = this;
        t.now_ms = &now_ms;
        t.log = &log;
        t.fetch = &fetch;
        t.notify = &notify;
        t.free = &release;
        return t;
    }

    // Error lines the plugin logged; a refused call must never make the plugin fail internally.
    std::vector<std::string> errors() {
        std::lock_guard lock(mutex_);
        return errors_;
    }

  private:
    static FakeHost &self(void *data) { return *static_cast<FakeHost *>(data); }
    static int64_t now_ms(void *data) { return self(data).now.load(); }
    static void log(void *data, int32_t level, const char *message) {
        if (level < PSP_LOG_ERROR) {
            return;
        }
        std::lock_guard lock(self(data).mutex_);
        self(data).errors_.emplace_back(message);
    }
    // No data scope is granted in these tests.
    static psp_status fetch(void *, const char *, const char *, char **out, size_t *len) {
        *out = nullptr;
        *len = 0;
        return PSP_ERR_FORBIDDEN;
    }
    static psp_status notify(void *, const char *) { return PSP_OK; }
    static void release(void *, void *ptr) { std::free(ptr); }

    std::mutex mutex_;
    std::vector<std::string> errors_;
};

// ---- Requests ------------------------------------------------------------------------------

Json principal(const std::vector<std::string> &roles, const std::string &id = "E9001") {
    return {{"id", id}, {"roles", roles}};
}

Json request(const std::string &method, const Json &who, const Json &params = Json::object(),
             const std::string &key = "") {
    Json r = {{"method", method}, {"principal", who}, {"params", params}};
    if (!key.empty()) {
        r["idempotency_key"] = key;
    }
    return r;
}

Json employee(const std::string &id, const std::string &supervisor,
              const std::string &category = "sworn") {
    Json e = {{"id", id},
              {"name", "Name " + id},
              {"title", "Title " + id},
              {"category", category},
              {"division", "Patrol"},
              {"unit", "Unit 1"},
              {"shift", "Day"},
              {"active", true}};
    if (!supervisor.empty()) {
        e["supervisor_id"] = supervisor;
    }
    return e;
}

// A small department: chief, deputy, sergeant, officer, dispatcher and a civilian clerk.
Json seed_chart() {
    return Json::array({employee("E1", ""), employee("E2", "E1"), employee("E3", "E2"),
                        employee("E4", "E3"), employee("E5", "E2", "dispatcher"),
                        employee("E6", "E1", "civilian")});
}

Json sync_params(const Json &records, const std::string &mode = "full") {
    return {{"mode", mode}, {"source", "records"}, {"records", records}};
}

// Built on first use: principals at namespace scope would be built before main, where nothing
// can catch what their constructors throw.
const Json &hr_principal() {
    static const Json hr = principal({"hr_admin"});
    return hr;
}

const Json &auditor_principal() {
    static const Json auditor = principal({"auditor"}, "A1");
    return auditor;
}

// For expect_error: the error must carry no "field".
constexpr const char *kNoField = "<no field>";

// What a test compares before and after a refused call.
struct Snapshot {
    Json employees;  // health's employee count
    Json listing;    // directory.search over everyone
    bool operator==(const Snapshot &) const = default;
};

void PrintTo(const Snapshot &s, std::ostream *os) {
    *os << "employees=" << s.employees << " listing=" << s.listing.dump().substr(0, 300);
}

// ---- Fixture -------------------------------------------------------------------------------

class Boundary : public ::testing::Test {
  protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("psp-abi-" + std::string(info->name()) + "-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }

    void TearDown() override {
        EXPECT_TRUE(host_.errors().empty()) << "the plugin logged: " << host_.errors().front();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    const psp_plugin_api &api() const { return Plugin::get().table(); }

    Instance open(const std::string &agency = "agency-a", const char *config_json = nullptr,
                  const fs::path &dir = {}) {
        const psp_host_services host = host_.table();
        const std::string data_dir = (dir.empty() ? dir_ : dir).string();
        psp_instance_config config{};
        config.struct_size = sizeof(psp_instance_config);
        config.agency_id = agency.c_str();
        config.data_dir = data_dir.c_str();
        config.config_json = config_json;
        return Instance(Plugin::get().api(), host, config);
    }

    // An instance holding the seed chart.
    Instance seeded(const char *config_json = nullptr) {
        Instance instance = open("agency-a", config_json);
        ok(instance, request("directory.sync", hr_principal(), sync_params(seed_chart()), "seed"));
        return instance;
    }

    // The result of a call that must succeed.
    static Json ok(const Instance &instance, const Json &r) {
        const CallResult result = instance.call(r.dump());
        EXPECT_EQ(result.status, PSP_OK) << r.dump().substr(0, 300) << " -> " << result.response;
        const Json response = Json::parse(result.response);
        EXPECT_EQ(response.value("ok", false), true) << result.response;
        return response.value("result", Json());
    }

    static Snapshot snapshot(const Instance &instance) {
        const Json health = ok(instance, request("health", principal({"it_admin"})));
        const Json search =
            ok(instance, request("directory.search", hr_principal(), {{"limit", 500}}));
        return {health.at("employees"), search.at("employees")};
    }

    static Json audit(const Instance &instance) {
        return ok(instance, request("audit.read", auditor_principal(), {{"limit", 1000}}))
            .at("entries");
    }

    // The audit entries `instance` added since this fixture last asked it (all of them the
    // first time), read from the last entry seen on rather than from the start: the refusal
    // checks ask before and after every call. The mark is checked against the entry it names,
    // so an instance opened where a closed one was is read in full.
    Json new_audit_entries(const Instance &instance) {
        Json &seen = last_audit_entry_[instance.handle()];
        if (seen.is_object()) {
            const int64_t after = seen.at("seq").get<int64_t>() - 1;
            Json tail = ok(instance, request("audit.read", auditor_principal(),
                                             {{"after_seq", after}, {"limit", 1000}}))
                            .at("entries");
            if (!tail.empty() && tail.front() == seen) {
                tail.erase(tail.begin());
                if (!tail.empty()) {
                    seen = tail.back();
                }
                return tail;
            }
        }
        Json all = audit(instance);
        seen = all.empty() ? Json() : all.back();
        return all;
    }

    // Checks the status and the error object, and returns the error.
    static Json expect_error(const CallResult &result, psp_status status, const std::string &code,
                             const std::optional<std::string> &field) {
        EXPECT_EQ(result.status, status) << result.response;
        const Json response = Json::parse(result.response);
        EXPECT_EQ(response.at("ok"), false);
        const Json &error = response.at("error");
        EXPECT_EQ(error.at("code"), code) << result.response;
        EXPECT_FALSE(error.at("message").get<std::string>().empty());
        if (field) {
            EXPECT_EQ(error.value("field", kNoField), *field) << result.response;
        }
        return error;
    }

    // Sends `text`, expects the refusal, and checks that nothing changed and that one audit
    // entry, stamped with the host's clock, records `audited_method` and the error code.
    Json expect_refused(const Instance &instance, const std::string &text, psp_status status,
                        const std::string &code, const std::optional<std::string> &field,
                        const std::string &audited_method) {
        const Snapshot before = snapshot(instance);
        new_audit_entries(instance);
        const int64_t at = host_.now += 1000;
        Json error = expect_error(instance.call(text), status, code, field);
        EXPECT_EQ(snapshot(instance), before) << "a refused call changed the directory";
        const Json added = new_audit_entries(instance);
        EXPECT_EQ(added.size(), 1u) << "one audit entry per refusal";
        if (added.size() == 1) {
            const Json &entry = added.back();
            EXPECT_EQ(entry.at("outcome"), code);
            EXPECT_EQ(entry.at("method"), audited_method);
            EXPECT_EQ(entry.at("at_ms"), at);
        }
        return error;
    }

    Json expect_refused(const Instance &instance, const Json &r, psp_status status,
                        const std::string &code, const std::optional<std::string> &field) {
        return expect_refused(instance, r.dump(), status, code, field,
                              r.value("method", std::string("?")));
    }

    bool has_database(const fs::path &dir) const {
        if (!fs::exists(dir)) {
            return false;
        }
        for (const auto &entry : fs::directory_iterator(dir)) {
            if (entry.path().filename().string().find("sqlite") != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    FakeHost host_;
    fs::path dir_;
    std::map<const psp_instance *, Json> last_audit_entry_;  // new_audit_entries' marks
};

// ---- instance_create -----------------------------------------------------------------------

class CreateRefusal : public Boundary {
  protected:
    void SetUp() override {
        Boundary::SetUp();
        host_table_ = host_.table();
        config_.struct_size = sizeof(psp_instance_config);
        config_.agency_id = "agency-a";
        data_dir_ = (dir_ / "data").string();
        config_.data_dir = data_dir_.c_str();
    }

    // Creates with the current tables and expects a refusal that created nothing.
    Json expect_create_refused(psp_status status, const std::string &code,
                               const std::string &field) {
        return expect_create_refused(&host_table_, &config_, status, code, field);
    }

    Json expect_create_refused(const psp_host_services *host, const psp_instance_config *config,
                               psp_status status, const std::string &code,
                               const std::string &field) {
        psp_instance *instance = reinterpret_cast<psp_instance *>(this);  // must become NULL
        char *error = nullptr;
        EXPECT_EQ(api().instance_create(host, config, &instance, &error), status);
        EXPECT_EQ(instance, nullptr);
        EXPECT_FALSE(has_database(data_dir_)) << "a refused instance_create opened a database";
        if (error == nullptr) {
            ADD_FAILURE() << "no JSON error from a refused instance_create";
            return {};
        }
        CallResult as_call{status, error};
        api().free(error);
        return expect_error(as_call, status, code, field);
    }

    psp_host_services host_table_{};
    psp_instance_config config_{};
    std::string data_dir_;
};

TEST_F(CreateRefusal, NullOutInstanceIsRefusedWithAnError) {
    char *error = nullptr;
    EXPECT_EQ(api().instance_create(&host_table_, &config_, nullptr, &error),
              PSP_ERR_INVALID_ARGUMENT);
    ASSERT_NE(error, nullptr) << "the header promises a JSON error whenever out_error_json is set";
    CallResult as_call{PSP_ERR_INVALID_ARGUMENT, error};
    api().free(error);
    expect_error(as_call, PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "out_instance");
    EXPECT_FALSE(has_database(data_dir_));
}

TEST_F(CreateRefusal, NullHost) {
    expect_create_refused(nullptr, &config_, PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "host");
}

TEST_F(CreateRefusal, NullConfig) {
    expect_create_refused(&host_table_, nullptr, PSP_ERR_INVALID_ARGUMENT, "invalid_argument",
                          "config");
}

TEST_F(CreateRefusal, HostStructSizeTooSmall) {
    host_table_.struct_size = sizeof(psp_host_services) - sizeof(void *);
    expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "host.struct_size");
    host_table_.struct_size = 0;
    expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "host.struct_size");
}

TEST_F(CreateRefusal, HostAbiMajorTwo) {
    host_table_.abi_major = 2;
    expect_create_refused(PSP_ERR_UNSUPPORTED, "unsupported", "host.abi_major");
}

TEST_F(CreateRefusal, ConfigStructSizeTooSmall) {
    config_.struct_size = sizeof(psp_instance_config) - sizeof(void *);
    expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "config.struct_size");
}

TEST_F(CreateRefusal, EachNullHostFunction) {
    using Field = void (*)(psp_host_services &);
    const std::vector<std::pair<const char *, Field>> fields = {
        {"now_ms", [](psp_host_services &h) { h.now_ms = nullptr; }},
        {"log", [](psp_host_services &h) { h.log = nullptr; }},
        {"fetch", [](psp_host_services &h) { h.fetch = nullptr; }},
        {"notify", [](psp_host_services &h) { h.notify = nullptr; }},
        {"free", [](psp_host_services &h) { h.free = nullptr; }},
    };
    for (const auto &[name, clear] : fields) {
        SCOPED_TRACE(name);
        host_table_ = host_.table();
        clear(host_table_);
        expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "host");
    }
}

TEST_F(CreateRefusal, BadAgencyIds) {
    const std::string too_long(65, 'a');
    for (const char *agency : {"../x", "", too_long.c_str(), ".hidden", "a/b", "a b"}) {
        SCOPED_TRACE(agency);
        config_.agency_id = agency;
        expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "config.agency_id");
    }
    config_.agency_id = nullptr;
    expect_create_refused(PSP_ERR_INVALID_ARGUMENT, "invalid_argument", "config.agency_id");
    EXPECT_FALSE(fs::exists(dir_ / "x")) << "'../x' escaped the data folder";
}

TEST_F(CreateRefusal, SixtyFourCharacterAgencyIdIsTheLimit) {
    const std::string longest(64, 'a');
    config_.agency_id = longest.c_str();
    psp_instance *instance = nullptr;
    ASSERT_EQ(api().instance_create(&host_table_, &config_, &instance, nullptr), PSP_OK);
    EXPECT_NE(instance, nullptr);
    api().instance_destroy(instance);
}

TEST_F(CreateRefusal, MalformedConfigJson) {
    const std::vector<std::pair<const char *, const char *>> cases = {
        {"{\"policy\":", "invalid_json"},
        {"not json", "invalid_json"},
        {"{\"policy\":{}}}", "invalid_json"},
        {"{\"a\":\"\xC0\xAF\"}", "invalid_utf8"},
    };
    for (const auto &[json, code] : cases) {
        SCOPED_TRACE(json);
        config_.config_json = json;
        expect_create_refused(PSP_ERR_INVALID_REQUEST, code, kNoField);
    }
    // Well-formed, but not an object.
    config_.config_json = "[]";
    expect_create_refused(PSP_ERR_INVALID_REQUEST, "invalid_request", "/config");
}

TEST_F(CreateRefusal, UnknownConfigKey) {
    config_.config_json = R"({"polcy":{"directory":{"single_root":true}}})";
    expect_create_refused(PSP_ERR_INVALID_REQUEST, "invalid_request", "/config/polcy");
    config_.config_json = R"({"policy":{"directory":{"single_rot":true}}})";
    expect_create_refused(PSP_ERR_INVALID_REQUEST, "invalid_request",
                          "/config/policy/directory/single_rot");
}

TEST_F(CreateRefusal, NullErrorPointerIsAllowed) {
    config_.agency_id = "../x";
    psp_instance *instance = nullptr;
    EXPECT_EQ(api().instance_create(&host_table_, &config_, &instance, nullptr),
              PSP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(instance, nullptr);
}

TEST_F(Boundary, RefusedCreateLeavesAnExistingDatabaseAlone) {
    Snapshot before;
    {
        const Instance instance = seeded();
        before = snapshot(instance);
    }
    psp_host_services host = host_.table();
    psp_instance_config config{sizeof(psp_instance_config), "agency-a", dir_.c_str(),
                               R"({"storage":{"pool_size":0}})"};
    psp_instance *instance = nullptr;
    char *error = nullptr;
    EXPECT_EQ(api().instance_create(&host, &config, &instance, &error), PSP_ERR_INVALID_REQUEST);
    api().free(error);
    EXPECT_EQ(snapshot(open()), before);
}

// ---- call: pointers ------------------------------------------------------------------------

TEST_F(Boundary, CallPointerArguments) {
    const Instance instance = seeded();
    const Snapshot before = snapshot(instance);
    const Json audit_before = audit(instance);
    const std::string text = request("health", principal({"it_admin"})).dump();

    const auto raw_call = [&](psp_instance *target, const char *req, char **out, size_t *len) {
        return api().call(target, req, text.size(), out, len);
    };
    char *response = nullptr;
    size_t length = 99;

    // NULL instance, NULL request, NULL out_response_len: refused with a JSON error.
    const std::vector<std::tuple<psp_instance *, const char *, size_t *, const char *>> cases = {
        {nullptr, text.c_str(), &length, "instance"},
        {instance.handle(), nullptr, &length, "request"},
        {instance.handle(), text.c_str(), nullptr, "out_response_len"},
    };
    for (const auto &[target, req, len, field] : cases) {
        SCOPED_TRACE(field);
        response = nullptr;
        const psp_status status = raw_call(target, req, &response, len);
        ASSERT_NE(response, nullptr);
        const CallResult as_call{status, response};
        if (len != nullptr) {
            EXPECT_EQ(*len, as_call.response.size());
        }
        api().free(response);
        expect_error(as_call, PSP_ERR_INVALID_ARGUMENT, "invalid_argument", field);
    }

    // NULL out_response: PSP_ERR_INVALID_ARGUMENT and nothing written anywhere.
    length = 12345;
    EXPECT_EQ(raw_call(instance.handle(), text.c_str(), nullptr, &length),
              PSP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(length, 12345u);

    EXPECT_EQ(snapshot(instance), before);
    EXPECT_EQ(audit(instance), audit_before) << "pointer errors never reach the instance";
}

TEST_F(Boundary, NullInstanceDestroyAndFreeAreNoOps) {
    api().instance_destroy(nullptr);
    api().free(nullptr);
    EXPECT_EQ(Plugin::get().table().abi_major, PSP_ABI_VERSION_MAJOR);
}

// ---- call: JSON text -----------------------------------------------------------------------

TEST_F(Boundary, InvalidJson) {
    const Instance instance = seeded();
    for (const char *text : {"{\"method\": ", "", "nul", "{\"method\":\"health\",}", "[1,2",
                             "{\"method\":\"health\"} trailing"}) {
        SCOPED_TRACE(text);
        expect_refused(instance, text, PSP_ERR_INVALID_REQUEST, "invalid_json", kNoField, "?");
    }
}

TEST_F(Boundary, RequestIsAnObject) {
    const Instance instance = seeded();
    expect_refused(instance, "[]", PSP_ERR_INVALID_REQUEST, "invalid_request", std::nullopt, "?");
    expect_refused(instance, "42", PSP_ERR_INVALID_REQUEST, "invalid_request", std::nullopt, "?");
}

TEST_F(Boundary, InvalidUtf8) {
    const Instance instance = seeded();
    const std::vector<std::pair<const char *, std::string>> bad = {
        {"overlong slash (C0 AF)", "\xC0\xAF"},
        {"overlong slash (E0 80 AF)", "\xE0\x80\xAF"},
        {"overlong NUL (C0 80)", std::string("\xC0\x80", 2)},
        {"overlong (F0 80 80 AF)", "\xF0\x80\x80\xAF"},
        {"lone high surrogate (ED A0 80)", "\xED\xA0\x80"},
        {"lone low surrogate (ED B0 80)", "\xED\xB0\x80"},
        {"truncated 3-byte (E2 82)", "\xE2\x82"},
        {"truncated 4-byte (F0 9F 98)", "\xF0\x9F\x98"},
        {"stray continuation (80)", "\x80"},
        {"above U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80"},
        {"invalid byte (FF)", "\xFF"},
    };
    for (const auto &[name, bytes] : bad) {
        SCOPED_TRACE(name);
        const std::string text =
            R"({"method":"health","principal":{"id":"E)" + bytes + R"(","roles":["it_admin"]}})";
        expect_refused(instance, text, PSP_ERR_INVALID_REQUEST, "invalid_utf8", kNoField, "?");
    }
    // A sequence cut off by the end of the buffer: request_len ends inside it.
    const std::string cut = "{\"method\":\"health\xE2\x82\xAC";
    expect_refused(instance, cut.substr(0, cut.size() - 1), PSP_ERR_INVALID_REQUEST, "invalid_utf8",
                   kNoField, "?");
}

TEST_F(Boundary, ValidUtf8IsAccepted) {
    const Instance instance = seeded();
    const Json r = request("directory.search", hr_principal(),
                           {{"text", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"}});
    EXPECT_EQ(ok(instance, r).at("employees"), Json::array());
}

std::string nested_request(std::size_t depth) {
    // The envelope object and params are two levels; arrays make up the rest.
    const std::size_t arrays = depth - 2;
    return R"({"method":"health","principal":{"id":"E1","roles":["it_admin"]},"params":{"x":)" +
           std::string(arrays, '[') + std::string(arrays, ']') + "}}";
}

TEST_F(Boundary, NestingDeeperThan64) {
    const Instance instance = seeded();
    expect_refused(instance, nested_request(65), PSP_ERR_INVALID_REQUEST, "invalid_json", kNoField,
                   "?");
    expect_refused(instance, nested_request(100000), PSP_ERR_INVALID_REQUEST, "invalid_json",
                   kNoField, "?");
    // 64 levels pass the depth check and reach the schema, which has no "x" for health.
    expect_refused(instance, nested_request(64), PSP_ERR_INVALID_REQUEST, "invalid_request",
                   "/params/x", "health");
}

TEST_F(Boundary, SixtyFourMebibyteRequestIsTooLarge) {
    const Instance instance = seeded();
    const std::string head = R"({"method":"directory.search","principal":{"id":"E1","roles":)"
                             R"(["hr_admin"]},"params":{"text":")";
    const std::string tail = "\"}}";
    constexpr std::size_t kSize = std::size_t{64} << 20;
    std::string text = head;
    text.resize(kSize - tail.size(), 'a');
    text += tail;
    ASSERT_EQ(text.size(), kSize);
    const Json error =
        expect_refused(instance, text, PSP_ERR_INVALID_REQUEST, "too_large", kNoField, "?");
    EXPECT_NE(error.at("message").get<std::string>().find("limit"), std::string::npos);
}

// ---- call: envelope and params -------------------------------------------------------------

TEST_F(Boundary, UnknownMethod) {
    const Instance instance = seeded();
    // The caller's text is never echoed into the audit: an unknown name is audited as such.
    expect_refused(instance, request("directory.drop", hr_principal()).dump(),
                   PSP_ERR_UNKNOWN_METHOD, "unknown_method", "/method", "(unknown method)");
}

// Envelope errors are found before the method is known, so they are audited under "?".
TEST_F(Boundary, WrongTypes) {
    const Instance instance = seeded();
    Json r = request("directory.get", hr_principal(), {{"employee_id", "E1"}});
    r["principal"]["roles"] = "hr_admin";
    expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                   "/principal/roles", "?");
    r = request("directory.get", hr_principal(), {{"employee_id", "E1"}});
    r["method"] = 7;
    expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request", "/method", "?");
    r = request("health", hr_principal());
    r["params"] = Json::array();
    expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request", "/params", "?");
    expect_refused(instance, request("directory.get", hr_principal(), {{"employee_id", 1001}}),
                   PSP_ERR_INVALID_REQUEST, "invalid_request", "/params/employee_id");
    expect_refused(instance, request("directory.search", hr_principal(), {{"limit", "10"}}),
                   PSP_ERR_INVALID_REQUEST, "invalid_request", "/params/limit");
}

// The message names a missing or unknown property; the field is the object that holds it.
void expect_names(const Json &error, const std::string &property) {
    EXPECT_NE(error.at("message").get<std::string>().find("'" + property + "'"), std::string::npos)
        << error.dump();
}

TEST_F(Boundary, MissingFields) {
    const Instance instance = seeded();
    Json r = request("health", hr_principal());
    r.erase("principal");
    expect_names(expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                                std::nullopt, "?"),
                 "principal");
    r = request("health", hr_principal());
    r.erase("method");
    expect_names(expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                                std::nullopt, "?"),
                 "method");
    r = request("health", hr_principal());
    r["principal"].erase("roles");
    expect_names(expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                                "/principal", "?"),
                 "roles");
    expect_names(expect_refused(instance, request("directory.get", hr_principal()),
                                PSP_ERR_INVALID_REQUEST, "invalid_request", "/params"),
                 "employee_id");
}

TEST_F(Boundary, UnknownFields) {
    const Instance instance = seeded();
    Json r = request("health", hr_principal());
    r["sudo"] = true;
    expect_names(expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                                std::nullopt, "?"),
                 "sudo");
    r = request("health", hr_principal());
    r["principal"]["clearance"] = "top";
    expect_names(expect_refused(instance, r.dump(), PSP_ERR_INVALID_REQUEST, "invalid_request",
                                "/principal/clearance", "?"),
                 "clearance");
    expect_names(expect_refused(instance,
                                request("directory.get", hr_principal(),
                                        {{"employee_id", "E1"}, {"ssn", "1"}}),
                                PSP_ERR_INVALID_REQUEST, "invalid_request", "/params/ssn"),
                 "ssn");
    expect_names(expect_refused(instance, request("health", hr_principal(), {{"verbose", true}}),
                                PSP_ERR_INVALID_REQUEST, "invalid_request", "/params/verbose"),
                 "verbose");
}

TEST_F(Boundary, ForbiddenRoleForEveryMethod) {
    const Instance instance = seeded();
    const Json info = ok(instance, request("plugin.info", principal({"employee"})));
    const Json &all_roles = info.at("roles");
    ASSERT_EQ(all_roles.size(), 8u);
    int refusals = 0;
    for (const Json &method : info.at("methods")) {
        const std::string name = method.at("name");
        const Json &allowed = method.at("roles");
        for (const Json &role : all_roles) {
            if (std::find(allowed.begin(), allowed.end(), role) != allowed.end()) {
                continue;
            }
            SCOPED_TRACE(name + " as " + role.get<std::string>());
            const Json who = principal({role.get<std::string>()});
            const bool writes = method.at("writes").get<bool>();
            const std::string key = writes ? "forbidden-" + std::to_string(refusals) : "";
            expect_refused(instance, request(name, who, Json::object(), key), PSP_ERR_FORBIDDEN,
                           "forbidden", "/principal/roles");
            ++refusals;
        }
        // No roles at all may call nothing, not even plugin.info.
        expect_refused(instance, request(name, principal({})), PSP_ERR_FORBIDDEN, "forbidden",
                       "/principal/roles");
        // Host role names the plugin does not know grant nothing either.
        expect_refused(instance, request(name, principal({"admin", "root"})), PSP_ERR_FORBIDDEN,
                       "forbidden", "/principal/roles");
    }
    EXPECT_GE(refusals, 15) << "the catalogue should exclude many roles from directory and audit";
}

TEST_F(Boundary, WriteWithoutIdempotencyKey) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("E7", "E1"));
    expect_refused(instance, request("directory.sync", hr_principal(), sync_params(records)),
                   PSP_ERR_INVALID_REQUEST, "invalid_request", "/idempotency_key");
}

// ---- Idempotency ---------------------------------------------------------------------------

TEST_F(Boundary, SameKeySameRequestReturnsTheFirstResultAndChangesNothing) {
    const Instance instance = seeded();
    Json with_e7 = seed_chart();
    with_e7.push_back(employee("E7", "E1"));
    const Json first_request =
        request("directory.sync", hr_principal(), sync_params(with_e7), "k1");
    const CallResult first = instance.call(first_request.dump());
    ASSERT_EQ(first.status, PSP_OK) << first.response;
    EXPECT_EQ(Json::parse(first.response).at("result").at("added"), 1);

    // Take E7 out again with another key, then retry the first request.
    ok(instance, request("directory.sync", hr_principal(), sync_params(seed_chart()), "k2"));
    const Snapshot before = snapshot(instance);
    const CallResult retry = instance.call(first_request.dump());
    EXPECT_EQ(retry.status, PSP_OK);
    EXPECT_EQ(retry.response, first.response) << "a retry answers with the first result";
    EXPECT_EQ(snapshot(instance), before) << "a retry changes nothing";
    EXPECT_EQ(before.employees, 6);
}

TEST_F(Boundary, SameKeyDifferentParamsIsRefused) {
    const Instance instance = seeded();
    Json with_e7 = seed_chart();
    with_e7.push_back(employee("E7", "E1"));
    expect_refused(instance,
                   request("directory.sync", hr_principal(), sync_params(with_e7), "seed"),
                   PSP_ERR_CONFLICT, "idempotency_reused", "/idempotency_key");
}

// ---- Org charts: rejected whole, previous directory intact ---------------------------------

class OrgChart : public Boundary {
  protected:
    // Syncs `records` and expects invalid_org_chart naming exactly `offending` records.
    void expect_rejected(const Instance &instance, const Json &records,
                         const std::set<std::string> &offending) {
        const Json error = expect_refused(
            instance, request("directory.sync", hr_principal(), sync_params(records), next_key()),
            PSP_ERR_INVALID_REQUEST, "invalid_org_chart", kNoField);
        ASSERT_TRUE(error.contains("records")) << error.dump();
        EXPECT_EQ(error.at("records").get<std::set<std::string>>(), offending) << error.dump();
    }

    std::string next_key() { return "chart-" + std::to_string(++keys_); }

    int keys_ = 0;
};

TEST_F(OrgChart, ThreePersonSupervisorCycle) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("C1", "C3"));
    records.push_back(employee("C2", "C1"));
    records.push_back(employee("C3", "C2"));
    expect_rejected(instance, records, {"C1", "C2", "C3"});
}

TEST_F(OrgChart, CycleThroughAnIncrementalSync) {
    const Instance instance = seeded();
    // E1 reporting to E4 closes the loop E1 -> E4 -> E3 -> E2 -> E1.
    const Json records = Json::array({employee("E1", "E4")});
    const Json error = expect_refused(
        instance,
        request("directory.sync", hr_principal(), sync_params(records, "incremental"), next_key()),
        PSP_ERR_INVALID_REQUEST, "invalid_org_chart", kNoField);
    EXPECT_EQ(error.at("records").get<std::set<std::string>>(),
              (std::set<std::string>{"E1", "E2", "E3", "E4"}));
}

TEST_F(OrgChart, SelfSupervision) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("S1", "S1"));
    expect_rejected(instance, records, {"S1"});
}

TEST_F(OrgChart, DuplicateIds) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("E3", "E1"));
    expect_rejected(instance, records, {"E3"});
}

TEST_F(OrgChart, DanglingSupervisor) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("D1", "GHOST"));
    const Json error = expect_refused(
        instance, request("directory.sync", hr_principal(), sync_params(records), next_key()),
        PSP_ERR_INVALID_REQUEST, "invalid_org_chart", kNoField);
    ASSERT_EQ(error.at("records").size(), 1u) << error.dump();
    const std::string record = error.at("records").at(0);
    EXPECT_NE(record.find("D1"), std::string::npos) << record;
    EXPECT_NE(record.find("GHOST"), std::string::npos) << record;
}

TEST_F(OrgChart, MoreThanOneRootWithSingleRootPolicy) {
    const Instance instance = seeded(R"({"policy":{"directory":{"single_root":true}}})");
    Json records = seed_chart();
    records.push_back(employee("R2", ""));
    expect_rejected(instance, records, {"E1", "R2"});
}

TEST_F(OrgChart, MoreThanOneRootIsFineByDefault) {
    const Instance instance = seeded();
    Json records = seed_chart();
    records.push_back(employee("R2", ""));
    EXPECT_EQ(
        ok(instance, request("directory.sync", hr_principal(), sync_params(records), next_key()))
            .at("added"),
        1);
}

TEST_F(OrgChart, BadRowsAreRejectedWhole) {
    const Instance instance = seeded();
    Json records = seed_chart();
    Json no_id = employee("X", "E1");
    no_id.erase("id");
    records.push_back(no_id);
    Json bad_date = employee("P1", "E1");
    bad_date["hire_date"] = "2001-02-30";
    records.push_back(bad_date);
    // An unmapped category is kept as unknown and counted (policy.directory.mapping), not a bad
    // row.
    records.push_back(employee("P2", "E1", "pirate"));
    const Json error = expect_refused(
        instance, request("directory.sync", hr_principal(), sync_params(records), next_key()),
        PSP_ERR_INVALID_REQUEST, "invalid_request", "/params");
    ASSERT_EQ(error.at("records").size(), 2u) << error.dump();
    EXPECT_NE(error.at("records").at(0).get<std::string>().find("row 7"), std::string::npos);
    EXPECT_NE(error.at("records").at(1).get<std::string>().find("row 8"), std::string::npos);
    EXPECT_NE(error.at("records").at(1).get<std::string>().find("hire_date"), std::string::npos);
}

// ---- Isolation and concurrency -------------------------------------------------------------

TEST_F(Boundary, TwoAgenciesInOneProcessSeeOnlyTheirOwnData) {
    const Instance a = seeded();
    const Instance b = open("agency-b");  // same data folder, its own database file
    ok(b, request("directory.sync", hr_principal(),
                  sync_params(Json::array({employee("B1", ""), employee("B2", "B1")})), "seed"));

    EXPECT_EQ(snapshot(a).employees, 6);
    EXPECT_EQ(snapshot(b).employees, 2);
    EXPECT_EQ(ok(a, request("health", hr_principal())).at("agency_id"), "agency-a");
    EXPECT_EQ(ok(b, request("health", hr_principal())).at("agency_id"), "agency-b");
    for (const Json &e : snapshot(b).listing) {
        EXPECT_EQ(e.at("id").get<std::string>()[0], 'B');
    }
    expect_error(b.call(request("directory.get", hr_principal(), {{"employee_id", "E1"}}).dump()),
                 PSP_ERR_NOT_FOUND, "not_found", "/params/employee_id");
    EXPECT_EQ(ok(a, request("directory.get", hr_principal(), {{"employee_id", "E1"}}))
                  .at("employee")
                  .at("agency"),
              "agency-a");

    // A refusal in one agency is audited there only.
    const std::size_t b_audit = audit(b).size();
    expect_refused(a, request("directory.get", principal({"employee"}), {{"employee_id", "E1"}}),
                   PSP_ERR_FORBIDDEN, "forbidden", "/principal/roles");
    EXPECT_EQ(audit(b).size(), b_audit);
}

// The calls one thread makes: reads, and every fourth call a write that the next call retries.
void run_calls(const Instance &instance, int thread, int calls, std::atomic<int> &failures) {
    CallResult last_write;
    Json last_request;
    for (int i = 0; i < calls; ++i) {
        CallResult result;
        switch (i % 4) {
            case 0: {
                const std::string id = "T" + std::to_string(thread) + "-" + std::to_string(i);
                last_request = request(
                    "directory.sync", hr_principal(),
                    sync_params(Json::array({employee(id, "E1")}), "incremental"), "key-" + id);
                result = last_write = instance.call(last_request.dump());
                break;
            }
            case 1:
                result = instance.call(last_request.dump());
                if (result.response != last_write.response) {
                    ++failures;
                }
                break;
            case 2:
                result = instance.call(
                    request("directory.get", hr_principal(), {{"employee_id", "E1"}}).dump());
                break;
            default:
                result = instance.call(
                    request("directory.search", hr_principal(), {{"text", "Name"}}).dump());
        }
        if (result.status != PSP_OK) {
            ++failures;
        }
    }
}

TEST_F(Boundary, ConcurrentCallsMatchASerialRun) {
    constexpr int kThreads = 8;
    constexpr int kCalls = 200;
    const Instance concurrent = seeded();
    std::atomic<int> failures{0};
    {
        std::vector<std::jthread> threads;
        threads.reserve(kThreads);
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] { run_calls(concurrent, t, kCalls, failures); });
        }
    }
    EXPECT_EQ(failures.load(), 0) << "calls failed or retries answered differently";

    const Instance serial = open("agency-a", nullptr, dir_ / "serial");
    ok(serial, request("directory.sync", hr_principal(), sync_params(seed_chart()), "seed"));
    for (int t = 0; t < kThreads; ++t) {
        run_calls(serial, t, kCalls, failures);
    }
    EXPECT_EQ(failures.load(), 0);

    const Snapshot expected = snapshot(serial);
    EXPECT_EQ(expected.employees, 6 + kThreads * kCalls / 4);
    EXPECT_EQ(snapshot(concurrent), expected);
    EXPECT_EQ(audit(concurrent).size(), audit(serial).size()) << "one audit entry per write";
    EXPECT_EQ(ok(concurrent, request("audit.verify", auditor_principal())).at("intact"), true);
}

// A host that timed out retries with the same key, possibly while the first call is still running:
// however many copies arrive at once, the write happens once and every copy gets its answer.
TEST_F(Boundary, ConcurrentRetriesOfOneWriteHaveOneEffect) {
    constexpr int kThreads = 8;
    constexpr int kRounds = 25;
    const Instance instance = seeded();
    for (int round = 0; round < kRounds; ++round) {
        const std::string id = "R" + std::to_string(round);
        const std::string text =
            request("directory.sync", hr_principal(),
                    sync_params(Json::array({employee(id, "E1")}), "incremental"), "retry-" + id)
                .dump();
        std::vector<CallResult> results(kThreads);
        {
            std::vector<std::jthread> threads;
            threads.reserve(kThreads);
            for (int t = 0; t < kThreads; ++t) {
                threads.emplace_back([&, t] { results[t] = instance.call(text); });
            }
        }
        for (const CallResult &result : results) {
            ASSERT_EQ(result.status, PSP_OK) << result.response;
            EXPECT_EQ(result.response, results.front().response) << "round " << round;
        }
        EXPECT_EQ(Json::parse(results.front().response).at("result").at("added"), 1);
    }
    EXPECT_EQ(snapshot(instance).employees, 6 + kRounds);
    EXPECT_EQ(ok(instance, request("audit.verify", auditor_principal())).at("intact"), true);
}

}  // namespace
