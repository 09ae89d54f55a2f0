// statistics_methods.cpp: statistics.report, the anonymous statistics command staff receive and
// nothing else (IACP 3.1, 6.7): contacts by category and quarter, activations, check-ins on time
// and late, referrals made by kind, training compliance, coverage and headcount, as JSON, CSV or
// an SVG chart of utilisation by quarter.
//
// Every figure is published through management_statistics.hpp: small counts suppressed with
// their complements, breakdowns by division or shift refused where a division or shift has
// fewer people than policy.statistics.threshold. Only counts leave this file: no id or name is
// read into a result, only the division and shift labels people are grouped under.
#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "plugin/core/error.hpp"
#include "plugin/domain/management_statistics.hpp"
#include "plugin/domain/statistics_csv.hpp"
#include "plugin/domain/utilisation_chart_svg.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/services/published_statistics.hpp"
#include "plugin/services/team_pool.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/activation_store.hpp"
#include "plugin/storage/contact_store.hpp"

namespace psp {
namespace {

// Command staff read statistics; the coordinator runs the program and may see what they see.
constexpr RoleSet kStatisticsReaders = {Role::coordinator, Role::command_staff};

// These lists are built on first use: at namespace scope, a throwing constructor would run
// before main where nothing can catch it.
const std::vector<std::string> &quarter_table_names() {
    static const std::vector<std::string> tables = {"contacts", "activations", "check_ins",
                                                    "referrals"};
    return tables;
}

const std::vector<std::string> &group_table_names() {
    static const std::vector<std::string> tables = {"training_compliance", "coverage", "headcount"};
    return tables;
}

const Json &check_in_kinds() {
    static const Json kinds = {"on_time", "late"};
    return kinds;
}

const Json &compliance_states() {
    static const Json states = {"compliant", "due_soon", "overdue", "lapsed",
                                "initial_training_incomplete"};
    return states;
}

const Json &staff_categories() {
    static const Json categories = {"sworn", "civilian", "dispatcher"};
    return categories;
}

struct StatisticsRequest {
    std::vector<std::string> tables;
    int64_t first = 0, last = 0;  // quarter indexes, inclusive
    Breakdown breakdown = Breakdown::agency;
    std::string format;
};

bool contains(const std::vector<std::string> &list, const std::string &name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

int64_t quarter_param(const Json &params, const std::string &key, int64_t fallback) {
    if (!params.contains(key)) {
        return fallback;
    }
    const std::string text = params.at(key).get<std::string>();
    const std::optional<int64_t> q = parse_quarter(text);
    if (!q) {
        throw Error(ErrorCode::invalid_request,
                    key + " must be a quarter such as 2026-Q1, not \"" + text + "\"",
                    "/params/" + key);
    }
    return *q;
}

void check_quarter_range(const StatisticsRequest &r, int64_t current) {
    if (r.last > current) {
        throw Error(ErrorCode::invalid_request,
                    "to (" + quarter_name(r.last) + ") is after the current quarter, " +
                        quarter_name(current),
                    "/params/to");
    }
    if (r.first > r.last) {
        throw Error(
            ErrorCode::invalid_request,
            "from (" + quarter_name(r.first) + ") is after to (" + quarter_name(r.last) + ")",
            "/params/from");
    }
    if (r.last - r.first + 1 > kMaxStatisticsQuarters) {
        throw Error(ErrorCode::invalid_request,
                    "a report covers at most " + std::to_string(kMaxStatisticsQuarters) +
                        " quarters; " + quarter_name(r.first) + " to " + quarter_name(r.last) +
                        " is " + std::to_string(r.last - r.first + 1),
                    "/params/from");
    }
}

// Contacts and activations are kept without any division or shift: there is nothing to break
// down, and saying so is clearer than returning agency figures under a breakdown's name.
void check_tables(const StatisticsRequest &r) {
    for (const std::string &t : r.tables) {
        if (r.breakdown != Breakdown::agency && contains(quarter_table_names(), t)) {
            throw Error(ErrorCode::invalid_request,
                        t +
                            " are kept without division or shift (IACP 3.1), so they cannot be "
                            "broken down by " +
                            std::string(breakdown_name(r.breakdown)) +
                            "; only training_compliance, coverage and headcount can",
                        "/params/breakdown");
        }
    }
    if (r.format == "svg" &&
        (r.tables != std::vector<std::string>{"contacts"} || r.breakdown != Breakdown::agency)) {
        throw Error(ErrorCode::invalid_request,
                    "format svg draws one chart, contacts by quarter for the agency: leave out "
                    "tables and breakdown, or ask for json or csv",
                    "/params/format");
    }
}

StatisticsRequest parse_request(MethodContext &context, const Json &params) {
    StatisticsRequest r;
    r.format = params.value("format", "json");
    const std::string breakdown = params.value("breakdown", "agency");
    r.breakdown = breakdown == "division" ? Breakdown::division
                  : breakdown == "shift"  ? Breakdown::shift
                                          : Breakdown::agency;
    const int64_t current =
        *parse_quarter(quarter_label(context.config().calendar.local_date(context.now_ms())));
    r.last = quarter_param(params, "to", current);
    r.first = quarter_param(params, "from", r.last - 3);
    check_quarter_range(r, current);
    if (params.contains("tables")) {
        r.tables = params.at("tables").get<std::vector<std::string>>();
    } else if (r.format == "svg") {
        r.tables = {"contacts"};
    } else if (r.breakdown != Breakdown::agency) {
        r.tables = group_table_names();
    } else {
        r.tables = quarter_table_names();
        r.tables.insert(r.tables.end(), group_table_names().begin(), group_table_names().end());
    }
    check_tables(r);
    return r;
}

// ---- tables by quarter.

CountTable quarter_table(const StatisticsRequest &r, std::string name, std::string title,
                         std::string row_dimension, const Json &rows,
                         const std::vector<QuarterCount> &counts) {
    CountTable t{
        std::move(name), std::move(title), std::move(row_dimension), "quarter", {}, {}, {}};
    std::map<std::string, std::size_t> row_of;
    for (const Json &label : rows) {
        row_of[label.get<std::string>()] = t.row_labels.size();
        t.row_labels.push_back(label.get<std::string>());
    }
    for (int64_t q = r.first; q <= r.last; ++q) {
        t.column_labels.push_back(quarter_name(q));
    }
    t.counts.assign(t.row_labels.size(), std::vector<int64_t>(t.column_labels.size(), 0));
    for (const QuarterCount &c : counts) {
        const std::optional<int64_t> q = parse_quarter(c.quarter);
        const auto row = row_of.find(c.kind);
        if (!q || *q < r.first || *q > r.last || row == row_of.end()) {
            continue;
        }
        t.counts[row->second][static_cast<std::size_t>(*q - r.first)] += c.count;
    }
    return t;
}

struct ActivationCounts {
    std::vector<QuarterCount> incidents, check_ins;
};

ActivationCounts activation_counts(soci::session &sql) {
    ActivationCounts out;
    for (const auto &[key, v] : ActivationStore(sql).counts()) {
        const auto &[quarter, category] = key;
        out.incidents.push_back({quarter, category, v[0]});
        out.check_ins.push_back({quarter, "on_time", v[4]});
        out.check_ins.push_back({quarter, "late", v[5]});
    }
    return out;
}

std::vector<CountTable> quarter_tables(const StatisticsRequest &r, soci::session &sql) {
    const std::string first = quarter_name(r.first), last = quarter_name(r.last);
    ContactStore contacts(sql);
    const ActivationCounts activations = activation_counts(sql);
    std::vector<CountTable> out;
    for (const std::string &name : r.tables) {
        if (name == "contacts") {
            out.push_back(quarter_table(r, name, "Contacts by category (IACP 2.3) and quarter",
                                        "category", contact_categories(),
                                        contacts.count_by_category(first, last)));
        } else if (name == "activations") {
            out.push_back(quarter_table(r, name, "Critical-incident activations by category",
                                        "category", incident_categories(), activations.incidents));
        } else if (name == "check_ins") {
            out.push_back(quarter_table(r, name, "Check-ins after an activation, on time or late",
                                        "timeliness", check_in_kinds(), activations.check_ins));
        } else if (name == "referrals") {
            out.push_back(quarter_table(r, name, "Referrals made by kind", "kind", referral_kinds(),
                                        contacts.count_referrals(first, last)));
        }
    }
    return out;
}

// ---- tables by division and shift.

struct Groups {
    std::string division, shift;
};

std::string group_label(const std::vector<std::string> &names, uint32_t index) {
    const std::string &name = names.at(index);
    return name.empty() ? "(none)" : name;
}

Groups groups_of(const OrgChartIndex &chart, OrgChartIndex::Node node) {
    if (node == OrgChartIndex::npos) {
        return {"(none)", "(none)"};
    }
    const OrgChartIndex::Facts &f = chart.facts(node);
    return {group_label(chart.division_names(), f.division),
            group_label(chart.shift_names(), f.shift)};
}

// One table's counts by division and by shift, and the size of its population in each.
class GroupTally {
  public:
    explicit GroupTally(const Json &columns) : columns_(columns.size()) {}

    // Makes the groups rows of the table even when nothing is counted in them.
    void add_row(const Groups &g) {
        division_.try_emplace(g.division, columns_, 0);
        shift_.try_emplace(g.shift, columns_, 0);
    }
    void count(const Groups &g, std::size_t column) {
        add_row(g);
        ++division_[g.division][column];
        ++shift_[g.shift][column];
    }
    // One person of the population the table describes.
    void person(const Groups &g) {
        ++division_people_[g.division];
        ++shift_people_[g.shift];
    }

    GroupedCounts counts(const CountTable &shape) const {
        return {table(shape, "division", division_), table(shape, "shift", shift_)};
    }
    std::vector<GroupSize> sizes(Breakdown b) const {
        std::vector<GroupSize> out;
        for (const auto &[group, n] : b == Breakdown::shift ? shift_people_ : division_people_) {
            out.push_back({group, n});
        }
        return out;
    }

  private:
    using Rows = std::map<std::string, std::vector<int64_t>>;
    static CountTable table(CountTable t, const std::string &dimension, const Rows &rows) {
        t.row_dimension = dimension;
        for (const auto &[label, counts] : rows) {
            t.row_labels.push_back(label);
            t.counts.push_back(counts);
        }
        return t;
    }

    std::size_t columns_;
    Rows division_, shift_;
    std::map<std::string, int64_t> division_people_, shift_people_;
};

std::size_t column_of(const Json &columns, std::string_view name) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == name) {
            return i;
        }
    }
    throw Error(ErrorCode::internal, "no statistics column " + std::string(name));
}

struct NamedTally {
    CountTable shape;
    GroupTally tally;
    std::string population;  // who the breakdown's group sizes count
};

CountTable group_shape(std::string name, std::string title, std::string column_dimension,
                       const Json &columns) {
    CountTable t{std::move(name), std::move(title), "", std::move(column_dimension), {}, {}, {}};
    for (const Json &c : columns) {
        t.column_labels.push_back(c.get<std::string>());
    }
    return t;
}

NamedTally training_tally(MethodContext &context, soci::session &sql, const OrgChartIndex &chart) {
    NamedTally t{group_shape("training_compliance", "PSPs by continuing-training compliance",
                             "state", compliance_states()),
                 GroupTally(compliance_states()), "PSPs"};
    for (const auto &[id, status] :
         compliance_of_all_psps(sql, context.config(), context.now_ms())) {
        const Groups g = groups_of(chart, chart.find(id));
        t.tally.person(g);
        t.tally.count(g, column_of(compliance_states(), compliance_state_name(status.state)));
    }
    return t;
}

// Available PSPs by staff category in each group with employees; the population a breakdown
// must not single out is the program's members, available or not.
// The staff categories as columns, with "unknown" when the directory has people whose category
// the HR export did not give (policy.directory.mapping): shown, never folded into another.
Json staff_category_columns(const OrgChartIndex &chart) {
    Json columns = staff_categories();
    for (OrgChartIndex::Node n = 0; n < chart.size(); ++n) {
        if (chart.facts(n).category == StaffCategory::unknown) {
            columns.push_back(staff_category_name(StaffCategory::unknown));
            break;
        }
    }
    return columns;
}

NamedTally coverage_tally(MethodContext &context, soci::session &sql, const OrgChartIndex &chart) {
    const Json columns = staff_category_columns(chart);
    NamedTally t{group_shape("coverage", "Available PSPs by staff category (IACP 3.8)",
                             "staff_category", columns),
                 GroupTally(columns), "PSPs"};
    for (OrgChartIndex::Node n = 0; n < chart.size(); ++n) {
        if (chart.facts(n).active) {
            t.tally.add_row(groups_of(chart, n));
        }
    }
    for (const PoolMember &m : team_pool(context, sql)) {
        const OrgChartIndex::Node node = chart.find(m.employee_id);
        if (node == OrgChartIndex::npos) {
            continue;
        }
        const Groups g = groups_of(chart, node);
        t.tally.person(g);
        if (m.available()) {
            t.tally.count(g, column_of(columns, staff_category_name(chart.facts(node).category)));
        }
    }
    return t;
}

NamedTally headcount_tally(const OrgChartIndex &chart) {
    const Json columns = staff_category_columns(chart);
    NamedTally t{
        group_shape("headcount", "Active employees by staff category", "staff_category", columns),
        GroupTally(columns), "employees"};
    for (OrgChartIndex::Node n = 0; n < chart.size(); ++n) {
        if (!chart.facts(n).active) {
            continue;
        }
        const Groups g = groups_of(chart, n);
        t.tally.person(g);
        t.tally.count(g, column_of(columns, staff_category_name(chart.facts(n).category)));
    }
    return t;
}

std::vector<NamedTally> group_tallies(const StatisticsRequest &r, MethodContext &context,
                                      soci::session &sql) {
    std::vector<NamedTally> out;
    std::shared_ptr<const OrgChartIndex> chart;
    for (const std::string &name : r.tables) {
        if (!contains(group_table_names(), name)) {
            continue;
        }
        if (!chart) {
            chart = context.org_chart();
        }
        if (name == "training_compliance") {
            out.push_back(training_tally(context, sql, *chart));
        }
        if (name == "coverage") {
            out.push_back(coverage_tally(context, sql, *chart));
        }
        if (name == "headcount") {
            out.push_back(headcount_tally(*chart));
        }
    }
    return out;
}

// Error(invalid_request) when the breakdown has a division or shift with too few people.
void refuse_singling_out(const StatisticsRequest &r, const NamedTally &t,
                         const SuppressionPolicy &policy) {
    if (r.breakdown == Breakdown::agency) {
        return;
    }
    const std::optional<GroupSize> small = group_singling_out(t.tally.sizes(r.breakdown), policy);
    if (!small) {
        return;
    }
    // Neither the group nor its size: a refusal must not publish what suppression hides (a
    // suppressed figure is consistent with being at or above the threshold; "Patrol has 2" or
    // even "Patrol is small" is not).
    const std::string by(breakdown_name(r.breakdown));
    throw Error(ErrorCode::invalid_request,
                "a breakdown of " + t.shape.name + " by " + by +
                    " would single out people: at least one " + by + " has fewer " + t.population +
                    " than policy.statistics.threshold (" + std::to_string(policy.threshold) +
                    "); ask for the agency view",
                "/params/breakdown");
}

// ---- output.

Json count_json(const PublishedCount &c) {
    return c ? Json(*c) : Json(nullptr);
}

Json published_counts_json(const std::vector<PublishedCount> &counts) {
    Json out = Json::array();
    for (const PublishedCount &c : counts) {
        out.push_back(count_json(c));
    }
    return out;
}

// Compliant or due soon (training up to date) as a share of the PSPs, from published figures.
Json compliance_rate(const std::vector<PublishedCount> &cells, const PublishedCount &total) {
    const std::optional<double> share = published_share({cells[0], cells[1]}, total);
    return share ? Json(*share) : Json(nullptr);
}

Json table_json(const StatisticsTable &t) {
    const bool training = t.name == "training_compliance";
    Json rows = Json::array();
    for (std::size_t r = 0; r < t.row_labels.size(); ++r) {
        Json row = {{"label", t.row_labels[r]},
                    {"counts", published_counts_json(t.figures.cells[r])},
                    {"total", count_json(t.figures.row_totals[r])}};
        if (training) {
            row["compliance_rate"] = compliance_rate(t.figures.cells[r], t.figures.row_totals[r]);
        }
        rows.push_back(std::move(row));
    }
    Json out = {{"name", t.name},
                {"title", t.title},
                {"rows_are", t.row_dimension},
                {"columns_are", t.column_dimension},
                {"columns", t.column_labels},
                {"rows", std::move(rows)},
                {"column_totals", published_counts_json(t.figures.column_totals)},
                {"total", count_json(t.figures.grand_total)}};
    if (training) {
        out["compliance_rate"] = compliance_rate(t.figures.column_totals, t.figures.grand_total);
    }
    return out;
}

std::vector<StatisticsTable> published_tables(const StatisticsRequest &r, MethodContext &context) {
    const SuppressionPolicy policy = SuppressionPolicy{context.config().statistics.threshold};
    std::vector<CountTable> by_quarter;
    std::vector<NamedTally> by_group;
    context.read([&](soci::session &sql) {
        by_quarter = quarter_tables(r, sql);
        by_group = group_tallies(r, context, sql);
    });
    for (const NamedTally &t : by_group) {
        refuse_singling_out(r, t, policy);
    }
    std::vector<StatisticsTable> out;
    for (const std::string &name : r.tables) {
        for (const CountTable &t : by_quarter) {
            if (t.name == name) {
                out.push_back(publish_by_quarter(t, policy));
            }
        }
        for (const NamedTally &t : by_group) {
            if (t.shape.name == name) {
                out.push_back(publish_by_group(t.tally.counts(t.shape), r.breakdown, policy));
            }
        }
    }
    return out;
}

std::string utilisation_svg(const StatisticsTable &contacts) {
    UtilisationChart chart{"Peer support contacts by quarter", "contacts", {}};
    for (std::size_t c = 0; c < contacts.column_labels.size(); ++c) {
        chart.bars.push_back({contacts.column_labels[c], contacts.figures.column_totals[c]});
    }
    return render_utilisation_chart_svg(chart);
}

Json statistics_report(MethodContext &context, const Json &params) {
    const StatisticsRequest r = parse_request(context, params);
    const std::vector<StatisticsTable> tables = published_tables(r, context);
    Json out = {{"format", r.format},
                {"threshold", context.config().statistics.threshold},
                {"from", quarter_name(r.first)},
                {"to", quarter_name(r.last)},
                {"breakdown", breakdown_name(r.breakdown)}};
    if (r.format == "csv") {
        out["media_type"] = "text/csv; charset=utf-8";
        out["content"] = statistics_csv(tables);
    } else if (r.format == "svg") {
        out["media_type"] = "image/svg+xml";
        out["content"] = utilisation_svg(tables.front());
    } else {
        Json list = Json::array();
        for (const StatisticsTable &t : tables) {
            list.push_back(table_json(t));
        }
        out["tables"] = std::move(list);
    }
    return out;
}

}  // namespace

std::vector<StatisticsTable> published_group_statistics(MethodContext &context,
                                                        const std::vector<std::string> &tables) {
    StatisticsRequest r;
    r.tables = tables;
    r.format = "json";
    r.last = r.first =
        *parse_quarter(quarter_label(context.config().calendar.local_date(context.now_ms())));
    return published_tables(r, context);
}

void add_statistics_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "statistics.report",
        .summary =
            "Anonymous statistics for management (IACP 3.1, 6.7): contacts by category and "
            "quarter, "
            "activations by category and quarter, check-ins on time and late, referrals made by "
            "kind, PSPs' training compliance, available PSPs and headcount. Quarters from..to "
            "(default: the last four, at most 40); training, coverage and headcount are as of now "
            "and may be broken down by division or shift, refused where a division or shift has "
            "fewer people than policy.statistics.threshold. Counts under the threshold are "
            "suppressed (null in JSON, \"suppressed\" in CSV) with complements so no total "
            "reveals them. format: json (default), csv (one line per figure) or svg (a chart of "
            "contacts by quarter).",
        .roles = kStatisticsReaders,
        .handler = &statistics_report,
    });
}

}  // namespace psp
