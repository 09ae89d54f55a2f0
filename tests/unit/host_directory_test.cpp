// host_directory_test.cpp: pulling the directory through the host's fetch service: paging (the
// startIndex values asked for), the since cursor for incremental pulls, the cursor returned,
// manager ids resolved across pages, host failures and unusable pages as host_error, every buffer
// released, and only ever the "directory" scope.
#include "adapters/host_directory.hpp"

#include <gtest/gtest.h>

#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/host_services.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::HostDirectoryPull;
using psp::Json;
using psp_test::error_from;
using psp_test::scim_user;

class HostDirectory : public ::testing::Test {
  protected:
    void SetUp() override {
        for (int i = 0; i < 7; ++i) {
            Json user = scim_user("scim-" + std::to_string(i), "E" + std::to_string(i),
                                  "Person " + std::to_string(i));
            if (i > 0) {
                psp_test::set_scim_manager(user, {{"value", "scim-" + std::to_string(i - 1)}});
            }
            host_.directory_users.push_back(user);
        }
    }

    HostDirectoryPull pull(const std::string &since = {}, std::size_t page_size = 3) {
        const psp::HostServices services(host_.table());
        return psp::pull_host_directory(services, since, "agency-x", page_size);
    }

    psp::Error pull_error(const std::string &since = {}) {
        return error_from([&] { pull(since); });
    }

    std::vector<std::size_t> requested_starts() const {
        std::vector<std::size_t> starts;
        for (const psp_test::FetchRequest &f : host_.fetches) {
            starts.push_back(f.query.value("startIndex", std::size_t{0}));
        }
        return starts;
    }

    psp_test::TestHost host_;
};

TEST_F(HostDirectory, PagesUntilEveryoneIsFetched) {
    const HostDirectoryPull result = pull({}, 3);
    EXPECT_EQ(requested_starts(), (std::vector<std::size_t>{1, 4, 7}));
    for (const psp_test::FetchRequest &f : host_.fetches) {
        EXPECT_EQ(f.query.value("count", std::size_t{0}), 3u);
    }
    ASSERT_EQ(result.import.records.size(), host_.directory_users.size());
    EXPECT_TRUE(result.import.rejected.empty());
}

TEST_F(HostDirectory, OnePageWhenItHoldsEveryone) {
    pull({}, 1000);
    EXPECT_EQ(requested_starts(), std::vector<std::size_t>{1});
}

TEST_F(HostDirectory, ManagersOnEarlierPagesAreTranslated) {
    const HostDirectoryPull result = pull({}, 2);
    for (const psp::EmployeeRecord &e : result.import.records) {
        const int n = std::stoi(e.id.substr(1));
        EXPECT_EQ(e.supervisor_id, n == 0 ? "" : "E" + std::to_string(n - 1)) << e.id;
    }
}

TEST_F(HostDirectory, FullPullSendsNoSince) {
    pull();
    ASSERT_FALSE(host_.fetches.empty());
    for (const psp_test::FetchRequest &f : host_.fetches) {
        EXPECT_FALSE(f.query.contains("since"));
    }
}

TEST_F(HostDirectory, IncrementalPullSendsSinceOnEveryPage) {
    pull("cursor-41");
    ASSERT_EQ(host_.fetches.size(), 3u);
    for (const psp_test::FetchRequest &f : host_.fetches) {
        EXPECT_EQ(f.query.value("since", ""), "cursor-41");
    }
}

TEST_F(HostDirectory, ReturnsTheHostsCursor) {
    host_.directory_cursor = "cursor-42";
    EXPECT_EQ(pull().cursor, "cursor-42");
    host_.directory_cursor.clear();
    EXPECT_EQ(pull().cursor, "");
}

TEST_F(HostDirectory, OnlyTheDirectoryScopeIsRequested) {
    pull();
    pull("c");
    for (const psp_test::FetchRequest &f : host_.fetches) {
        EXPECT_EQ(f.scope, "directory");
    }
}

TEST_F(HostDirectory, HostErrorStatusIsHostError) {
    host_.fetch_status = PSP_ERR_FORBIDDEN;
    const psp::Error e = pull_error();
    EXPECT_EQ(e.code(), ErrorCode::host_error);
    EXPECT_NE(std::string(e.what()).find(std::to_string(PSP_ERR_FORBIDDEN)), std::string::npos);
}

TEST_F(HostDirectory, PageThatIsNotJsonIsHostError) {
    host_.page_override = [](const psp_test::FetchRequest &) { return std::string("<html>"); };
    EXPECT_EQ(pull_error().code(), ErrorCode::host_error);
    EXPECT_EQ(host_.outstanding_buffers, 0);
}

TEST_F(HostDirectory, PageWithInvalidUtf8IsHostError) {
    host_.page_override = [](const psp_test::FetchRequest &) {
        return std::string(R"({"totalResults":1,"Resources":[{"id":"\xC0\x80"}]})");
    };
    EXPECT_EQ(pull_error().code(), ErrorCode::host_error);
}

TEST_F(HostDirectory, PageWithoutTotalResultsIsHostError) {
    host_.page_override = [](const psp_test::FetchRequest &) {
        return std::string(R"({"Resources":[]})");
    };
    EXPECT_EQ(pull_error().code(), ErrorCode::host_error);
}

TEST_F(HostDirectory, NonArrayResourcesIsHostError) {
    host_.page_override = [](const psp_test::FetchRequest &) {
        return std::string(R"({"totalResults":1,"Resources":{"id":"x"}})");
    };
    EXPECT_EQ(pull_error().code(), ErrorCode::host_error);
}

TEST_F(HostDirectory, NonObjectPageIsHostError) {
    host_.page_override = [](const psp_test::FetchRequest &) { return std::string("[1,2]"); };
    EXPECT_EQ(pull_error().code(), ErrorCode::host_error);
}

TEST_F(HostDirectory, AnEmptyPageEndsThePullEvenIfMoreWereAnnounced) {
    host_.page_override = [](const psp_test::FetchRequest &f) {
        const std::size_t start = f.query.value("startIndex", std::size_t{1});
        const std::vector<Json> users = {scim_user("a", "E1", "A"), scim_user("b", "E2", "B")};
        Json page = psp_test::scim_page(start == 1 ? users : std::vector<Json>{}, 1, 10, "");
        page["totalResults"] = 50;
        return page.dump();
    };
    const HostDirectoryPull result = pull({}, 10);
    EXPECT_EQ(result.import.records.size(), 2u);
    EXPECT_EQ(requested_starts(), (std::vector<std::size_t>{1, 3}));
}

// Each page is mapped as it arrives; the answer is what one list of everyone gives: rows
// numbered across pages (rejections and warnings), a manager on a later page translated.
TEST_F(HostDirectory, PagesGiveWhatOneListOfEveryoneGives) {
    Json worker = scim_user("s-worker", "E20", "Worker");
    psp_test::set_scim_manager(worker, {{"value", "s-boss"}, {"displayName", "Boss"}});
    const Json nameless = scim_user("s-nameless", "E21", "");
    Json boss = scim_user("s-boss", "E22", "Boss");
    boss["emails"] = Json::array({{{"value", "boss@example.org"}}});
    std::vector<Json> &users = host_.directory_users;
    users.resize(3);
    users.insert(users.end(), {worker, nameless, Json("not a user"), boss});

    const HostDirectoryPull paged = pull({}, 3);
    ASSERT_EQ(requested_starts(), (std::vector<std::size_t>{1, 4, 7}));
    const psp::DirectoryImport whole = psp::import_scim_users(users, "agency-x");

    ASSERT_EQ(paged.import.rejected.size(), 2u);
    EXPECT_EQ(paged.import.rejected[0].row, 5u);
    EXPECT_NE(paged.import.rejected[0].reason.find("name: no value"), std::string::npos);
    EXPECT_EQ(paged.import.rejected[1].row, 6u);
    EXPECT_EQ(paged.import.rejected[1].reason, "a SCIM resource must be a JSON object");
    std::vector<std::size_t> warned_rows;
    for (const psp::ImportWarning &w : paged.import.warnings) {
        if (w.field == "category") {
            warned_rows.push_back(w.row);
        }
    }
    EXPECT_EQ(warned_rows, (std::vector<std::size_t>{1, 2, 3, 4, 7}));
    ASSERT_EQ(paged.import.records.size(), 5u);
    EXPECT_EQ(paged.import.records[3].id, "E20");
    EXPECT_EQ(paged.import.records[3].supervisor_id, "E22");
    EXPECT_TRUE(paged.import.dropped_fields.contains("emails"));

    EXPECT_EQ(paged.import.records, whole.records);
    EXPECT_EQ(paged.import.dropped_fields, whole.dropped_fields);
    ASSERT_EQ(paged.import.rejected.size(), whole.rejected.size());
    for (std::size_t i = 0; i < whole.rejected.size(); ++i) {
        EXPECT_EQ(paged.import.rejected[i].row, whole.rejected[i].row);
        EXPECT_EQ(paged.import.rejected[i].reason, whole.rejected[i].reason);
    }
    ASSERT_EQ(paged.import.warnings.size(), whole.warnings.size());
    for (std::size_t i = 0; i < whole.warnings.size(); ++i) {
        EXPECT_EQ(paged.import.warnings[i].row, whole.warnings[i].row);
        EXPECT_EQ(paged.import.warnings[i].message, whole.warnings[i].message);
    }
    // Everyone with a SCIM id, in order, the non-object row aside.
    ASSERT_EQ(paged.identities.size(), 6u);
    EXPECT_EQ(paged.identities[3], (std::pair<std::string, std::string>{"s-worker", "E20"}));
    EXPECT_EQ(paged.identities[5], (std::pair<std::string, std::string>{"s-boss", "E22"}));
}

TEST_F(HostDirectory, EveryHostBufferIsReleased) {
    pull({}, 2);
    EXPECT_GT(host_.fetches.size(), 1u);
    EXPECT_EQ(host_.outstanding_buffers, 0);
}

TEST(HostServices, RefusesToFetchAnyScopeButDirectory) {
    psp_test::TestHost host;
    const psp::HostServices services(host.table());
    for (const char *scope : {"discipline", "internal_affairs", "complaints", "investigations",
                              "grievances", "Directory", ""}) {
        EXPECT_EQ(error_from([&] { services.fetch(scope, "{}"); }).code(), ErrorCode::internal)
            << scope;
    }
    EXPECT_TRUE(host.fetches.empty()) << "the host was asked for " << host.fetches[0].scope;
}

TEST(HostServices, ChecksTheTable) {
    psp_test::TestHost host;
    EXPECT_EQ(error_from([] { psp::HostServices s(nullptr); }).code(), ErrorCode::invalid_argument);
    psp_host_services small = *host.table();
    small.struct_size = sizeof(psp_host_services) - 1;
    EXPECT_EQ(error_from([&] { psp::HostServices s(&small); }).field(), "host.struct_size");
    psp_host_services other_major = *host.table();
    other_major.abi_major = PSP_ABI_VERSION_MAJOR + 1;
    EXPECT_EQ(error_from([&] { psp::HostServices s(&other_major); }).code(),
              ErrorCode::unsupported);
    psp_host_services no_clock = *host.table();
    no_clock.now_ms = nullptr;
    EXPECT_EQ(error_from([&] { psp::HostServices s(&no_clock); }).code(),
              ErrorCode::invalid_argument);
}

TEST(HostServices, ANewerHostsLargerTableIsAccepted) {
    psp_test::TestHost host;
    struct NewerTable {
        psp_host_services v1;
        void *appended_field;
    } newer{*host.table(), nullptr};
    newer.v1.struct_size = sizeof(NewerTable);
    host.now_ms = 1234;
    const psp::HostServices services(&newer.v1);
    EXPECT_EQ(services.now_ms(), 1234);
}

}  // namespace
