// audit_file_tamper_test.cpp: tampering below the plugin. With the instance closed and the WAL
// checkpointed into the main file, one byte of one audit entry (a principal, a method name) is
// changed in the SQLite file's bytes; audit.verify, asked through the plugin as the auditor,
// reports the log broken at that entry. (Edits, removals and reorders through SQL are covered in
// audit_log_test.cpp.)
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <fstream>
#include <iterator>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;

std::string read_bytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string &path, const std::string &bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

class AuditFileTamper : public ::testing::Test {
  protected:
    // A few audited calls: refusals from distinctive principals and an unknown method.
    void SetUp() override {
        PSP_SQLITE_FILE_TEST();
        for (const char *principal : {"PRINCIPAL-ALPHA", "PRINCIPAL-BRAVO", "PRINCIPAL-CHARLIE"}) {
            refuse("audit.read", principal);
        }
        refuse("statistics.unheard_of_method", "P1");
        refuse("health", "PRINCIPAL-DELTA");
    }

    void refuse(const std::string &method, const std::string &principal) {
        (void)psp_test::error_from(
            [&] { t_.call(method, {"employee"}, Json::object(), {}, principal); });
    }

    int64_t seq_of(const std::string &column, const std::string &value) {
        for (const Json &row : t_.audit_rows()) {
            if (row[column] == value) {
                return row["seq"].get<int64_t>();
            }
        }
        ADD_FAILURE() << "no audit row with " << column << " = " << value;
        return -1;
    }

    // Closes the plugin, moves the WAL into the main file, and changes `from`, which must occur
    // exactly once in the file, to `to` (same length, one byte different).
    void edit_file(const std::string &from, const std::string &to) {
        ASSERT_EQ(from.size(), to.size());
        t_.instance.reset();
        {
            soci::session sql("sqlite3", "db=" + t_.database_path());
            sql << "PRAGMA wal_checkpoint(TRUNCATE)";
        }
        std::string bytes = read_bytes(t_.database_path());
        const std::size_t at = bytes.find(from);
        ASSERT_NE(at, std::string::npos) << from << " is not in the file";
        ASSERT_EQ(bytes.find(from, at + 1), std::string::npos) << from << " occurs twice";
        bytes.replace(at, from.size(), to);
        write_bytes(t_.database_path(), bytes);
        reopen();
    }

    void reopen() {
        psp_instance_config config{sizeof(psp_instance_config), t_.agency_id.c_str(), nullptr,
                                   nullptr};
        const std::string data_dir = t_.dir.path().string();
        config.data_dir = data_dir.c_str();
        t_.instance = std::make_unique<psp::PluginInstance>(t_.host.table(), config);
    }

    Json verify() { return t_.call("audit.verify", {"auditor"}); }

    psp_test::TestInstance t_;
};

TEST_F(AuditFileTamper, UntouchedFileVerifies) {
    t_.instance.reset();
    reopen();
    const Json v = verify();
    EXPECT_TRUE(v["intact"].get<bool>()) << v;
    EXPECT_GE(v["entries_checked"].get<int64_t>(), 5);
}

TEST_F(AuditFileTamper, OneByteOfAPrincipalIsDetectedAtItsEntry) {
    const int64_t seq = seq_of("principal", "PRINCIPAL-BRAVO");
    edit_file("PRINCIPAL-BRAVO", "PRINCIPAL-BRAVA");
    EXPECT_EQ(t_.audit_rows().at(static_cast<std::size_t>(seq - 1))["principal"], "PRINCIPAL-BRAVA")
        << "the edit did not land in the audit row";
    const Json v = verify();
    EXPECT_FALSE(v["intact"].get<bool>()) << v;
    EXPECT_EQ(v["first_bad_seq"], seq) << v;
    EXPECT_NE(v["problem"].get<std::string>().find("edited"), std::string::npos) << v;
}

TEST_F(AuditFileTamper, OneByteOfAMethodNameIsDetectedAtItsEntry) {
    // An unknown method is audited as "(unknown method)", never as the name the caller sent.
    const int64_t seq = seq_of("method", "(unknown method)");
    edit_file("(unknown method)", "(unknown methoD)");
    const Json v = verify();
    EXPECT_FALSE(v["intact"].get<bool>()) << v;
    EXPECT_EQ(v["first_bad_seq"], seq) << v;
}

}  // namespace
