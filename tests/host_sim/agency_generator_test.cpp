// agency_generator_test.cpp: the generated agency is deterministic, a valid tree and realistic.
#include "host_sim/agency_generator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace psp::host_sim {
namespace {

auto fields(const HostEmployee &e) {
    return std::tie(e.scim_id, e.employee_number, e.given_name, e.family_name, e.title,
                    e.staff_category, e.division, e.unit, e.shift, e.manager_scim_id, e.email,
                    e.phone, e.home_address, e.active);
}

auto fields(const DisciplinaryRecord &r) {
    return std::tie(r.employee_number, r.case_number, r.allegation, r.finding);
}

template <typename Record>
bool same_records(const std::vector<Record> &a, const std::vector<Record> &b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fields(a[i]) != fields(b[i])) {
            return false;
        }
    }
    return true;
}

std::unordered_map<std::string, std::size_t> index_by_scim_id(const GeneratedAgency &agency) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < agency.employees.size(); ++i) {
        index.emplace(agency.employees[i].scim_id, i);
    }
    return index;
}

// Direct reports per manager index.
std::vector<std::vector<std::size_t>> reports_of(const GeneratedAgency &agency) {
    const auto index = index_by_scim_id(agency);
    std::vector<std::vector<std::size_t>> reports(agency.employees.size());
    for (std::size_t i = 0; i < agency.employees.size(); ++i) {
        const auto manager = index.find(agency.employees[i].manager_scim_id);
        if (manager != index.end()) {
            reports[manager->second].push_back(i);
        }
    }
    return reports;
}

TEST(AgencyGenerator, RejectsSizesOutsideTwentyToOneHundredThousand) {
    EXPECT_THROW(generate_agency(1, 0, "pd"), std::invalid_argument);
    EXPECT_THROW(generate_agency(1, 19, "pd"), std::invalid_argument);
    EXPECT_THROW(generate_agency(1, 100'001, "pd"), std::invalid_argument);
    EXPECT_EQ(generate_agency(1, 20, "pd").employees.size(), 20u);
}

TEST(AgencyGenerator, SameSeedAndSizeGiveTheSameAgency) {
    const GeneratedAgency a = generate_agency(42, 2'000, "metro-pd");
    const GeneratedAgency b = generate_agency(42, 2'000, "metro-pd");
    EXPECT_TRUE(same_records(a.employees, b.employees));
    EXPECT_TRUE(same_records(a.disciplinary, b.disciplinary));
    EXPECT_EQ(a.marker, b.marker);
    EXPECT_EQ(a.seed, 42u);
    EXPECT_EQ(a.agency_id, "metro-pd");
}

TEST(AgencyGenerator, DifferentSeedsGiveDifferentAgencies) {
    const GeneratedAgency a = generate_agency(42, 2'000, "metro-pd");
    const GeneratedAgency b = generate_agency(43, 2'000, "metro-pd");
    EXPECT_FALSE(same_records(a.employees, b.employees));
    EXPECT_NE(a.employees.front().scim_id, b.employees.front().scim_id);
    EXPECT_NE(a.marker, b.marker);
}

TEST(AgencyGenerator, IdentifiersAreUniqueAndWellFormed) {
    const GeneratedAgency agency = generate_agency(7, 1'000, "pd");
    const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    const std::regex number("E[0-9]{6}");
    std::set<std::string> scim_ids, numbers, emails;
    for (const HostEmployee &e : agency.employees) {
        EXPECT_TRUE(std::regex_match(e.scim_id, uuid)) << e.scim_id;
        EXPECT_TRUE(std::regex_match(e.employee_number, number)) << e.employee_number;
        EXPECT_FALSE(e.given_name.empty() || e.family_name.empty() || e.phone.empty() ||
                     e.home_address.empty());
        EXPECT_NE(e.email.find('@'), std::string::npos) << e.email;
        scim_ids.insert(e.scim_id);
        numbers.insert(e.employee_number);
        emails.insert(e.email);
    }
    EXPECT_EQ(scim_ids.size(), agency.employees.size());
    EXPECT_EQ(numbers.size(), agency.employees.size());
    EXPECT_EQ(emails.size(), agency.employees.size());
}

TEST(AgencyGenerator, DisciplinaryTrapCarriesTheSeedsMarkerInEveryTextField) {
    const GeneratedAgency agency = generate_agency(99, 1'000, "pd");
    EXPECT_EQ(agency.marker.rfind("DISCIPLINARY-MARKER-", 0), 0u) << agency.marker;
    EXPECT_GT(agency.marker.size(), std::string("DISCIPLINARY-MARKER-").size());
    EXPECT_EQ(agency.disciplinary.size(), 1'000u / 20);
    std::set<std::string> numbers;
    for (const HostEmployee &e : agency.employees) {
        numbers.insert(e.employee_number);
    }
    for (const DisciplinaryRecord &r : agency.disciplinary) {
        EXPECT_TRUE(numbers.contains(r.employee_number)) << r.employee_number;
        EXPECT_NE(r.case_number.find(agency.marker), std::string::npos) << r.case_number;
        EXPECT_NE(r.allegation.find(agency.marker), std::string::npos) << r.allegation;
        EXPECT_NE(r.finding.find(agency.marker), std::string::npos) << r.finding;
    }
    EXPECT_GE(generate_agency(99, 20, "pd").disciplinary.size(), 3u);
}

class AgencyOfSize : public testing::TestWithParam<std::size_t> {
  protected:
    void SetUp() override { agency_ = generate_agency(2024, GetParam(), "county-pd"); }
    GeneratedAgency agency_;
};

TEST_P(AgencyOfSize, HasExactlyTheRequestedSize) {
    EXPECT_EQ(agency_.employees.size(), GetParam());
}

TEST_P(AgencyOfSize, ManagerGraphIsOneTreeUnderTheChief) {
    const auto index = index_by_scim_id(agency_);
    std::size_t roots = 0;
    for (const HostEmployee &e : agency_.employees) {
        if (e.manager_scim_id.empty()) {
            ++roots;
            continue;
        }
        EXPECT_TRUE(index.contains(e.manager_scim_id)) << e.employee_number;
    }
    EXPECT_EQ(roots, 1u);
    EXPECT_TRUE(agency_.employees.front().manager_scim_id.empty());
    EXPECT_EQ(agency_.employees.front().title, "Chief of Police");
    // Walking up from anyone reaches the root in fewer steps than there are people.
    std::size_t cycles = 0;
    for (const HostEmployee &start : agency_.employees) {
        const HostEmployee *at = &start;
        std::size_t steps = 0;
        while (!at->manager_scim_id.empty() && steps <= agency_.employees.size()) {
            const auto manager = index.find(at->manager_scim_id);
            if (manager == index.end()) {
                break;
            }
            at = &agency_.employees[manager->second];
            ++steps;
        }
        if (steps > agency_.employees.size()) {
            ++cycles;
        }
    }
    EXPECT_EQ(cycles, 0u);
}

TEST_P(AgencyOfSize, MixOfStaffIsRealistic) {
    std::map<std::string, std::size_t> by_category;
    std::set<std::string> shifts;
    for (const HostEmployee &e : agency_.employees) {
        ++by_category[e.staff_category];
        shifts.insert(e.shift);
    }
    const double sworn_share =
        static_cast<double>(by_category["sworn"]) / static_cast<double>(agency_.employees.size());
    EXPECT_GE(sworn_share, 0.60);
    EXPECT_LE(sworn_share, 0.85);
    EXPECT_GT(by_category["dispatcher"], 0u);
    EXPECT_GT(by_category["civilian"], 0u);
    EXPECT_EQ(by_category.size(), 3u);  // nothing but sworn, civilian, dispatcher
    EXPECT_GE(shifts.size(), 3u);
    EXPECT_TRUE(shifts.contains("Day") && shifts.contains("Evening") && shifts.contains("Night"));
    EXPECT_EQ(shifts.contains("Power"), agency_.employees.size() > 5'000);
}

TEST_P(AgencyOfSize, DivisionsAreHeadedByDeputyChiefsUnderTheChief) {
    const auto reports = reports_of(agency_);
    std::set<std::string> divisions;
    for (std::size_t i : reports.front()) {
        const HostEmployee &e = agency_.employees[i];
        if (e.title == "Deputy Chief") {
            divisions.insert(e.division);
        }
    }
    EXPECT_TRUE(divisions.contains("Patrol"));
    EXPECT_TRUE(divisions.contains("Investigations"));
    EXPECT_TRUE(divisions.contains("Support Services"));
}

TEST_P(AgencyOfSize, SergeantsHaveSpansOfThreeToTwelve) {
    const auto reports = reports_of(agency_);
    std::size_t sergeants = 0;
    for (std::size_t i = 0; i < agency_.employees.size(); ++i) {
        if (agency_.employees[i].title != "Sergeant") {
            continue;
        }
        ++sergeants;
        EXPECT_GE(reports[i].size(), 3u) << agency_.employees[i].employee_number;
        EXPECT_LE(reports[i].size(), 12u) << agency_.employees[i].employee_number;
    }
    EXPECT_GT(sergeants, 0u);
}

TEST_P(AgencyOfSize, DispatchersWorkInCommunicationsUnderADispatchSupervisor) {
    const auto index = index_by_scim_id(agency_);
    std::size_t dispatchers = 0;
    for (const HostEmployee &e : agency_.employees) {
        if (e.title != "Dispatcher") {
            continue;
        }
        ++dispatchers;
        EXPECT_EQ(e.staff_category, "dispatcher");
        EXPECT_EQ(e.unit, "Communications");
        EXPECT_EQ(e.division, "Support Services");
        EXPECT_EQ(agency_.employees[index.at(e.manager_scim_id)].title, "Dispatch Supervisor");
    }
    EXPECT_GT(dispatchers, 0u);
}

TEST_P(AgencyOfSize, SupervisorsShareTheirShiftWithMostReports) {
    if (GetParam() < 100) {
        GTEST_SKIP() << "a tiny agency's one or two squads cover every shift";
    }
    const auto reports = reports_of(agency_);
    for (std::size_t i = 0; i < agency_.employees.size(); ++i) {
        const HostEmployee &supervisor = agency_.employees[i];
        if (supervisor.title != "Sergeant" && supervisor.title != "Dispatch Supervisor") {
            continue;
        }
        std::size_t same_shift = 0;
        for (std::size_t r : reports[i]) {
            same_shift += agency_.employees[r].shift == supervisor.shift;
        }
        EXPECT_GT(2 * same_shift, reports[i].size()) << supervisor.employee_number;
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, AgencyOfSize, testing::Values(20, 21, 250, 1'000, 5'001, 100'000),
                         [](const testing::TestParamInfo<std::size_t> &info) {
                             return "Employees" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace psp::host_sim
