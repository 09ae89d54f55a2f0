// scim_equivalence_test.cpp: the flat SCIM reading against the document reading it replaced.
//
// The host pull reads each page's parse events straight into the mapping (directory_page_reader,
// scim_resource, scim_directory); before, it parsed each page into a nlohmann document and mapped
// that (scim_reference_mapping.cpp keeps that code as it was). On random pages of odd users, in
// random key order, with several odd_mappings, both must give the same rows, rejections, warnings,
// dropped names, identities and cursor; on damaged pages, the same error message.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "adapters/directory_mapping.hpp"
#include "adapters/host_directory.hpp"
#include "adapters/scim_directory.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/host_services.hpp"
#include "scim_reference_mapping.hpp"
#include "test_fixtures.hpp"
#include "test_host.hpp"

namespace {

using psp::Json;

const std::string kEnterpriseExt = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const std::string kPluginExt = "urn:psp:scim:schemas:extension:peer-support:1.0:User";
const std::string kAgencyExt = "urn:ietf:params:scim:schemas:extension:Agency:2.0:User";

// Odd SCIM users: attributes present or not, of the expected type or not, nested, empty,
// blank, numbers where text is expected, manager references to others, to nobody, bare or as
// objects, and keys a mapping path could be confused with.
class OddUsers {
  public:
    explicit OddUsers(unsigned seed) : rng_(seed) {}

    std::mt19937 &rng() { return rng_; }
    bool chance(std::size_t percent) { return pick(100) < percent; }
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

    Json text() {
        static const std::vector<std::string> words = {
            "",         " ",          "  Patrol ", "Patrol",     "sworn",       "Sworn Officer",
            "civilian", "dispatcher", "911",       "true",       "False",       "A",
            "yes",      "T",          "3/7/2015",  "2015-03-07", "13/45/2015",  "days",
            "Nights",   "üñí 名",     "a\"b",      "tab\tx",     "line\nbreak", "<b>x</b>",
            "s1",       "s2",         "s3",        "E7",         "x.y",         "value"};
        return words[pick(words.size())];
    }

    Json scalar() {
        switch (pick(9)) {
            case 0:
                return nullptr;
            case 1:
                return chance(50);
            case 2:
                return static_cast<std::int64_t>(pick(2000)) - 1000;
            case 3:
                return 12345678901234567890u;
            case 4:
                return 1.5;
            case 5:
                return 1e300;
            default:
                return text();
        }
    }

    // Any value, nested at most `depth` more levels.
    Json value(int depth) {
        if (depth <= 0 || chance(60)) {
            return scalar();
        }
        if (chance(50)) {
            Json array = Json::array();
            for (std::size_t i = pick(4); i > 0; --i) {
                array.push_back(value(depth - 1));
            }
            return array;
        }
        static const std::vector<std::string> keys = {"value", "display", "type", "primary",
                                                      "$ref",  "",        "a.b",  "x"};
        Json object = Json::object();
        for (std::size_t i = pick(4); i > 0; --i) {
            object[keys[pick(keys.size())]] = value(depth - 1);
        }
        return object;
    }

    // A value usually of the expected kind: text, else anything.
    Json mostly_text(int depth = 2) { return chance(75) ? text() : value(depth); }

    Json user(std::size_t i, std::size_t population) {
        if (chance(4)) {
            return value(2);  // not an object: a rejected row (or an object of nonsense)
        }
        const auto some_id = [&] { return "s" + std::to_string(pick(population + 2)); };
        Json user = Json::object();
        if (chance(90)) {
            user["schemas"] = Json::array({"urn:ietf:params:scim:schemas:core:2.0:User"});
        }
        if (chance(92)) {
            user["id"] = chance(90) ? Json("s" + std::to_string(i)) : mostly_text();
        }
        if (chance(50)) {
            user["userName"] = mostly_text();
        }
        if (chance(70)) {
            user["displayName"] = chance(80) ? Json("Person " + std::to_string(i)) : mostly_text();
        }
        if (chance(50)) {
            Json name = Json::object();
            for (const char *part : {"formatted", "givenName", "familyName", "middleName"}) {
                if (chance(50)) {
                    name[part] = mostly_text();
                }
            }
            user["name"] = chance(90) ? name : value(2);
        }
        for (const char *attribute : {"title", "userType", "externalId", "nickName"}) {
            if (chance(40)) {
                user[attribute] = mostly_text();
            }
        }
        if (chance(70)) {
            user["active"] = chance(60) ? Json(chance(80)) : scalar();
        }
        if (chance(30)) {
            Json emails = Json::array();
            for (std::size_t k = pick(3); k > 0; --k) {
                emails.push_back({{"value", "p" + std::to_string(i) + "@example.org"},
                                  {"type", "work"},
                                  {"primary", chance(50)}});
            }
            user["emails"] = emails;
        }
        if (chance(15)) {
            user["name.givenName"] = mostly_text();  // a key that spells a path
        }
        if (chance(10)) {
            user[""] = value(1);
        }
        if (chance(10)) {
            user["meta"] = {{"resourceType", "User"}, {"version", value(1)}};
        }
        if (chance(85)) {
            Json enterprise = Json::object();
            if (chance(85)) {
                enterprise["employeeNumber"] =
                    chance(85) ? Json("E" + std::to_string(i)) : mostly_text();
            }
            for (const char *attribute :
                 {"organization", "division", "department", "costCenter", "employeeType"}) {
                if (chance(40)) {
                    enterprise[attribute] = mostly_text();
                }
            }
            if (chance(75)) {
                switch (pick(6)) {
                    case 0:
                        enterprise["manager"] = some_id();  // Entra ID's bare id
                        break;
                    case 1:
                        enterprise["manager"] = value(2);
                        break;
                    default: {
                        Json manager = {{"value", some_id()}};
                        if (chance(50)) {
                            manager["displayName"] = mostly_text();
                        }
                        if (chance(30)) {
                            manager["$ref"] = "../Users/" + some_id();
                        }
                        if (chance(10)) {
                            manager["value"] = mostly_text();
                        }
                        enterprise["manager"] = manager;
                    }
                }
            }
            user[kEnterpriseExt] = chance(95) ? enterprise : value(1);
        }
        if (chance(60)) {
            Json plugin = Json::object();
            for (const char *attribute : {"staffCategory", "unit", "shift", "hireDate"}) {
                if (chance(60)) {
                    plugin[attribute] = mostly_text();
                }
            }
            user[kPluginExt] = chance(95) ? plugin : value(1);
        }
        if (chance(25)) {
            user[kAgencyExt] = {{"nick", {{"value", mostly_text()}}}, {"badge", value(2)}};
        }
        return user;
    }

  private:
    std::mt19937 rng_;
};

// JSON text with every object's members in a random order, so the flat reading cannot lean on
// the sorted order of a nlohmann document. With `duplicate_in` >= 0, the object visited at that
// count writes one of its members twice.
class ShuffledWriter {
  public:
    ShuffledWriter(std::mt19937 &rng, int duplicate_in = -1)
        : rng_(rng), duplicate_in_(duplicate_in) {}

    std::string write(const Json &value) {
        std::string out;
        add(value, out);
        return out;
    }

  private:
    void add(const Json &value, std::string &out) {
        if (value.is_array()) {
            out += '[';
            for (std::size_t i = 0; i < value.size(); ++i) {
                out += i == 0 ? "" : ",";
                add(value[i], out);
            }
            out += ']';
        } else if (value.is_object()) {
            std::vector<std::string> keys;
            for (const auto &member : value.items()) {
                keys.push_back(member.key());
            }
            std::shuffle(keys.begin(), keys.end(), rng_);
            if (objects_seen_++ == duplicate_in_ && !keys.empty()) {
                keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(rng_() % (keys.size() + 1)),
                            keys[rng_() % keys.size()]);
            }
            out += '{';
            for (std::size_t i = 0; i < keys.size(); ++i) {
                out += i == 0 ? "" : ",";
                out += Json(keys[i]).dump() + ":";
                add(value.at(keys[i]), out);
            }
            out += '}';
        } else {
            out += value.dump();
        }
    }

    std::mt19937 &rng_;
    int duplicate_in_;
    int objects_seen_ = 0;
};

// What a pull gave: an error message, or everything the import holds.
struct Outcome {
    std::string error;
    psp::DirectoryImport import;
    std::vector<std::pair<std::string, std::string>> identities;
    std::string cursor;
};

constexpr std::size_t kPageLimit = 64u << 20;
const char *const kWhat = "the host's directory page";

// The pull as it was: each page parsed into a document, its envelope checked, its users mapped
// by the reference stream (host_directory.cpp at af0803a).
Outcome reference_pull(const std::vector<std::string> &pages,
                       const psp::DirectoryMapping &mapping) {
    Outcome outcome;
    psp_test::ReferenceScimStream users("agency-x", mapping);
    const auto bad_page = [](const std::string &why) {
        return "the host's directory page is unusable: " + why;
    };
    for (std::size_t p = 0;; ++p) {
        const std::string text =
            p < pages.size() ? pages[p] : R"({"totalResults":0,"Resources":[]})";
        Json page;
        try {
            page = psp::parse_json_text(text, kPageLimit, kWhat);
        } catch (const psp::Error &e) {
            outcome.error = bad_page(e.what());
            return outcome;
        }
        if (!page.is_object()) {
            outcome.error = bad_page("it is not a JSON object");
            return outcome;
        }
        const auto total = page.find("totalResults");
        if (total == page.end() || !total->is_number_unsigned()) {
            outcome.error = bad_page("totalResults is missing");
            return outcome;
        }
        if (total->get<std::size_t>() > 1'000'000) {
            outcome.error = bad_page("it announces more than a million employees");
            return outcome;
        }
        const auto resources = page.find("Resources");
        const bool has_resources = resources != page.end() && resources->is_array();
        if (resources != page.end() && !has_resources) {
            outcome.error = bad_page("Resources is not an array");
            return outcome;
        }
        if (const auto cursor = page.find("cursor"); cursor != page.end() && cursor->is_string()) {
            outcome.cursor = cursor->get<std::string>();
        }
        const std::size_t received = has_resources ? resources->size() : 0;
        for (std::size_t i = 0; i < received; ++i) {
            users.add((*resources)[i]);
        }
        if (received == 0 || users.rows() >= total->get<std::size_t>()) {
            break;
        }
    }
    outcome.import = users.finish();
    outcome.identities = users.identities();
    return outcome;
}

// The pull as it is, the k-th fetch answered with the k-th page.
Outcome flat_pull(const std::vector<std::string> &pages, const psp::DirectoryMapping &mapping) {
    psp_test::TestHost host;
    std::size_t next = 0;
    host.page_override = [&](const psp_test::FetchRequest &) {
        return next < pages.size() ? pages[next++] : R"({"totalResults":0,"Resources":[]})";
    };
    Outcome outcome;
    try {
        psp::HostDirectoryPull pull = psp::pull_host_directory(
            psp::HostServices(host.table()), std::string(), "agency-x", 1000, mapping);
        outcome.import = std::move(pull.import);
        outcome.identities = std::move(pull.identities);
        outcome.cursor = std::move(pull.cursor);
    } catch (const psp::Error &e) {
        EXPECT_EQ(e.code(), psp::ErrorCode::host_error);
        outcome.error = e.what();
    }
    return outcome;
}

void expect_same_import(const psp::DirectoryImport &flat, const psp::DirectoryImport &reference,
                        const std::string &context) {
    SCOPED_TRACE(context);
    EXPECT_EQ(flat.records, reference.records);
    EXPECT_EQ(flat.dropped_fields, reference.dropped_fields);
    ASSERT_EQ(flat.rejected.size(), reference.rejected.size());
    for (std::size_t i = 0; i < flat.rejected.size(); ++i) {
        EXPECT_EQ(flat.rejected[i].row, reference.rejected[i].row);
        EXPECT_EQ(flat.rejected[i].reason, reference.rejected[i].reason);
    }
    ASSERT_EQ(flat.warnings.size(), reference.warnings.size());
    for (std::size_t i = 0; i < flat.warnings.size(); ++i) {
        EXPECT_EQ(flat.warnings[i].row, reference.warnings[i].row);
        EXPECT_EQ(flat.warnings[i].employee_id, reference.warnings[i].employee_id);
        EXPECT_EQ(flat.warnings[i].field, reference.warnings[i].field);
        EXPECT_EQ(flat.warnings[i].message, reference.warnings[i].message);
    }
}

void expect_same_import(const Outcome &flat, const Outcome &reference, const std::string &context) {
    EXPECT_EQ(flat.error, reference.error) << context;
    expect_same_import(flat.import, reference.import, context);
    EXPECT_EQ(flat.identities, reference.identities) << context;
    EXPECT_EQ(flat.cursor, reference.cursor) << context;
}

// The profiles, and an agency's mapping with paths that test the edges of path reading: joined
// sources, a bare extension, an empty segment, a trailing dot, a '+' inside a name, a manager
// read from an object, and reject policies.
std::vector<psp::DirectoryMapping> odd_mappings() {
    std::vector<psp::DirectoryMapping> all;
    for (const std::string &profile : psp::directory_mapping_profiles()) {
        all.push_back(psp::directory_mapping_profile(profile));
    }
    all.push_back(psp::parse_directory_mapping(
        Json{{"profile", "okta_scim"},
             {"scim",
              {{"id", {"externalId", kEnterpriseExt + ":employeeNumber", "id"}},
               {"name",
                {Json::array({"name.givenName", "name.familyName"}), kAgencyExt + ":nick.value",
                 "name.givenName", "userName"}},
               {"title", {"title.", "nickName"}},
               {"division", {kEnterpriseExt + ":", kEnterpriseExt + ":division"}},
               {"unit", {"a..b", kEnterpriseExt + ":department", "meta.version"}},
               {"shift", {"odd+path", kPluginExt + ":shift"}},
               {"supervisor_id", {kEnterpriseExt + ":manager", kEnterpriseExt + ":manager.value"}},
               {"category", {Json::array({kPluginExt + ":staffCategory", "userType"})}},
               {"hire_date", {kPluginExt + ":hireDate", kAgencyExt + ":badge"}}}},
             {"shift_values", {{"days", "day"}, {"nights", "night"}}},
             {"when_category_unknown", "reject"},
             {"when_shift_unknown", "reject"}}));
    // Ids only from employeeNumber: a manager without one translates to nothing, which leaves
    // the paths read for the reference unread.
    all.push_back(psp::parse_directory_mapping(
        Json{{"scim", {{"id", {kEnterpriseExt + ":employeeNumber"}}}}}));
    return all;
}

// Pages of `users` as a host would send them: `per_page` each, totalResults the whole count.
std::vector<std::string> render_pages(const std::vector<Json> &users, std::size_t per_page,
                                      std::mt19937 &rng) {
    std::vector<std::string> pages;
    for (std::size_t start = 0; start < users.size(); start += per_page) {
        Json page = {{"schemas", Json::array({std::string(psp::kScimListResponse)})},
                     {"totalResults", users.size()},
                     {"startIndex", start + 1},
                     {"cursor", "c" + std::to_string(start)}};
        page["Resources"] = Json::array();
        for (std::size_t i = start; i < std::min(users.size(), start + per_page); ++i) {
            page["Resources"].push_back(users[i]);
        }
        page["itemsPerPage"] = page["Resources"].size();
        pages.push_back(ShuffledWriter(rng).write(page));
    }
    return pages;
}

TEST(ScimEquivalence, RandomUsersMapAsTheDocumentReadingMappedThem) {
    const std::vector<psp::DirectoryMapping> all = odd_mappings();
    // What the pages made, over every seed and mapping: each kind of answer must occur.
    std::size_t records = 0, rejected = 0, warnings = 0, translated = 0, to_nothing = 0;
    std::set<std::string> dropped;
    for (unsigned seed = 1; seed <= 40; ++seed) {
        OddUsers odd(seed);
        const std::size_t population = 5 + odd.pick(60);
        std::vector<Json> users;
        for (std::size_t i = 0; i < population; ++i) {
            users.push_back(odd.user(i, population));
        }
        const std::vector<std::string> pages = render_pages(users, 1 + odd.pick(20), odd.rng());
        for (std::size_t m = 0; m < all.size(); ++m) {
            const std::string context =
                "seed " + std::to_string(seed) + ", mapping " + std::to_string(m);
            const Outcome reference = reference_pull(pages, all[m]);
            ASSERT_EQ(reference.error, "") << context;
            records += reference.import.records.size();
            rejected += reference.import.rejected.size();
            warnings += reference.import.warnings.size();
            for (const psp::EmployeeRecord &r : reference.import.records) {
                translated += r.supervisor_id.empty() || r.supervisor_id[0] != 'E' ? 0 : 1;
            }
            for (const auto &[scim_id, employee_id] : reference.identities) {
                to_nothing += employee_id.empty() ? 1 : 0;
            }
            dropped.insert(reference.import.dropped_fields.begin(),
                           reference.import.dropped_fields.end());
            expect_same_import(flat_pull(pages, all[m]), reference, context);

            // The document route of the same stream: directory.sync with SCIM params.
            psp_test::ReferenceScimStream whole("agency-x", all[m]);
            psp::ScimUserStream stream("agency-x", all[m]);
            for (const Json &user : users) {
                whole.add(user);
                stream.add(user);
            }
            expect_same_import(stream.finish(), whole.finish(), context + ", documents");
            EXPECT_EQ(stream.identities(), whole.identities()) << context;
        }
    }
    EXPECT_GT(records, 500u);
    EXPECT_GT(rejected, 500u);
    EXPECT_GT(warnings, 500u);
    EXPECT_GT(translated, 100u);
    EXPECT_GT(to_nothing, 100u);
    EXPECT_GT(dropped.size(), 30u);
    EXPECT_TRUE(dropped.contains(kEnterpriseExt + ":manager.displayName"));
}

TEST(ScimEquivalence, AttributePathsReadAsTheyDid) {
    OddUsers odd(99);
    const std::vector<std::string> paths = {"id",
                                            "displayName",
                                            "name.givenName",
                                            "name.",
                                            "name..x",
                                            "",
                                            ".",
                                            "active",
                                            kEnterpriseExt + ":manager.value",
                                            kEnterpriseExt + ":manager",
                                            kEnterpriseExt + ":",
                                            kEnterpriseExt + ":employeeNumber",
                                            kAgencyExt + ":nick.value",
                                            "urn:x",
                                            "emails",
                                            "value",
                                            "meta.version"};
    for (int i = 0; i < 300; ++i) {
        const Json user = odd.chance(90) ? odd.user(static_cast<std::size_t>(i), 50) : odd.value(3);
        for (const std::string &path : paths) {
            EXPECT_EQ(psp::scim_attribute(user, path),
                      psp_test::reference_scim_attribute(user, path))
                << path << " of " << user.dump();
        }
    }
}

// Damaged pages: cut short, a byte changed, a key twice (in the envelope, a user, deep inside a
// user, an object past the linear search's reach), the envelope's members of the wrong kind.
TEST(ScimEquivalence, DamagedPagesAreRefusedWithTheSameWords) {
    const psp::DirectoryMapping &mapping = psp::default_directory_mapping();
    int refused = 0;
    for (unsigned seed = 1; seed <= 300; ++seed) {
        OddUsers odd(seed);
        std::vector<Json> users;
        const std::size_t population = 1 + odd.pick(8);
        for (std::size_t i = 0; i < population; ++i) {
            users.push_back(odd.user(i, population));
        }
        if (odd.chance(20)) {
            Json wide = Json::object();
            for (int k = 0; k < 40; ++k) {
                wide["k" + std::to_string(k)] = k;
            }
            users.push_back({{"id", "wide"}, {"wide", wide}});
        }
        Json page = {{"schemas", Json::array({std::string(psp::kScimListResponse)})},
                     {"totalResults", users.size()},
                     {"Resources", users},
                     {"cursor", "c1"}};
        std::string text;
        switch (odd.pick(6)) {
            case 0:
                text = ShuffledWriter(odd.rng()).write(page);
                text.resize(odd.pick(text.size()));
                break;
            case 1: {
                text = ShuffledWriter(odd.rng()).write(page);
                static const std::string bytes = std::string("{}[]\",:0-e.\\ x\xff\xc3", 17) + '\0';
                text[odd.pick(text.size())] = bytes[odd.pick(bytes.size())];
                break;
            }
            case 2:
            case 3:
                text = ShuffledWriter(odd.rng(), static_cast<int>(odd.pick(12))).write(page);
                break;
            case 4: {
                static const std::vector<Json> odd_values = {
                    nullptr, -1, "5", 1.5, 2'000'000, Json::object(), Json::array(), true};
                static const std::vector<std::string> members = {"totalResults", "Resources",
                                                                 "cursor"};
                const std::string &member = members[odd.pick(members.size())];
                if (odd.chance(25)) {
                    page.erase(member);
                } else {
                    page[member] = odd_values[odd.pick(odd_values.size())];
                }
                text = ShuffledWriter(odd.rng()).write(page);
                break;
            }
            default: {
                static const std::vector<std::string> whole = {
                    "[]",
                    "\"page\"",
                    "7",
                    "null",
                    "",
                    " ",
                    "{}",
                    "{\"totalResults\":1}",
                    std::string(70, '[') + std::string(70, ']')};
                text = whole[odd.pick(whole.size())];
            }
        }
        const Outcome reference = reference_pull({text}, mapping);
        refused += reference.error.empty() ? 0 : 1;
        expect_same_import(flat_pull({text}, mapping), reference,
                           "seed " + std::to_string(seed) + ": " + text);
    }
    EXPECT_GT(refused, 150);  // the damage does damage
}

// An object of many keys is searched through a set, not key by key: a key twice is refused there
// too, at every place around the switch, with the same words.
TEST(ScimEquivalence, AKeyTwiceInALargeObjectIsRefused) {
    for (const int keys : {30, 31, 32, 33, 40}) {
        for (const int twice : {0, keys / 2, keys - 1}) {
            std::string user = R"({"id":"w")";
            for (int k = 0; k < keys; ++k) {
                user += ",\"k" + std::to_string(k) + "\":" + std::to_string(k);
            }
            user += ",\"k" + std::to_string(twice) + "\":0}";
            const std::string page = R"({"totalResults":1,"Resources":[)" + user + "]}";
            const Outcome reference = reference_pull({page}, psp::default_directory_mapping());
            ASSERT_NE(reference.error, "");
            EXPECT_EQ(flat_pull({page}, psp::default_directory_mapping()).error, reference.error)
                << keys << " keys, k" << twice << " twice";
        }
    }
}

// Well-formed pages the quick parser leaves to nlohmann (a byte-order mark, numbers past 64 bits
// or a double's range) are read all the same, once: no user twice, none lost.
TEST(ScimEquivalence, PagesLeftToNlohmannMapTheSame) {
    const std::string users =
        R"([{"id":"a","displayName":"A","title":99999999999999999999999,)"
        R"("urn:psp:scim:schemas:extension:peer-support:1.0:User":{"unit":1e-400}},)"
        R"({"id":"b","displayName":"B","x":-99999999999999999999,"active":true}])";
    for (const std::string &page :
         {"\xEF\xBB\xBF{\"totalResults\":2,\"Resources\":" + users + "}",
          "{\"totalResults\":2,\"cursor\":\"c9\",\"Resources\":" + users + "}"}) {
        for (const psp::DirectoryMapping &mapping : odd_mappings()) {
            const Outcome reference = reference_pull({page}, mapping);
            ASSERT_EQ(reference.error, "") << page;
            ASSERT_EQ(reference.identities.size(), 2u);
            expect_same_import(flat_pull({page}, mapping), reference, page);
        }
    }
}

// A duplicate key's message names where it is: the same JSON Pointer as parse_json_text gives.
TEST(ScimEquivalence, ADuplicateKeyInAUserIsNamedByItsPointer) {
    const std::string page =
        R"({"totalResults":2,"Resources":[{"id":"a"},{"id":"b","name":{"givenName":"x","givenName":"y"}}]})";
    const Outcome flat = flat_pull({page}, psp::default_directory_mapping());
    EXPECT_EQ(flat.error,
              "the host's directory page is unusable: the host's directory page has the key "
              "'givenName' twice in one object (in /Resources/1/name); each key may appear once");
}

}  // namespace
