// versioned_struct_test.cpp: the struct_size rule of psp_plugin.h, as psp::abi::read_versioned
// implements it for the plugin (host services, instance configuration) and for C++ hosts (the
// function table), tried with every struct against a simulated next minor that appends a field.
//
// The plugin and every C++ host read with this one template, so instantiating it for today's
// types and for the simulated 1.1 types shows both directions: a 1.1 reader given what a 1.0
// writer filled in, and a 1.0 reader given what a 1.1 writer filled in. The c99_host tests show
// the same through dlopen, against this build and the 0.1.0 release.
#include <array>
#include <cstddef>
#include <cstring>
#include <optional>

#include <gtest/gtest.h>

#include "psp_plugin.hpp"

namespace {

using psp::abi::read_versioned;

// Each struct as a 1.1 header would define it: today's fields, then one appended field.
struct HostServices1_1 {
    uint32_t struct_size;
    uint32_t abi_major;
    void *host_data;
    int64_t(PSP_ABI *now_ms)(void *host_data);
    void(PSP_ABI *log)(void *host_data, int32_t level, const char *message);
    psp_status(PSP_ABI *fetch)(void *, const char *, const char *, char **, size_t *);
    psp_status(PSP_ABI *notify)(void *host_data, const char *notification_json);
    void(PSP_ABI *free)(void *host_data, void *ptr);
    int64_t(PSP_ABI *monotonic_ns)(void *host_data);  // appended in 1.1
};
struct PluginApi1_1 {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    const char *plugin_version;
    psp_status(PSP_ABI *instance_create)(const psp_host_services *, const psp_instance_config *,
                                         psp_instance **, char **);
    void(PSP_ABI *instance_destroy)(psp_instance *instance);
    psp_status(PSP_ABI *call)(psp_instance *, const char *, size_t, char **, size_t *);
    void(PSP_ABI *free)(void *ptr);
    psp_status(PSP_ABI *describe)(psp_instance *instance, char **out_json);  // appended in 1.1
};
static_assert(offsetof(HostServices1_1, free) == offsetof(psp_host_services, free));
static_assert(offsetof(PluginApi1_1, free) == offsetof(psp_plugin_api, free));

int64_t PSP_ABI clock_42(void *) {
    return 42;
}
int64_t PSP_ABI monotonic_clock(void *) {
    return 7;
}
psp_status PSP_ABI describe(psp_instance *, char **) {
    return PSP_OK;
}

// A 1.0 writer's struct inside a larger buffer whose remaining bytes are not zero, so a reader
// that copied past struct_size would pick them up.
template <class V1_0>
struct WrittenBy1_0 {
    explicit WrittenBy1_0(const V1_0 &fields) {
        bytes.fill(0xAB);
        std::memcpy(bytes.data(), &fields, sizeof fields);
    }
    template <class Reader>
    const Reader *as() const {
        return reinterpret_cast<const Reader *>(bytes.data());
    }
    alignas(std::max_align_t) std::array<unsigned char, 256> bytes{};
};

TEST(VersionedStruct, FrozenSizesEndAtTheLastFieldOfVersion1_0) {
    EXPECT_EQ(PSP_HOST_SERVICES_SIZE_1_0, offsetof(psp_host_services, free) + sizeof(void *));
    EXPECT_EQ(PSP_INSTANCE_CONFIG_SIZE_1_0,
              offsetof(psp_instance_config, config_json) + sizeof(const char *));
    EXPECT_EQ(PSP_PLUGIN_API_SIZE_1_0, offsetof(psp_plugin_api, free) + sizeof(void *));
    // The next minor is larger: comparing struct_size with sizeof would refuse today's peers.
    EXPECT_GT(sizeof(HostServices1_1), PSP_HOST_SERVICES_SIZE_1_0);
    EXPECT_GT(sizeof(PluginApi1_1), PSP_PLUGIN_API_SIZE_1_0);
}

TEST(VersionedStruct, A1_1PluginReadsA1_0HostsServicesWithTheAppendedServiceAbsent) {
    psp_host_services host{};
    host.struct_size = PSP_HOST_SERVICES_SIZE_1_0;
    host.abi_major = PSP_ABI_VERSION_MAJOR;
    host.now_ms = &clock_42;
    const WrittenBy1_0 written(host);
    const std::optional<HostServices1_1> read =
        read_versioned(written.as<HostServices1_1>(), PSP_HOST_SERVICES_SIZE_1_0);
    ASSERT_TRUE(read.has_value()) << "a 1.1 reader must accept a 1.0 writer";
    EXPECT_EQ(read->now_ms(nullptr), 42);
    EXPECT_EQ(read->monotonic_ns, nullptr) << "a field the 1.0 writer never declared is absent";
}

TEST(VersionedStruct, A1_0PluginReadsA1_1HostsServicesAndIgnoresTheAppendedOne) {
    HostServices1_1 next{};
    next.struct_size = sizeof next;
    next.abi_major = PSP_ABI_VERSION_MAJOR;
    next.now_ms = &clock_42;
    next.monotonic_ns = &monotonic_clock;
    const std::optional<psp_host_services> read = read_versioned(
        reinterpret_cast<const psp_host_services *>(&next), PSP_HOST_SERVICES_SIZE_1_0);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->now_ms(nullptr), 42);
    EXPECT_EQ(read->struct_size, sizeof next) << "the writer's declared size is kept";
}

TEST(VersionedStruct, A1_1HostReadsA1_0PluginsTableWithTheNewFunctionAbsent) {
    psp_plugin_api table{};
    table.struct_size = PSP_PLUGIN_API_SIZE_1_0;
    table.abi_major = PSP_ABI_VERSION_MAJOR;
    table.plugin_version = "0.1.0";
    const WrittenBy1_0 written(table);
    const std::optional<PluginApi1_1> read =
        read_versioned(written.as<PluginApi1_1>(), PSP_PLUGIN_API_SIZE_1_0);
    ASSERT_TRUE(read.has_value());
    EXPECT_STREQ(read->plugin_version, "0.1.0");
    EXPECT_EQ(read->describe, nullptr);
}

TEST(VersionedStruct, A1_0HostReadsA1_1PluginsTable) {
    PluginApi1_1 next{};
    next.struct_size = sizeof next;
    next.abi_major = PSP_ABI_VERSION_MAJOR;
    next.plugin_version = "1.1.0";
    next.describe = &describe;
    const std::optional<psp_plugin_api> read =
        read_versioned(reinterpret_cast<const psp_plugin_api *>(&next), PSP_PLUGIN_API_SIZE_1_0);
    ASSERT_TRUE(read.has_value());
    EXPECT_STREQ(read->plugin_version, "1.1.0");
}

TEST(VersionedStruct, AConfigOfExactly1_0SizeOrLargerIsAcceptedAndBelowIsRefused) {
    psp_instance_config config{};
    config.agency_id = "north";
    config.struct_size = PSP_INSTANCE_CONFIG_SIZE_1_0;
    EXPECT_STREQ(read_versioned(&config, PSP_INSTANCE_CONFIG_SIZE_1_0)->agency_id, "north");
    for (const std::size_t size :
         {std::size_t{0}, std::size_t{4}, PSP_INSTANCE_CONFIG_SIZE_1_0 - 1}) {
        config.struct_size = static_cast<uint32_t>(size);
        EXPECT_FALSE(read_versioned(&config, PSP_INSTANCE_CONFIG_SIZE_1_0).has_value()) << size;
    }
    const psp_host_services *none = nullptr;
    EXPECT_FALSE(read_versioned(none, PSP_HOST_SERVICES_SIZE_1_0).has_value());
}

}  // namespace
