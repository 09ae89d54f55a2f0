// request_envelope_test.cpp: the strict envelope (issue 20, item 6), as attacks through the
// instance's call(): duplicate keys that a gateway would read one way and the plugin another,
// bytes hidden after a NUL, and caller text echoed into error messages or the audit log.
#include <gtest/gtest.h>

#include <string>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp_test::error_from;

std::string envelope(const std::string &inside) {
    return "{" + inside + "}";
}

class StrictEnvelope : public ::testing::Test {
  protected:
    psp::Error refused(const std::string &text) {
        return error_from([&] { t_.instance->call(text); });
    }
    long long audit_rows() { return t_.count("SELECT COUNT(*) FROM audit_log"); }
    std::string audit_text() {
        std::string all;
        for (const Json &row : t_.audit_rows()) {
            all += row.dump() + "\n";
        }
        return all;
    }

    psp_test::TestInstance t_;
};

// A gateway that checks the first "roles" sees an employee; the last one would make an auditor.
TEST_F(StrictEnvelope, DuplicateRolesAreRefusedNotLastOneWins) {
    const psp::Error e = refused(envelope(
        R"("method":"audit.read","principal":{"id":"E1","roles":["employee"],"roles":["auditor"]})"));
    EXPECT_EQ(e.code(), ErrorCode::invalid_json) << e.what();
    EXPECT_NE(std::string(e.what()).find("'roles'"), std::string::npos) << e.what();
    EXPECT_EQ(e.field(), "/principal/roles");
    EXPECT_EQ(audit_text().find("audit.read"), std::string::npos);
}

// "health" to the gateway, "directory.sync" to the plugin: refused before anything runs.
TEST_F(StrictEnvelope, DuplicateMethodIsRefusedAndNothingRuns) {
    const psp::Error e = refused(envelope(
        R"("method":"health","method":"directory.sync","principal":{"id":"IT","roles":["it_admin"]},)"
        R"("params":{"mode":"full","source":"records","records":[]},"idempotency_key":"k1")"));
    EXPECT_EQ(e.code(), ErrorCode::invalid_json);
    EXPECT_NE(std::string(e.what()).find("'method'"), std::string::npos) << e.what();
    EXPECT_EQ(e.field(), "/method");
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM directory_state"), 0);
}

// Any object at any depth, arrays included; the pointer names where.
TEST_F(StrictEnvelope, DuplicateKeysDeepInParamsAreNamedWithTheirPlace) {
    const psp::Error e = refused(
        envelope(R"("method":"directory.sync","principal":{"id":"IT","roles":["it_admin"]},)"
                 R"("idempotency_key":"k2","params":{"mode":"full","source":"records","records":[)"
                 R"({"id":"A","name":"A","category":"sworn"},{"id":"B","name":"B","id":"C"}]})"));
    EXPECT_EQ(e.code(), ErrorCode::invalid_json);
    EXPECT_EQ(e.field(), "/params/records/1/id") << e.what();
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM employees"), 0);
}

// A key that is not a plain name is not repeated in the message, only counted.
TEST_F(StrictEnvelope, AnOddDuplicateKeyIsNotEchoed) {
    const std::string key = "Officer Smith\\nsuspended pending IA";
    const psp::Error e = refused(envelope(R"("method":"health","principal":{"id":"IT","roles":[]},)"
                                          R"("params":{")" +
                                          key + R"(":1,")" + key + R"(":2})"));
    EXPECT_EQ(e.code(), ErrorCode::invalid_json);
    EXPECT_EQ(std::string(e.what()).find("Smith"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("suspended"), std::string::npos) << e.what();
}

// nlohmann's lexer ends the input at a NUL: whatever follows was silently ignored.
TEST_F(StrictEnvelope, NothingMayFollowTheValueNotEvenAfterANul) {
    const std::string health =
        envelope(R"("method":"health","principal":{"id":"IT","roles":["it_admin"]})");
    EXPECT_NO_THROW(t_.instance->call(health));
    for (const std::string &tail : {std::string("\0", 1), std::string("\0{\"x\":1}", 8),
                                    std::string(" \0 garbage", 10), std::string(" {}")}) {
        const psp::Error e = refused(health + tail);
        EXPECT_EQ(e.code(), ErrorCode::invalid_json) << e.what();
    }
    const std::string inside = R"({"method":"hea)" + std::string("\0", 1) +
                               R"(lth","principal":{"id":"IT","roles":["it_admin"]}})";
    EXPECT_EQ(refused(inside).code(), ErrorCode::invalid_json);
    EXPECT_EQ(psp_test::error_from([&] {
                  psp::parse_json_text(std::string("[1]\0", 4), 100, "a host answer");
              }).code(),
              ErrorCode::invalid_json);
}

// The method name of an unknown method is the caller's text: neither the error nor the audit
// log carries it.
TEST_F(StrictEnvelope, UnknownMethodNameIsNeitherEchoedNorAudited) {
    const std::string name = "Sgt.Jones.drinks.on.duty";
    const psp::Error e = refused(
        envelope(R"("method":")" + name + R"(","principal":{"id":"IT","roles":["it_admin"]})"));
    EXPECT_EQ(e.code(), ErrorCode::unknown_method);
    EXPECT_EQ(std::string(e.what()).find("Jones"), std::string::npos) << e.what();
    EXPECT_EQ(audit_rows(), 1);
    EXPECT_EQ(audit_text().find("Jones"), std::string::npos) << audit_text();
    EXPECT_NE(audit_text().find("unknown_method"), std::string::npos);
}

// An unknown field with free text for a name is refused without repeating it.
TEST_F(StrictEnvelope, UnknownFieldWithATextForANameIsNotEchoed) {
    const psp::Error e = refused(envelope(
        R"("method":"health","principal":{"id":"IT","roles":["it_admin"]},"params":{"Smith, on leave after the IA finding":1})"));
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(std::string(e.what()).find("Smith"), std::string::npos) << e.what();
    const psp::Error named = refused(envelope(
        R"("method":"health","principal":{"id":"IT","roles":["it_admin"]},"params":{"reason":1})"));
    EXPECT_NE(std::string(named.what()).find("'reason'"), std::string::npos) << named.what();
    EXPECT_EQ(named.field(), "/params/reason");
}

}  // namespace
