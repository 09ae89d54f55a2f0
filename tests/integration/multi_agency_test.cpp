// multi_agency_test.cpp: two agencies, two instances of the one loaded library in one process,
// each with its own host, HR database and data folder: nothing one does shows in the other, also
// when both are called from their own threads at once.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "integration_fixtures.hpp"

namespace psp::host_sim::integration {
namespace {

TEST(TwoAgencies, InstancesInOneProcessAreIndependent) {
    const auto north = pull_agency(101, 240);
    const auto south = pull_agency(202, 90);
    ASSERT_TRUE(north->full_sync.ok()) << north->full_sync.response.dump();
    ASSERT_TRUE(south->full_sync.ok()) << south->full_sync.response.dump();
    EXPECT_EQ(&north->session->plugin(), &south->session->plugin()) << "one library, two instances";
    EXPECT_NE(north->plugin_data_dir(), south->plugin_data_dir());

    const CallOutcome north_health = call_as_hr(*north->session, "health");
    const CallOutcome south_health = call_as_hr(*south->session, "health");
    EXPECT_EQ(north_health.result().at("employees"), 240);
    EXPECT_EQ(south_health.result().at("employees"), 90);
    EXPECT_NE(north_health.result().at("agency_id"), south_health.result().at("agency_id"));

    // The same employee number names different people in the two agencies.
    const Json north_chief =
        call_as_hr(*north->session, "directory.get", {{"employee_id", "E000001"}}).result();
    const Json south_chief =
        call_as_hr(*south->session, "directory.get", {{"employee_id", "E000001"}}).result();
    EXPECT_EQ(north_chief["employee"]["agency"], north->created.state.agency_id);
    EXPECT_EQ(south_chief["employee"]["agency"], south->created.state.agency_id);
}

TEST(TwoAgencies, ChangesAndKeysStayInTheirAgency) {
    const auto north = pull_agency(303, 120);
    const auto south = pull_agency(404, 150);
    const HostEmployee &leaver = *employees_without_reports(north->created.agency).front();
    north->session->host().with_hr_database(
        [&](HrDatabase &hr) { hr.deactivate(leaver.employee_number); });

    const Json incremental = {{"mode", "incremental"}, {"source", "host"}};
    const CallOutcome north_sync =
        call_as_hr(*north->session, "directory.sync", incremental, "same-key");
    const CallOutcome south_sync =
        call_as_hr(*south->session, "directory.sync", incremental, "same-key");
    ASSERT_TRUE(north_sync.ok()) << north_sync.response.dump();
    ASSERT_TRUE(south_sync.ok()) << "an idempotency key in one agency means nothing in another";
    EXPECT_EQ(north_sync.result().at("updated"), 1);
    EXPECT_EQ(south_sync.result().at("updated"), 0);
    const Json in_south =
        call_as_hr(*south->session, "directory.get", {{"employee_id", leaver.employee_number}})
            .result();
    EXPECT_TRUE(in_south["employee"]["active"].get<bool>());
}

TEST(TwoAgencies, ConcurrentCallsOnBothInstances) {
    const auto north = pull_agency(505, 200);
    const auto south = pull_agency(606, 100);
    const auto hammer = [](const PulledAgency &agency, std::size_t expected,
                           std::atomic<int> &failures) {
        for (int i = 0; i < 40; ++i) {
            const CallOutcome health = call_as_hr(*agency.session, "health");
            const CallOutcome page =
                call_as_hr(*agency.session, "directory.search", {{"limit", 20}});
            if (!health.ok() || health.result().at("employees") != expected || !page.ok()) {
                ++failures;
            }
        }
    };
    std::atomic<int> north_failures = 0;
    std::atomic<int> south_failures = 0;
    std::thread a([&] { hammer(*north, 200, north_failures); });
    std::thread b([&] { hammer(*south, 100, south_failures); });
    std::thread c([&] { hammer(*north, 200, north_failures); });
    a.join();
    b.join();
    c.join();
    EXPECT_EQ(south_failures, 0);
    EXPECT_EQ(north_failures, 0);
}

}  // namespace
}  // namespace psp::host_sim::integration
