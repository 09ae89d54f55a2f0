// concurrent_transitions_test.cpp: many host threads calling one plugin instance at once, on
// the program's state transitions. Run in every build, on both databases, and under
// ThreadSanitizer (the tsan preset builds this executable and the boundary suite only).
//   - threads racing the same transition: exactly one wins, every other gets `conflict`;
//   - threads each cycling their own PSP: the end state equals a serial run's.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "program_fixture.hpp"

namespace {

using psp::Json;

// One call straight into the instance, as a host thread makes it; the error code, or "" on success.
std::string call(psp::PluginInstance &instance, const std::string &who,
                 const std::vector<std::string> &roles, const std::string &method,
                 const Json &params, const std::string &key) {
    const Json request = {{"method", method},
                          {"principal", {{"id", who}, {"roles", roles}}},
                          {"params", params},
                          {"idempotency_key", key}};
    try {
        instance.call(psp::to_json_text(request));
        return "";
    } catch (const psp::Error &e) {
        return std::string(psp::error_code_name(e.code()));
    }
}

// Runs `body(thread)` on `threads` threads started together.
template <class Body>
void together(int threads, Body body) {
    std::atomic<int> ready{0};
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            ++ready;
            while (ready.load() < threads) {
                std::this_thread::yield();
            }
            body(t);
        });
    }
}

TEST(ConcurrentTransitions, ThreadsRacingOneTransitionHaveExactlyOneWinner) {
    constexpr int kThreads = 6;
    constexpr int kRounds = 12;
    psp_test::ProgramAgency p;
    p.make_active("O1");
    const std::vector<std::string> coordinator = {"coordinator"};
    const std::vector<std::string> psp = {"peer_supporter"};
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::string> outcomes(kThreads);
        together(kThreads, [&](int t) {
            const std::string key = "r" + std::to_string(round) + "-t" + std::to_string(t);
            switch (round % 4) {
                case 0:
                    outcomes[t] =
                        call(*p.t.instance, "O1", psp, "leave.start", Json::object(), key);
                    break;
                case 1:
                    outcomes[t] = call(*p.t.instance, "O1", psp, "leave.end", Json::object(), key);
                    break;
                case 2:
                    outcomes[t] = call(*p.t.instance, "COORD", coordinator, "review.open",
                                       {{"employee_id", "O1"}, {"grounds", "other"}}, key);
                    break;
                default:
                    outcomes[t] = call(*p.t.instance, "COORD", coordinator, "review.decide",
                                       {{"employee_id", "O1"},
                                        {"outcome", "retained"},
                                        {"decided_on", "2023-11-14"}},
                                       key);
            }
        });
        int won = 0;
        for (const std::string &outcome : outcomes) {
            if (outcome.empty()) {
                ++won;
            } else {
                EXPECT_EQ(outcome, "conflict") << "round " << round;
            }
        }
        EXPECT_EQ(won, 1) << "round " << round;
    }
    EXPECT_EQ(p.status("O1"), "active");
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM leaves"), kRounds / 4);
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM reviews"), kRounds / 4);
    EXPECT_EQ(p.as("AUD", {"auditor"}, "audit.verify").at("intact"), true);
}

TEST(ConcurrentTransitions, ThreadsOnTheirOwnPspsEndAsASerialRunWould) {
    const std::vector<std::string> ids = {"O1", "O2", "O3", "O4"};
    constexpr int kCycles = 10;
    psp_test::ProgramAgency p;
    for (const std::string &id : ids) {
        p.make_active(id);
    }
    const long long rows_before = p.t.count("SELECT COUNT(*) FROM leaves");
    std::atomic<int> failures{0};
    together(static_cast<int>(ids.size()), [&](int t) {
        const std::string &id = ids[t];
        for (int i = 0; i < 2 * kCycles + 1; ++i) {
            const char *method = i % 2 == 0 ? "leave.start" : "leave.end";
            const std::string key = id + "-" + std::to_string(i);
            if (!call(*p.t.instance, id, {"peer_supporter"}, method, Json::object(), key).empty()) {
                ++failures;
            }
        }
    });
    EXPECT_EQ(failures.load(), 0);
    for (const std::string &id : ids) {
        EXPECT_EQ(p.status(id), "on_leave") << id;
    }
    EXPECT_EQ(p.t.count("SELECT COUNT(*) FROM leaves") - rows_before,
              static_cast<long long>(ids.size()) * (kCycles + 1));
    EXPECT_EQ(p.as("AUD", {"auditor"}, "audit.verify").at("intact"), true);
}

}  // namespace
