// data_on_disk_test.cpp: what an intruder with a copy of the data folder finds (issue 20, item 5):
// after a purge, no purged identity in the database, its -wal or its -shm, scanned byte by byte
// while the instance is still open (as a file-level backup would copy them); and the folder and
// files private to the host's account whatever umask the host runs with.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kDay = 24 * 3'600'000LL;

std::string file_bytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t occurrences(const std::string &bytes, const std::string &needle) {
    std::size_t n = 0;
    for (std::size_t at = bytes.find(needle); at != std::string::npos;
         at = bytes.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

// What a backup of the folder taken right now would hold.
std::string folder_bytes(const std::string &db) {
    return file_bytes(db) + file_bytes(db + "-wal") + file_bytes(db + "-shm");
}

unsigned mode_of(const std::filesystem::path &path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

// Two colleagues with the same place in the chart, INVOLVED-7731 and INVOLVED-7732 (distinctive
// ids, so every byte of them is countable); only the first is involved: assigned a PSP, declines
// one, is checked in. The incident closes, the retention passes and maintenance.run purges.
// Scanned at once, the instance still open, the file, the write-ahead log and the shared-memory
// index hold the first exactly as often as the second: their directory rows, nothing more.
TEST(DataOnDisk, PurgedIdentityIsInNoFileRightAfterMaintenanceWhileOpen) {
    PSP_SQLITE_FILE_TEST();
    ProgramAgency p(R"({"policy": {"activation": {"retention_days": 30}}})");
    const std::string who = "INVOLVED-7731", twin = "INVOLVED-7732";
    const auto person = [](const std::string &id) {
        return Json{{"id", id},
                    {"name", "Name " + id},
                    {"category", "sworn"},
                    {"supervisor_id", "SGT1"},
                    {"division", "Patrol"},
                    {"shift", "Day"}};
    };
    p.as(
        "IT", one_role().it_admin, "directory.sync",
        {{"mode", "incremental"}, {"source", "records"}, {"records", {person(who), person(twin)}}});
    p.make_active("O1");
    p.make_active("O4");
    const int64_t id =
        p.as("COORD", one_role().coordinator, "incident.open",
             {{"date", "2023-11-10"}, {"category", "post_critical_incident"}, {"involved", {who}}})
            .at("incident")
            .at("incident_id");
    const auto assign = [&](const std::string &psp) {
        p.as("COORD", one_role().coordinator, "activation.assign",
             {{"incident_id", id}, {"employee_id", who}, {"psp_id", psp}});
    };
    assign("O4");
    p.as(who, one_role().employee, "activation.decline", {{"incident_id", id}});
    assign("O1");
    p.as("O1", one_role().peer_supporter, "activation.check_in",
         {{"incident_id", id}, {"employee_id", who}});
    p.as("COORD", one_role().coordinator, "incident.close", {{"incident_id", id}});
    const std::string db = p.t.database_path();
    ASSERT_GT(occurrences(folder_bytes(db), who), occurrences(folder_bytes(db), twin));
    p.t.host.now_ms += 31 * kDay;
    EXPECT_EQ(
        p.as("IT", one_role().it_admin, "maintenance.run").at("tasks").at("activations_purged"), 1);
    const std::string bytes = folder_bytes(db);
    EXPECT_GT(occurrences(bytes, twin), 0u);
    EXPECT_EQ(occurrences(bytes, who), occurrences(bytes, twin))
        << "the purged involvement is still on disk (file, -wal or -shm)";
    EXPECT_EQ(file_bytes(db + "-wal").size(), 0u) << "the write-ahead log was not checkpointed";
}

// A host running with umask 000 (or 002, common for service accounts) must not leave the
// agency's database world-readable: folder 0700, database, -wal and -shm 0600.
TEST(DataOnDisk, FolderAndFilesArePrivateWhateverTheUmask) {
    PSP_SQLITE_FILE_TEST();
    psp_test::TempDir parent("psp-umask");
    const std::filesystem::path folder = parent.path() / "plugin-data" / "agency";
    const mode_t previous = ::umask(0);
    psp_test::TestHost host;
    psp_instance_config config{};
    config.struct_size = sizeof(psp_instance_config);
    config.agency_id = "umask-test";
    const std::string data_dir = folder.string();
    config.data_dir = data_dir.c_str();
    {
        psp::PluginInstance instance(host.table(), config);
        instance.call(
            R"({"method":"directory.sync","principal":{"id":"IT","roles":["it_admin"]},)"
            R"("idempotency_key":"k1","params":{"mode":"full","source":"records","records":)"
            R"([{"id":"A","name":"A","category":"sworn"}]}})");
        const std::filesystem::path db = folder / "psp-umask-test.sqlite3";
        EXPECT_EQ(mode_of(folder), 0700u);
        EXPECT_EQ(mode_of(db), 0600u);
        EXPECT_EQ(mode_of(db.string() + "-wal"), 0600u);
        EXPECT_EQ(mode_of(db.string() + "-shm"), 0600u);
    }
    // A folder and file an earlier release left open are narrowed when the instance opens.
    ::chmod(folder.c_str(), 0755);
    ::chmod((folder / "psp-umask-test.sqlite3").c_str(), 0644);
    {
        psp::PluginInstance instance(host.table(), config);
        EXPECT_EQ(mode_of(folder), 0700u);
        EXPECT_EQ(mode_of(folder / "psp-umask-test.sqlite3"), 0600u);
    }
    ::umask(previous);
}

}  // namespace
