// role_matrix_test.cpp: every method in the catalogue against every role, so methods added later
// are covered without touching this file. A role a method does not list is refused with
// `forbidden`, the refusal is audited, and no table but the audit log changes; a role it lists
// is never refused as forbidden. Command staff, whatever they may call, see no employee's id or
// name.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <array>
#include <map>
#include <string_view>

#include "plugin/core/error.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/methods/catalog.hpp"
#include "plugin/storage/row_values.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp::Role;

// Distinctive ids and names, so finding one in a result cannot be a coincidence.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kPeople = {{
    {"EMP-70311", "Zebediah Quillfeather"},
    {"EMP-70312", "Ottoline Marchbanks"},
    {"EMP-70313", "Thaddeus Wrenfield"},
}};

void sync_directory(psp_test::TestInstance &t) {
    Json records = Json::array();
    for (std::size_t i = 0; i < kPeople.size(); ++i) {
        Json p = {{"id", kPeople[i].first}, {"name", kPeople[i].second}, {"category", "sworn"}};
        if (i > 0) {
            p["supervisor_id"] = kPeople[0].first;
        }
        records.push_back(p);
    }
    t.call("directory.sync", {"hr_admin"},
           {{"mode", "full"}, {"source", "records"}, {"records", records}}, "sync-1");
}

// Row counts of every table in the instance's database, in one query on the instance's kept
// connection: the matrix takes them twice for each refused pair.
std::map<std::string, long long> row_counts(const psp_test::TestInstance &t) {
    std::map<std::string, long long> counts;
    t.peek([&](psp::Database &db) {
        std::string query;
        for (const std::string &name : psp_test::table_names(db)) {
            query += (query.empty() ? "" : " UNION ALL ") + std::string("SELECT '") + name +
                     "', COUNT(*) FROM " + name;
        }
        db.read([&](soci::session &sql) {
            soci::rowset<soci::row> rows = sql.prepare << query;
            for (const soci::row &r : rows) {
                counts[r.get<std::string>(0)] = psp::integer_at(r, 1);
            }
        });
    });
    return counts;
}

// Calls `method` as `role` with empty params (and a key for writes); the error, if any.
std::optional<psp::Error> call_as(psp_test::TestInstance &t, const psp::MethodSpec &spec, Role role,
                                  Json *result = nullptr) {
    const std::string role_name(psp::role_name(role));
    try {
        Json r = t.call(spec.name, {role_name}, Json::object(),
                        spec.writes ? "matrix-" + spec.name + "-" + role_name : "", "MATRIX");
        if (result != nullptr) {
            *result = std::move(r);
        }
    } catch (const psp::Error &e) {
        return e;
    }
    return std::nullopt;
}

class RoleMatrix : public ::testing::Test {
  protected:
    void SetUp() override { sync_directory(t_); }
    psp_test::TestInstance t_;
};

TEST_F(RoleMatrix, RolesAMethodDoesNotListAreRefusedAuditedAndChangeNothing) {
    int refusals = 0;
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        for (Role role : psp::kAllRoles) {
            if (spec->roles.contains(role)) {
                continue;
            }
            const std::string who = spec->name + " as " + std::string(psp::role_name(role));
            std::map<std::string, long long> before = row_counts(t_);
            const std::optional<psp::Error> e = call_as(t_, *spec, role);
            ASSERT_TRUE(e.has_value()) << who << " was allowed";
            EXPECT_EQ(psp_test::code_of(*e), "forbidden") << who;
            const Json audit = t_.audit_rows().back();
            EXPECT_EQ(audit["method"], spec->name) << who;
            EXPECT_EQ(audit["outcome"], "forbidden") << who;
            EXPECT_EQ(audit["principal"], psp::audited_principal(spec, "MATRIX")) << who;
            EXPECT_EQ(audit["roles"], std::string(psp::role_name(role))) << who;
            ++before["audit_log"];
            EXPECT_EQ(row_counts(t_), before) << who;
            ++refusals;
        }
    }
    EXPECT_GT(refusals, 0);
}

TEST_F(RoleMatrix, RolesAMethodListsAreNeverForbidden) {
    int calls = 0;
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        for (Role role : psp::kAllRoles) {
            if (!spec->roles.contains(role)) {
                continue;
            }
            const std::optional<psp::Error> e = call_as(t_, *spec, role);
            if (e) {
                EXPECT_NE(e->code(), psp::ErrorCode::forbidden)
                    << spec->name << " as " << psp::role_name(role) << ": " << e->what();
            }
            ++calls;
        }
    }
    EXPECT_GT(calls, 0);
}

TEST_F(RoleMatrix, CommandStaffReachNoIdentifyingData) {
    int methods = 0;
    for (const psp::MethodSpec *spec : psp::method_catalog().all()) {
        if (!spec->roles.contains(Role::command_staff)) {
            continue;
        }
        Json result;
        const std::optional<psp::Error> e = call_as(t_, *spec, Role::command_staff, &result);
        const std::string text = e ? std::string(e->what()) : psp::to_json_text(result);
        for (const auto &[id, name] : kPeople) {
            EXPECT_EQ(text.find(id), std::string::npos) << spec->name << " shows " << id;
            EXPECT_EQ(text.find(name), std::string::npos) << spec->name << " shows " << name;
        }
        ++methods;
    }
    EXPECT_GT(methods, 0) << "command staff can call nothing at all";
    // The scan can fail: the same directory is visible to a role allowed to read it.
    const Json found = t_.call("directory.get", {"hr_admin"}, {{"employee_id", kPeople[1].first}});
    EXPECT_NE(psp::to_json_text(found).find(kPeople[1].second), std::string::npos);
}

}  // namespace
