// management_statistics_test.cpp: the statistics command staff read, attacked. For seeded random
// count tables by quarter and by group, an exact LP (feasible_intervals.hpp) and, on tiny
// tables, a brute-force enumeration of every integer completion compute what an attacker learns
// about each suppressed figure from everything published; no small count is pinned below the
// threshold and no other suppressed figure is determined. Overlapping quarter ranges and the
// agency / division / shift views publish the same figures for what they share, so putting
// answers side by side gains nothing. Through statistics.report: the published tables match what
// was logged, the attack fails on them too, CSV parses back with the repository's reader,
// breakdowns that single out a person and every bad input are refused and change nothing, and
// command staff find no employee's id or name in any answer.
#include "plugin/domain/management_statistics.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <map>
#include <random>
#include <sstream>

#include "adapters/csv_table.hpp"
#include "feasible_intervals.hpp"
#include "plugin/domain/statistics_csv.hpp"
#include "plugin/storage/activation_store.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp::PublishedCount;
using psp::PublishedTable;
using psp_test::FigureGrid;
using psp_test::one_role;
using Table = std::vector<std::vector<int64_t>>;

// ---- the attacker.

using psp_test::describe;
using psp_test::truth_grid;

// Every published figure true and never small; every suppressed one resists the LP attack.
int attack(const PublishedTable &published, const Table &counts, std::size_t columns,
           int64_t threshold) {
    return psp_test::expect_table_resists(published, counts, columns, threshold);
}

// The brute-force attacker: every assignment of 0..bound to the suppressed cells that agrees
// with every published total; the smallest and largest value each suppressed cell takes.
std::map<std::pair<std::size_t, std::size_t>, std::pair<int64_t, int64_t>> brute_force(
    const FigureGrid &grid, int64_t bound) {
    const std::size_t rows = grid.size() - 1, columns = grid.front().size() - 1;
    std::vector<std::pair<std::size_t, std::size_t>> hidden;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            if (!grid[r][c]) {
                hidden.emplace_back(r, c);
            }
        }
    }
    std::map<std::pair<std::size_t, std::size_t>, std::pair<int64_t, int64_t>> range;
    std::vector<int64_t> x(hidden.size(), 0);
    while (true) {
        Table full(rows, std::vector<int64_t>(columns));
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < columns; ++c) {
                full[r][c] = grid[r][c].value_or(0);
            }
        }
        for (std::size_t i = 0; i < hidden.size(); ++i) {
            full[hidden[i].first][hidden[i].second] = x[i];
        }
        const Table sums = truth_grid(full, columns);
        bool fits = true;
        for (std::size_t r = 0; r <= rows && fits; ++r) {
            for (std::size_t c = 0; c <= columns && fits; ++c) {
                fits = !grid[r][c] || *grid[r][c] == sums[r][c];
            }
        }
        if (fits) {
            for (std::size_t i = 0; i < hidden.size(); ++i) {
                auto [it, fresh] = range.try_emplace(hidden[i], x[i], x[i]);
                it->second.first = std::min(it->second.first, x[i]);
                it->second.second = std::max(it->second.second, x[i]);
            }
        }
        std::size_t i = 0;
        while (i < x.size() && ++x[i] > bound) {
            x[i++] = 0;
        }
        if (i == x.size()) {
            break;
        }
    }
    return range;
}

psp::CountTable count_table(Table counts, std::size_t columns) {
    psp::CountTable t{"t", "T", "row", "column", {}, {}, std::move(counts)};
    for (std::size_t r = 0; r < t.counts.size(); ++r) {
        t.row_labels.push_back("r" + std::to_string(r));
    }
    for (std::size_t c = 0; c < columns; ++c) {
        t.column_labels.push_back("c" + std::to_string(c));
    }
    return t;
}

int64_t random_count(std::mt19937 &rng) {
    const unsigned kind = rng() % 10;
    return static_cast<int64_t>(kind < 2   ? 0
                                : kind < 6 ? 1 + rng() % 4
                                : kind < 8 ? 5 + rng() % 10
                                           : rng() % 60);
}

// ---- quarters.

TEST(StatisticsQuarters, LabelsParseAndPrint) {
    EXPECT_EQ(psp::parse_quarter("2026-Q1"), 2026 * 4);
    EXPECT_EQ(psp::quarter_name(*psp::parse_quarter("2025-Q4")), "2025-Q4");
    for (const char *bad : {"2026-Q0", "2026-Q5", "2026Q1", "26-Q1", "1969-Q4", "2026-q1",
                            "+026-Q1", "2026-Q1 ", ""}) {
        EXPECT_FALSE(psp::parse_quarter(bad)) << bad;
    }
}

// ---- tables by quarter.

TEST(StatisticsByQuarter, EachQuarterIsAListAndTotalsOnlySumWhatIsShown) {
    // Quarter 0: the 2 is paired with the 3; quarter 1 has nothing small.
    const psp::StatisticsTable t =
        psp::publish_by_quarter(count_table({{2, 9}, {3, 8}, {40, 7}}, 2), {5});
    EXPECT_FALSE(t.figures.cells[0][0]);
    EXPECT_FALSE(t.figures.cells[1][0]);
    EXPECT_EQ(t.figures.cells[2][0], 40);
    EXPECT_EQ(t.figures.column_totals[0], 45);
    EXPECT_EQ(t.figures.cells[0][1], 9);
    EXPECT_FALSE(t.figures.row_totals[0]) << "a row total over a suppressed cell would reveal it";
    EXPECT_EQ(t.figures.row_totals[2], 47);
    EXPECT_EQ(t.figures.grand_total, 69);
}

TEST(StatisticsByQuarterAttack, RandomTablesResistTheLinearAttack) {
    std::mt19937 rng(20260105);
    int suppressed = 0;
    for (int round = 0; round < 250; ++round) {
        const std::size_t rows = 1 + rng() % 8, columns = 1 + rng() % 8;
        Table counts(rows, std::vector<int64_t>(columns));
        for (auto &row : counts) {
            for (int64_t &v : row) {
                v = random_count(rng);
            }
        }
        const int64_t threshold = 2 + static_cast<int64_t>(rng() % 9);
        const psp::StatisticsTable t =
            psp::publish_by_quarter(count_table(counts, columns), {threshold});
        suppressed += attack(t.figures, counts, columns, threshold);
    }
    EXPECT_GT(suppressed, 1000) << "the random tables should exercise suppression";
}

TEST(StatisticsByQuarterAttack, BruteForceAgreesOnTinyTables) {
    std::mt19937 rng(11);
    int checked = 0;
    for (int round = 0; round < 120; ++round) {
        const std::size_t rows = 1 + rng() % 3, columns = 1 + rng() % 2;
        Table counts(rows, std::vector<int64_t>(columns));
        for (auto &row : counts) {
            for (int64_t &v : row) {
                v = static_cast<int64_t>(rng() % 8);
            }
        }
        const psp::StatisticsTable t = psp::publish_by_quarter(count_table(counts, columns), {5});
        const FigureGrid grid = psp_test::as_grid(t.figures);
        // The enumeration is exponential in the hidden figures: four keep it to milliseconds.
        std::size_t hidden = 0;
        for (const auto &line : grid) {
            for (const auto &figure : line) {
                hidden += figure ? 0 : 1;
            }
        }
        if (hidden > 4) {
            continue;
        }
        const int64_t bound = truth_grid(counts, columns).back().back() + 5;
        for (const auto &[at, lo_hi] : brute_force(grid, bound)) {
            const int64_t v = counts[at.first][at.second];
            const std::optional<int64_t> hi =
                lo_hi.second >= bound ? std::nullopt : std::optional<int64_t>(lo_hi.second);
            EXPECT_EQ(psp_test::guarantee_violation(v, {lo_hi.first, hi}, 5), "")
                << describe(counts);
            ++checked;
        }
    }
    EXPECT_GT(checked, 50);
}

TEST(StatisticsByQuarterAttack, OverlappingRangesPublishTheSameQuarters) {
    // Four quarters asked for as 0..3 and as 1..2: the shared quarters are published alike, so
    // the two answers together tell no more than either.
    std::mt19937 rng(5);
    for (int round = 0; round < 100; ++round) {
        Table counts(6, std::vector<int64_t>(4));
        for (auto &row : counts) {
            for (int64_t &v : row) {
                v = random_count(rng);
            }
        }
        Table middle;
        for (const auto &row : counts) {
            middle.push_back({row[1], row[2]});
        }
        const auto all = psp::publish_by_quarter(count_table(counts, 4), {5}).figures;
        const auto part = psp::publish_by_quarter(count_table(middle, 2), {5}).figures;
        for (std::size_t r = 0; r < 6; ++r) {
            EXPECT_EQ(part.cells[r][0], all.cells[r][1]);
            EXPECT_EQ(part.cells[r][1], all.cells[r][2]);
        }
        EXPECT_EQ(part.column_totals[0], all.column_totals[1]);
        EXPECT_EQ(part.column_totals[1], all.column_totals[2]);
    }
}

// ---- tables by group.

struct People {
    Table by_division, by_shift;
};

// Person-level data: each person in a division, a shift and one of `columns` categories.
People random_people(std::mt19937 &rng, std::size_t divisions, std::size_t shifts,
                     std::size_t columns, int people) {
    People p{Table(divisions, std::vector<int64_t>(columns, 0)),
             Table(shifts, std::vector<int64_t>(columns, 0))};
    for (int i = 0; i < people; ++i) {
        const std::size_t column = rng() % columns;
        ++p.by_division[rng() % divisions][column];
        ++p.by_shift[rng() % shifts][column];
    }
    return p;
}

TEST(StatisticsByGroupAttack, EveryViewResistsAndTheViewsAgreeOnTheAgencyFigures) {
    std::mt19937 rng(2026);
    int suppressed = 0;
    for (int round = 0; round < 150; ++round) {
        const std::size_t columns = 2 + rng() % 3;
        const People p =
            random_people(rng, 1 + rng() % 5, 1 + rng() % 4, columns, static_cast<int>(rng() % 40));
        const psp::GroupedCounts counts{count_table(p.by_division, columns),
                                        count_table(p.by_shift, columns)};
        const psp::StatisticsTable agency =
            psp::publish_by_group(counts, psp::Breakdown::agency, {5});
        const psp::StatisticsTable division =
            psp::publish_by_group(counts, psp::Breakdown::division, {5});
        const psp::StatisticsTable shift =
            psp::publish_by_group(counts, psp::Breakdown::shift, {5});
        suppressed += attack(division.figures, p.by_division, columns, 5);
        suppressed += attack(shift.figures, p.by_shift, columns, 5);
        const Table agency_counts = {truth_grid(p.by_division, columns).back()};
        Table agency_row = agency_counts;
        agency_row.front().pop_back();
        attack(agency.figures, agency_row, columns, 5);
        EXPECT_EQ(division.figures.column_totals, shift.figures.column_totals);
        EXPECT_EQ(division.figures.grand_total, shift.figures.grand_total);
        EXPECT_EQ(agency.figures.cells.front(), division.figures.column_totals);
        EXPECT_EQ(agency.figures.grand_total, division.figures.grand_total);
        EXPECT_EQ(agency.row_labels, std::vector<std::string>{"agency"});
    }
    EXPECT_GT(suppressed, 300);
}

TEST(StatisticsByGroup, ANoOneTableStillHasZeroTotals) {
    psp::GroupedCounts empty{count_table({}, 3), count_table({}, 3)};
    const psp::StatisticsTable t = psp::publish_by_group(empty, psp::Breakdown::agency, {5});
    EXPECT_EQ(t.figures.grand_total, 0);
    EXPECT_EQ(t.figures.cells.front(), (std::vector<PublishedCount>{0, 0, 0}));
}

TEST(StatisticsByGroup, AGroupOfFewPeopleIsNamed) {
    const std::vector<psp::GroupSize> groups = {{"Patrol", 12}, {"Empty", 0}, {"Traffic", 3}};
    const auto small = psp::group_singling_out(groups, {5});
    ASSERT_TRUE(small);
    EXPECT_EQ(small->group, "Traffic");
    EXPECT_FALSE(psp::group_singling_out(groups, {3}));
    EXPECT_FALSE(psp::group_singling_out({{"Empty", 0}}, {5})) << "nobody is nobody singled out";
}

TEST(StatisticsByGroup, SharesUsePublishedFiguresOnly) {
    EXPECT_DOUBLE_EQ(*psp::published_share({6, 4}, 20), 0.5);
    EXPECT_FALSE(psp::published_share({6, std::nullopt}, 20));
    EXPECT_FALSE(psp::published_share({6}, std::nullopt));
    EXPECT_FALSE(psp::published_share({0}, 0));
}

// ---- CSV.

TEST(StatisticsCsv, QuotesDefusesAndParsesBack) {
    EXPECT_EQ(psp::csv_field("Patrol"), "Patrol");
    EXPECT_EQ(psp::csv_field("A, B"), "\"A, B\"");
    EXPECT_EQ(psp::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(psp::csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    EXPECT_EQ(psp::csv_field("-2"), "'-2");
    psp::CountTable t = count_table({{2, 9}, {3, 8}, {40, 7}}, 2);
    t.row_labels = {"=cmd()", "a,b", "line\nbreak"};
    const std::string csv = psp::statistics_csv({psp::publish_by_quarter(t, {5})});
    const psp::CsvTable parsed = psp::parse_csv_table(csv, "/csv");
    EXPECT_EQ(parsed.header, (std::vector<std::string>{"table", "row", "column", "count"}));
    ASSERT_EQ(parsed.rows.size(), 3u * 3u + 3u);  // cells and row totals, then the totals line
    EXPECT_EQ(parsed.rows[0].fields,
              (std::vector<std::string>{"t", "'=cmd()", "c0", "suppressed"}));
    EXPECT_EQ(parsed.rows[3].fields[1], "a,b");
    EXPECT_EQ(parsed.rows[6].fields[1], "line\nbreak");
    EXPECT_EQ(parsed.rows[8].fields, (std::vector<std::string>{"t", "line\nbreak", "", "47"}));
    EXPECT_EQ(parsed.rows.back().fields, (std::vector<std::string>{"t", "", "", "69"}));
}

// ---- through statistics.report.

constexpr int64_t kQuarterMs = int64_t{92} * 24 * 3600 * 1000;

// A published table from a statistics.report table.
PublishedTable from_json(const Json &table) {
    const auto count = [](const Json &v) {
        return v.is_null() ? PublishedCount{} : PublishedCount{v.get<int64_t>()};
    };
    PublishedTable t;
    for (const Json &row : table.at("rows")) {
        std::vector<PublishedCount> cells;
        for (const Json &v : row.at("counts")) {
            cells.push_back(count(v));
        }
        t.cells.push_back(std::move(cells));
        t.row_totals.push_back(count(row.at("total")));
    }
    for (const Json &v : table.at("column_totals")) {
        t.column_totals.push_back(count(v));
    }
    t.grand_total = count(table.at("total"));
    return t;
}

Json only_table(const Json &report) {
    EXPECT_EQ(report.at("tables").size(), 1u);
    return report.at("tables").at(0);
}

class StatisticsReport : public ::testing::Test {
  protected:
    // Only a member of the team logs contacts; selected at the test clock's time.
    void make_logger_active() {
        if (p_.status("O3") != "active") {
            p_.make_active("O3");
        }
    }
    void log(const std::string &category, int times, Json referrals = Json::array()) {
        make_logger_active();
        for (int i = 0; i < times; ++i) {
            p_.as("O3", one_role().peer_supporter, "contact.log",
                  {{"category", category}, {"minutes", 20}, {"referrals", referrals}});
        }
    }
    // Contacts in 2023-Q3 and 2023-Q4 (the test clock's quarter).
    void log_two_quarters() {
        make_logger_active();
        p_.t.host.now_ms -= kQuarterMs;
        log("career_issues", 7);
        log("family_support", 6, {"chaplain"});
        p_.t.host.now_ms += kQuarterMs;
        log("career_issues", 9, {"clinician", "eap"});
        log("family_support", 2);
        log("death_notification", 1, {"clinician"});
    }
    Json contacts_report() {
        return p_.as("CMD", one_role().command_staff, "statistics.report",
                     {{"tables", {"contacts"}}, {"from", "2023-Q3"}, {"to", "2023-Q4"}});
    }
    // Every table's rows but the audit log's, for "changed nothing".
    std::map<std::string, long long> rows() {
        std::map<std::string, long long> out;
        for (const char *table : {"contacts", "employees", "program_members", "activation_counts",
                                  "idempotency", "training_attendance"}) {
            out[table] = p_.t.count(std::string("SELECT COUNT(*) FROM ") + table);
        }
        return out;
    }
    psp::Error refused(const Json &params) {
        const auto before = rows();
        psp::Error e = p_.refused("CMD", one_role().command_staff, "statistics.report", params);
        EXPECT_EQ(rows(), before);
        EXPECT_EQ(p_.t.audit_rows().back()["outcome"], psp::error_code_name(e.code()));
        return e;
    }

    psp_test::ProgramAgency p_;
};

TEST_F(StatisticsReport, ContactsByCategoryAndQuarterAreSuppressedAndSurviveTheAttack) {
    log_two_quarters();
    const Json table = only_table(contacts_report());
    EXPECT_EQ(table.at("columns"), Json::array({"2023-Q3", "2023-Q4"}));
    std::map<std::string, std::size_t> row;
    for (std::size_t r = 0; r < table.at("rows").size(); ++r) {
        row[table["rows"][r]["label"]] = r;
    }
    // 2023-Q4 has 9, 2 and 1: the 2 and the 1 are small and the 9 is their complement, so the
    // quarter's total can be published.
    const Json &career = table["rows"][row["career_issues"]];
    EXPECT_EQ(career["counts"][0], 7);
    EXPECT_TRUE(career["counts"][1].is_null()) << "the complement";
    EXPECT_TRUE(career["total"].is_null());
    const Json &family = table["rows"][row["family_support"]];
    EXPECT_EQ(family["counts"][0], 6);
    EXPECT_TRUE(family["counts"][1].is_null()) << "2 contacts is a small count";
    EXPECT_TRUE(table["rows"][row["death_notification"]]["counts"][1].is_null());
    EXPECT_EQ(table["rows"][row["death_notification"]]["counts"][0], 0);
    EXPECT_EQ(table["column_totals"], Json::array({13, 12}));
    EXPECT_EQ(table["total"], 25) << "the sum of the published quarter totals";
    // The attack, against what was really logged.
    Table truth(table["rows"].size(), std::vector<int64_t>(2, 0));
    truth[row["career_issues"]] = {7, 9};
    truth[row["family_support"]] = {6, 2};
    truth[row["death_notification"]] = {0, 1};
    EXPECT_GT(attack(from_json(table), truth, 2, 5), 2);
}

TEST_F(StatisticsReport, ReferralsByKindCountEachKindOfAContact) {
    log_two_quarters();
    const Json table =
        only_table(p_.as("CMD", one_role().command_staff, "statistics.report",
                         {{"tables", {"referrals"}}, {"from", "2023-Q3"}, {"to", "2023-Q4"}}));
    std::map<std::string, Json> by_kind;
    for (const Json &r : table["rows"]) {
        by_kind[r["label"]] = r["counts"];
    }
    EXPECT_EQ(by_kind["chaplain"], Json::array({6, 0}));
    EXPECT_EQ(by_kind["clinician"][1], 10);
    EXPECT_EQ(by_kind["eap"][1], 9);
    EXPECT_EQ(table["column_totals"], Json::array({6, 19}));
}

TEST_F(StatisticsReport, ActivationsAndCheckInsComeFromTheAnonymousCounts) {
    {
        psp::Database db(p_.t.storage_config());
        db.write([](soci::session &sql) {
            psp::ActivationStore store(sql);
            store.add_count("2023-Q4", "on_scene_support", psp::ActivationCount::incidents, 6);
            store.add_count("2023-Q4", "family_support", psp::ActivationCount::incidents, 1);
            store.add_count("2023-Q4", "on_scene_support", psp::ActivationCount::check_ins_on_time,
                            12);
            store.add_count("2023-Q4", "on_scene_support", psp::ActivationCount::check_ins_late, 3);
            store.add_count("2019-Q1", "on_scene_support", psp::ActivationCount::incidents, 50);
        });
    }
    const Json report = p_.as("CMD", one_role().command_staff, "statistics.report",
                              {{"tables", {"activations", "check_ins"}}});
    EXPECT_EQ(report["from"], "2023-Q1");
    EXPECT_EQ(report["to"], "2023-Q4");
    const Json &activations = report["tables"][0];
    EXPECT_EQ(activations["columns"].back(), "2023-Q4");
    // 6 and 1: the 1 takes the 6 as its complement; the total of 7 stays published.
    EXPECT_TRUE(activations["rows"][1]["counts"].back().is_null());
    EXPECT_TRUE(activations["rows"][4]["counts"].back().is_null());
    EXPECT_EQ(activations["column_totals"].back(), 7);
    EXPECT_EQ(activations["column_totals"][0], 0) << "2019 is outside the range";
    const Json &check_ins = report["tables"][1];
    EXPECT_EQ(check_ins["rows"][0]["label"], "on_time");
    EXPECT_EQ(check_ins["rows"][0]["counts"].back(), nullptr) << "12 pairs with the late 3";
    EXPECT_EQ(check_ins["rows"][1]["counts"].back(), nullptr);
    EXPECT_EQ(check_ins["column_totals"].back(), 15);
}

TEST_F(StatisticsReport, CsvAndSvgExportTheSameFigures) {
    log_two_quarters();
    const Json csv = p_.as("CMD", one_role().command_staff, "statistics.report",
                           {{"tables", {"contacts"}}, {"from", "2023-Q3"}, {"format", "csv"}});
    EXPECT_EQ(csv["media_type"], "text/csv; charset=utf-8");
    const psp::CsvTable parsed = psp::parse_csv_table(csv["content"].get<std::string>(), "/csv");
    std::map<std::string, std::string> figure;
    for (const psp::CsvRow &r : parsed.rows) {
        figure[r.fields[1] + "/" + r.fields[2]] = r.fields[3];
    }
    EXPECT_EQ(figure["career_issues/2023-Q3"], "7");
    EXPECT_EQ(figure["career_issues/2023-Q4"], "suppressed");
    EXPECT_EQ(figure["family_support/2023-Q4"], "suppressed");
    EXPECT_EQ(figure["/2023-Q3"], "13");
    const Json svg = p_.as("CMD", one_role().command_staff, "statistics.report",
                           {{"from", "2023-Q2"}, {"to", "2023-Q4"}, {"format", "svg"}});
    EXPECT_EQ(svg["media_type"], "image/svg+xml");
    const std::string text = svg["content"];
    EXPECT_EQ(text.rfind("<?xml", 0), 0u);
    EXPECT_NE(text.find("2023-Q3"), std::string::npos);
    EXPECT_NE(text.find(">13<"), std::string::npos) << text;
}

TEST_F(StatisticsReport, BreakdownsThatWouldSingleOutAPersonAreRefused) {
    p_.make_active("O3");
    p_.make_active("O4");
    psp::Error e = refused({{"breakdown", "division"}});
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/breakdown");
    // Neither the division nor its size (command_staff_figures_test.cpp).
    EXPECT_NE(std::string(e.what()).find("would single out people: at least one division has "
                                         "fewer PSPs than policy.statistics.threshold (5)"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("Patrol"), std::string::npos) << e.what();
    e = refused({{"tables", {"headcount"}}, {"breakdown", "division"}});
    EXPECT_NE(std::string(e.what()).find("fewer employees than"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("Command"), std::string::npos) << e.what();
    // Agency-wide, the two PSPs are small counts: shown as suppressed, and no rate.
    const Json training = only_table(p_.as("CMD", one_role().command_staff, "statistics.report",
                                           {{"tables", {"training_compliance"}}}));
    EXPECT_TRUE(training["total"].is_null());
    EXPECT_TRUE(training["compliance_rate"].is_null());
}

TEST(StatisticsReportPolicy, ALowerThresholdAllowsABreakdownAndIsReported) {
    psp_test::ProgramAgency p(R"({"policy": {"statistics": {"threshold": 2}}})");
    for (const char *id : {"O1", "O4", "D1", "X1"}) {
        p.make_active(id);
    }
    const Json report = p.as("CMD", one_role().command_staff, "statistics.report",
                             {{"tables", {"coverage", "headcount"}}, {"breakdown", "shift"}});
    EXPECT_EQ(report["threshold"], 2);
    const Json &headcount = report["tables"][1];
    EXPECT_EQ(headcount["rows_are"], "shift");
    EXPECT_EQ(headcount["columns"], Json::array({"sworn", "civilian", "dispatcher"}));
    EXPECT_EQ(headcount["rows"][0]["label"], "Day");
    EXPECT_EQ(headcount["rows"][0]["total"], 9);
    EXPECT_EQ(headcount["total"], 14);
    EXPECT_EQ(report["tables"][0]["rows"].size(), 2u);
    const psp::Error e = p.refused("CMD", one_role().command_staff, "statistics.report",
                                   {{"tables", {"headcount"}}, {"breakdown", "division"}});
    // The refusal names no group and gives no count: which division is small is itself a figure.
    EXPECT_EQ(std::string(e.what()).find("Command"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("policy.statistics.threshold (2)"), std::string::npos)
        << e.what();
}

TEST_F(StatisticsReport, EveryBadInputIsRefusedClearlyAndChangesNothing) {
    log_two_quarters();
    const auto field_of = [&](const Json &params) { return refused(params).field(); };
    EXPECT_EQ(field_of({{"format", "xml"}}), "/params/format");
    EXPECT_EQ(field_of({{"breakdown", "unit"}}), "/params/breakdown");
    EXPECT_EQ(field_of({{"tables", {"names"}}}), "/params/tables/0");
    EXPECT_EQ(field_of({{"tables", Json::array()}}), "/params/tables");
    EXPECT_EQ(field_of({{"from", "2023-Q5"}}), "/params/from");
    EXPECT_EQ(field_of({{"to", "last quarter"}}), "/params/to");
    EXPECT_EQ(field_of({{"to", "2024-Q1"}}), "/params/to") << "the future has no statistics";
    EXPECT_EQ(field_of({{"from", "2023-Q4"}, {"to", "2023-Q3"}}), "/params/from");
    EXPECT_EQ(field_of({{"from", "2013-Q3"}}), "/params/from") << "41 quarters";
    EXPECT_EQ(field_of({{"tables", {"contacts"}}, {"breakdown", "shift"}}), "/params/breakdown");
    EXPECT_EQ(field_of({{"format", "svg"}, {"tables", {"referrals"}}}), "/params/format");
    EXPECT_EQ(field_of({{"format", "svg"}, {"breakdown", "division"}}), "/params/breakdown");
    EXPECT_EQ(field_of({{"employee_id", "O3"}}), "/params/employee_id");
    const psp::Error range = refused({{"from", "2023-Q4"}, {"to", "2023-Q3"}});
    EXPECT_EQ(range.code(), psp::ErrorCode::invalid_request);
    EXPECT_NE(std::string(range.what()).find("after to (2023-Q3)"), std::string::npos);
    const psp::Error contacts = refused({{"tables", {"contacts"}}, {"breakdown", "division"}});
    EXPECT_NE(std::string(contacts.what()).find("kept without division or shift"),
              std::string::npos);
    // The first from 40 quarters back is fine.
    EXPECT_EQ(
        p_.as("CMD", one_role().command_staff, "statistics.report", {{"from", "2014-Q1"}})["from"],
        "2014-Q1");
}

TEST_F(StatisticsReport, OnlyCommandStaffAndTheCoordinatorMayRead) {
    p_.as("COORD", {"coordinator"}, "statistics.report");
    for (const char *role :
         {"hr_admin", "peer_supporter", "employee", "clinician", "auditor", "it_admin"}) {
        EXPECT_EQ(p_.refused("X", {role}, "statistics.report").code(), psp::ErrorCode::forbidden)
            << role;
    }
}

TEST(StatisticsReportIdentities, CommandStaffFindNoEmployeeInAnyAnswer) {
    psp_test::ProgramAgency p(R"({"policy": {"statistics": {"threshold": 2}}})");
    for (const char *id : {"O1", "O4", "D1", "X1"}) {
        p.make_active(id);
    }
    p.as("O1", one_role().peer_supporter, "contact.log",
         {{"category", "career_issues"}, {"minutes", 5}});
    std::string seen;
    for (const char *breakdown : {"agency", "division", "shift"}) {
        for (const char *format : {"json", "csv"}) {
            Json params = {{"breakdown", breakdown}, {"format", format}};
            try {
                seen += psp::to_json_text(
                    p.as("CMD", one_role().command_staff, "statistics.report", params));
            } catch (const psp::Error &e) {
                seen += e.what();
            }
        }
    }
    seen += psp::to_json_text(
        p.as("CMD", one_role().command_staff, "statistics.report", {{"format", "svg"}}));
    for (const char *id : {"CHIEF", "LT1", "LT2", "SGT1", "SGT2", "NEW1"}) {
        EXPECT_EQ(seen.find(id), std::string::npos) << id;
    }
    EXPECT_EQ(seen.find("Name "), std::string::npos) << "an employee's name";
    EXPECT_EQ(seen.find("Title "), std::string::npos) << "an employee's title";
    EXPECT_NE(seen.find("Night"), std::string::npos) << "the scan saw the shift breakdown";
}

}  // namespace
