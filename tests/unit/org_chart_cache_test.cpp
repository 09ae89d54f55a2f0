// org_chart_cache_test.cpp: the instance's org chart index follows the directory: installed from
// memory after a sync in this process, reused while nothing changes, rebuilt when another host
// process (a second PluginInstance on the same SQLite file) syncs or changes acting supervisors,
// and rebuilt when an acting assignment's last day has passed. Many threads share one instance.
#include "plugin/storage/org_chart_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp::OrgChartIndex;
using psp_test::one_role;

Json person(const std::string &id, const std::string &supervisor = {}) {
    Json p = {{"id", id}, {"name", "Name " + id}, {"category", "sworn"}};
    if (!supervisor.empty()) {
        p["supervisor_id"] = supervisor;
    }
    return p;
}

Json full_sync(const Json &records) {
    return {{"mode", "full"}, {"source", "records"}, {"records", records}};
}

bool over(const OrgChartIndex &index, const char *upper, const char *lower) {
    return index.supervises(index.find(upper), index.find(lower));
}

// A second instance on the first one's SQLite file, as another host process would open it.
std::unique_ptr<psp::PluginInstance> second_process(psp_test::TestInstance &first,
                                                    psp_test::TestHost &host) {
    return first.open_again(host);
}

Json call(psp::PluginInstance &instance, const std::string &method, const Json &params,
          const std::string &key) {
    return instance.call(
        psp::to_json_text({{"method", method},
                           {"principal", {{"id", "P1"}, {"roles", one_role().hr_admin}}},
                           {"params", params},
                           {"idempotency_key", key}}));
}

TEST(OrgChartCache, ASyncInstallsTheNewChartWithoutARebuild) {
    psp_test::TestInstance t;
    EXPECT_EQ(t.instance->org_chart()->size(), 0u);
    t.call("directory.sync", one_role().hr_admin,
           full_sync({person("CHIEF"), person("A", "CHIEF")}), "k1");
    // Installed by the sync itself, at the revision it committed.
    EXPECT_EQ(t.instance->org_chart_cache().cached_revision(),
              t.count("SELECT revision FROM directory_state"));
    const auto first = t.instance->org_chart();
    EXPECT_EQ(first->size(), 2u);
    EXPECT_TRUE(over(*first, "CHIEF", "A"));
    EXPECT_EQ(t.instance->org_chart(), first) << "nothing changed: the same index";

    t.call("directory.sync", one_role().hr_admin,
           full_sync({person("CHIEF"), person("A", "CHIEF"), person("B", "A")}), "k2");
    const auto second = t.instance->org_chart();
    EXPECT_NE(second, first);
    EXPECT_TRUE(over(*second, "CHIEF", "B"));
    EXPECT_EQ(first->size(), 2u) << "an index a thread still holds never changes";
}

TEST(OrgChartCache, EverySyncBumpsTheStoredRevisionAReplayDoesNot) {
    psp_test::TestInstance t;
    EXPECT_EQ(t.count("SELECT COUNT(*) FROM directory_state"), 0);
    const Json records = Json::array({person("CHIEF")});
    t.call("directory.sync", one_role().hr_admin, full_sync(records), "k1");
    EXPECT_EQ(t.count("SELECT revision FROM directory_state"), 1);
    t.call("directory.sync", one_role().hr_admin, full_sync(records), "k1");
    EXPECT_EQ(t.count("SELECT revision FROM directory_state"), 1);
    t.call("directory.sync", one_role().hr_admin, full_sync(records), "k2");
    EXPECT_EQ(t.count("SELECT revision FROM directory_state"), 2);
}

TEST(OrgChartCache, AnotherProcessSyncingMakesTheNextCallRebuild) {
    psp_test::TestInstance t;
    t.call("directory.sync", one_role().hr_admin,
           full_sync({person("CHIEF"), person("A", "CHIEF")}), "k1");
    const auto before = t.instance->org_chart();
    EXPECT_FALSE(over(*before, "A", "NEW"));

    psp_test::TestHost other_host;
    auto other = second_process(t, other_host);
    call(*other, "directory.sync",
         full_sync({person("CHIEF"), person("A", "CHIEF"), person("NEW", "A")}), "other-1");

    const auto after = t.instance->org_chart();
    EXPECT_NE(after, before);
    EXPECT_TRUE(over(*after, "A", "NEW"));
    EXPECT_EQ(t.instance->org_chart_cache().cached_revision(), 2);
    EXPECT_EQ(t.instance->org_chart(), after);
}

TEST(OrgChartCache, ActingSupervisorsSetElsewhereReachTheIndex) {
    psp_test::TestInstance t;
    t.call("directory.sync", one_role().hr_admin,
           full_sync({person("CHIEF"), person("A", "CHIEF"), person("B", "CHIEF")}), "k1");
    EXPECT_FALSE(over(*t.instance->org_chart(), "A", "B"));
    psp_test::TestHost other_host;
    auto other = second_process(t, other_host);
    call(*other, "directory.set_acting",
         {{"mode", "add"},
          {"assignments",
           {{{"employee_id", "B"}, {"supervisor_id", "A"}, {"until", "2023-11-20"}}}}},
         "other-1");
    EXPECT_TRUE(over(*t.instance->org_chart(), "A", "B"));

    // The assignment's last day is the 20th: on the 21st (agency calendar) it no longer counts.
    t.host.now_ms += 7 * 86'400'000LL;
    EXPECT_FALSE(over(*t.instance->org_chart(), "A", "B"));
}

TEST(OrgChartCache, ASyncKeepsStoredActingSupervisorsInTheInstalledIndex) {
    psp_test::TestInstance t;
    const Json chart = {person("CHIEF"), person("A", "CHIEF"), person("B", "CHIEF")};
    t.call("directory.sync", one_role().hr_admin, full_sync(chart), "k1");
    t.call("directory.set_acting", one_role().hr_admin,
           {{"mode", "replace"},
            {"assignments",
             {{{"employee_id", "B"}, {"supervisor_id", "A"}, {"until", "2024-01-01"}}}}},
           "k2");
    t.call("directory.sync", one_role().hr_admin, full_sync(chart), "k3");
    EXPECT_EQ(t.instance->org_chart_cache().cached_revision(), 3);
    EXPECT_TRUE(over(*t.instance->org_chart(), "A", "B"));
}

TEST(OrgChartCache, ManyThreadsShareOneIndex) {
    psp_test::TestInstance t;
    t.call("directory.sync", one_role().hr_admin,
           full_sync({person("CHIEF"), person("A", "CHIEF")}), "k1");
    psp_test::TestHost other_host;
    auto other = second_process(t, other_host);
    call(*other, "directory.sync", full_sync({person("CHIEF"), person("B", "CHIEF")}), "o1");
    std::vector<std::shared_ptr<const OrgChartIndex>> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&, i] { seen[i] = t.instance->org_chart(); });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    for (const auto &index : seen) {
        EXPECT_EQ(index, seen.front()) << "one rebuild, shared";
        EXPECT_TRUE(over(*index, "CHIEF", "B"));
    }
}

TEST(OrgChartCache, ActingInForceKeepsAssignmentsThroughTheirLastDay) {
    const psp::CivilDate today = *psp::parse_iso_date("2024-03-10");
    const auto kept = psp::acting_in_force(
        {{"A", "X", "2024-03-09"}, {"B", "X", "2024-03-10"}, {"C", "X", "2025-01-01"}}, today);
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(kept[0].employee_id, "B");
    EXPECT_EQ(kept[1].employee_id, "C");
}

}  // namespace
