// agency_generator.cpp: builds the deterministic sample agency (org chart, people, the trap).
//
// The headcount is shared out over a fixed table of units by integer weights; each unit is then
// built top-down as a small hierarchy (managers, first-line supervisors, line staff) under its
// division head, so every manager exists before their reports and the chart is a tree by
// construction. All randomness is `rng() % n` on std::mt19937_64, whose output the standard fixes;
// the std distributions differ between standard libraries and would break "same seed, same
// agency" across platforms. Floating point is avoided for the same reason.
#include "host_sim/agency_generator.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>
#include <string_view>

namespace psp::host_sim {
namespace {

constexpr std::size_t kMinAgencySize = 20;
constexpr std::size_t kMaxAgencySize = 100'000;
constexpr std::size_t kPowerShiftAbove = 5'000;  // large agencies add an overlapping shift

// One first-line supervisor per ten people of a unit leaves each of them about 7 to 9 reports.
constexpr std::size_t kHeadcountPerTeam = 10;
constexpr std::size_t kManagerSpan = 5;    // supervisors per manager, managers per senior manager
constexpr std::size_t kMaxUnitTop = 6;     // beyond this many at a unit's top, add a layer
constexpr std::size_t kTeamWeightMin = 7;  // team sizes vary by up to 9:7
constexpr std::size_t kTeamWeightRange = 3;

// always_staffed: a 24/7 service (patrol, dispatch) spreads even a single team over every shift;
// in other units a whole team works its supervisor's shift.
enum class ShiftPattern { day, day_evening, around_the_clock, always_staffed };

struct DivisionSpec {
    const char *name;
    const char *head_title;
    const char *head_category;
};

struct UnitSpec {
    const char *division;  // nullptr: the Office of the Chief, reporting to the chief
    const char *name;
    const char *team_word;  // "Squad" gives units "Patrol Squad 4"; nullptr: one unit name
    const char *category;   // "sworn", "civilian" or "dispatcher"
    const char *line_title;
    const char *supervisor_title;
    std::size_t weight;  // share of the agency's headcount
    std::size_t min_agency_size;
    std::size_t max_agency_size;
    ShiftPattern shifts;
    std::size_t min_team;           // a smaller unit has no supervisor of its own
    std::size_t min_headcount = 0;  // even the smallest agency has this many here
};

constexpr std::size_t kNoMax = kMaxAgencySize;
constexpr const char *kOfficeOfTheChief = "Office of the Chief";

constexpr std::array kDivisions = {
    DivisionSpec{"Patrol", "Deputy Chief", "sworn"},
    DivisionSpec{"Investigations", "Deputy Chief", "sworn"},
    DivisionSpec{"Support Services", "Deputy Chief", "sworn"},
    DivisionSpec{"Special Operations", "Deputy Chief", "sworn"},
    DivisionSpec{"Community Engagement", "Deputy Chief", "sworn"},
    DivisionSpec{"Administrative Services", "Director of Administrative Services", "civilian"},
};

// The weights give about 72% sworn staff, 9% dispatchers and 19% other civilians.
constexpr std::array kUnits = {
    UnitSpec{"Patrol", "Patrol", "Squad", "sworn", "Police Officer", "Sergeant", 540, 0, kNoMax,
             ShiftPattern::always_staffed, 5},
    UnitSpec{"Patrol", "Community Service", nullptr, "civilian", "Community Service Officer",
             "Community Service Supervisor", 20, 1'000, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Investigations", "Criminal Investigations", "Team", "sworn", "Detective", "Sergeant",
             120, 0, 999, ShiftPattern::day_evening, 5},
    UnitSpec{"Investigations", "Crimes Against Persons", "Team", "sworn", "Detective", "Sergeant",
             45, 1'000, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Investigations", "Property Crimes", "Team", "sworn", "Detective", "Sergeant", 35,
             1'000, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Investigations", "Narcotics", "Team", "sworn", "Detective", "Sergeant", 20, 1'000,
             kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Investigations", "Special Victims", "Team", "sworn", "Detective", "Sergeant", 20,
             1'000, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Investigations", "Crime Analysis", nullptr, "civilian", "Crime Analyst",
             "Crime Analysis Supervisor", 15, 200, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Investigations", "Forensic Services", nullptr, "civilian", "Crime Scene Technician",
             "Forensic Supervisor", 20, 500, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Support Services", "Communications", nullptr, "dispatcher", "Dispatcher",
             "Dispatch Supervisor", 95, 0, kNoMax, ShiftPattern::always_staffed, 2, 2},
    UnitSpec{"Support Services", "Records", nullptr, "civilian", "Records Clerk",
             "Records Supervisor", 75, 0, kNoMax, ShiftPattern::around_the_clock, 5},
    UnitSpec{"Support Services", "Property and Evidence", nullptr, "civilian",
             "Property Technician", "Property Supervisor", 20, 0, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Support Services", "Training", nullptr, "sworn", "Training Officer", "Sergeant", 20,
             200, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Support Services", "Information Technology", nullptr, "civilian", "IT Specialist",
             "IT Supervisor", 15, 500, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Special Operations", "Traffic", "Squad", "sworn", "Traffic Officer", "Sergeant", 30,
             1'000, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Special Operations", "Tactical", "Team", "sworn", "Tactical Officer", "Sergeant", 20,
             1'000, kNoMax, ShiftPattern::day_evening, 5},
    UnitSpec{"Special Operations", "K-9", "Team", "sworn", "K-9 Handler", "Sergeant", 8, 1'000,
             kNoMax, ShiftPattern::around_the_clock, 5},
    UnitSpec{"Community Engagement", "Community Policing", "Team", "sworn",
             "Community Policing Officer", "Sergeant", 25, 5'001, kNoMax, ShiftPattern::day_evening,
             5},
    UnitSpec{"Community Engagement", "School Resource", "Team", "sworn", "School Resource Officer",
             "Sergeant", 15, 5'001, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Administrative Services", "Human Resources", nullptr, "civilian", "HR Specialist",
             "HR Supervisor", 12, 5'001, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Administrative Services", "Fiscal Services", nullptr, "civilian", "Fiscal Analyst",
             "Fiscal Supervisor", 10, 5'001, kNoMax, ShiftPattern::day, 5},
    UnitSpec{"Administrative Services", "Fleet Services", nullptr, "civilian", "Fleet Technician",
             "Fleet Supervisor", 10, 5'001, kNoMax, ShiftPattern::day, 5},
    UnitSpec{nullptr, "Administration", nullptr, "civilian", "Administrative Assistant",
             "Office Supervisor", 10, 0, kNoMax, ShiftPattern::day, 5},
};

// Ranks above sergeant; civilian units use "<unit> Manager" and so on instead.
constexpr std::array kSwornManagerTitles = {"Lieutenant", "Captain", "Major", "Commander"};
constexpr std::array kCivilianManagerSuffixes = {" Manager", " Senior Manager", " Director"};

constexpr std::array kGivenNames = {
    "James",   "Maria",     "Robert",  "Linda",   "Michael", "Patricia",  "David",  "Jennifer",
    "John",    "Elizabeth", "Daniel",  "Susan",   "Carlos",  "Angela",    "Kevin",  "Michelle",
    "Brian",   "Nicole",    "Anthony", "Jessica", "Marcus",  "Laura",     "Steven", "Rachel",
    "Andre",   "Karen",     "Thomas",  "Sandra",  "Jose",    "Teresa",    "Ryan",   "Amanda",
    "Luis",    "Denise",    "Eric",    "Monica",  "Jason",   "Stephanie", "Tyrone", "Heather",
    "Kenji",   "Alicia",    "Omar",    "Renee",   "Victor",  "Dana",      "Samuel", "Priya",
    "Darnell", "Megan",     "Hector",  "Tanya",   "Gregory", "Lauren",    "Wei",    "Crystal",
    "Patrick", "Yolanda",   "Derek",   "Keisha",  "Scott",   "Erin",      "Ahmed",  "Rosa",
};

constexpr std::array kFamilyNames = {
    "Smith",    "Johnson",   "Williams", "Brown",     "Jones",      "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",      "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",   "Moore",     "Jackson",    "Martin",   "Lee",
    "Perez",    "Thompson",  "White",    "Harris",    "Sanchez",    "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",   "Young",     "Allen",      "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",   "Hill",      "Flores",     "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",     "Rivera",    "Campbell",   "Mitchell", "Carter",
    "Roberts",  "Patel",     "Kim",      "Chen",      "Washington", "Brooks",   "Reyes",
    "Murphy",   "Cooper",    "Bailey",   "Ward",      "Okafor",     "Novak",    "Sullivan",
    "Kowalski",
};

constexpr std::array kStreetNames = {"Oak",     "Maple",      "Cedar", "Elm",    "Pine",
                                     "Lincoln", "Washington", "Lake",  "Hill",   "Park",
                                     "Sunset",  "Ridge",      "River", "Willow", "Highland"};
constexpr std::array kStreetTypes = {"Street", "Avenue", "Road", "Drive", "Lane", "Court"};
constexpr std::array kCities = {"Springfield", "Riverton", "Fairview", "Lakeside", "Georgetown",
                                "Franklin",    "Clinton",  "Madison",  "Oakdale",  "Milford"};
constexpr std::array kAreaCodes = {"202", "312", "415", "512", "617", "702", "803", "919"};

constexpr std::array kAllegations = {"Neglect of duty",
                                     "Discourtesy to a member of the public",
                                     "Unauthorized use of a department vehicle",
                                     "Failure to appear in court",
                                     "Late submission of reports",
                                     "Improper handling of evidence"};
constexpr std::array kFindings = {"Sustained", "Not sustained", "Exonerated", "Unfounded"};

// SplitMix64's finaliser: a bijection, so distinct inputs give distinct outputs.
uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::size_t ceil_div(std::size_t a, std::size_t b) {
    return (a + b - 1) / b;
}

template <typename List>
const char *pick(std::mt19937_64 &rng, const List &list) {
    return list[rng() % list.size()];
}

// Appends `value` in base 10 or 16, zero-padded to `width` digits (at most 20). Hand-rolled
// because snprintf was a tenth of the time to generate 100,000 people.
void append_digits(std::string &out, uint64_t value, unsigned base, std::size_t width) {
    char digits[24];
    std::size_t n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value != 0);
    while (n < width && n < sizeof digits) {
        digits[n++] = '0';
    }
    while (n > 0) {
        out += digits[--n];
    }
}

std::string digits(uint64_t value, unsigned base, std::size_t width) {
    std::string out;
    append_digits(out, value, base, width);
    return out;
}

void append_lower(std::string &out, std::string_view text) {
    for (char c : text) {
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
}

std::string disciplinary_marker(uint64_t seed) {
    return "DISCIPLINARY-MARKER-" + digits(mix(seed ^ 0x5eedfacecafef00dULL), 16, 16);
}

// A version-4-shaped UUID: hashed from seed and number, ending in the employee number.
std::string scim_id(uint64_t seed, std::size_t number) {
    const uint64_t high = mix(seed ^ mix(number));
    const uint64_t low = mix(high);
    std::string id;
    id.reserve(36);
    append_digits(id, high >> 32, 16, 8);
    id += '-';
    append_digits(id, (high >> 16) & 0xffff, 16, 4);
    id += "-4";
    append_digits(id, high & 0xfff, 16, 3);
    id += '-';
    append_digits(id, 0x8000 | ((low >> 48) & 0x3fff), 16, 4);
    id += '-';
    append_digits(id, number, 10, 12);
    return id;
}

// A mail domain from the agency id: lower-case letters and digits, anything else a hyphen.
std::string email_domain(const std::string &agency_id) {
    std::string label;
    for (unsigned char c : agency_id) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool upper = c >= 'A' && c <= 'Z';
        label += alnum ? static_cast<char>(c) : upper ? static_cast<char>(c - 'A' + 'a') : '-';
    }
    return (label.empty() ? "agency" : label) + ".example.gov";
}

// Splits `total` in proportion to `weights`; cumulative rounding keeps the sum exact.
std::vector<std::size_t> split_by_weight(std::size_t total,
                                         const std::vector<std::size_t> &weights) {
    std::size_t weight_sum = 0;
    for (std::size_t w : weights) {
        weight_sum += w;
    }
    std::vector<std::size_t> parts;
    parts.reserve(weights.size());
    std::size_t cumulative = 0, handed_out = 0;
    for (std::size_t w : weights) {
        cumulative += w;
        const std::size_t upto = weight_sum == 0 ? 0 : total * cumulative / weight_sum;
        parts.push_back(upto - handed_out);
        handed_out = upto;
    }
    return parts;
}

// Headcount per layer of a unit, top layer first, line staff last.
std::vector<std::size_t> layer_sizes(std::size_t headcount, std::size_t min_team,
                                     std::size_t supervisor_titles) {
    if (headcount < min_team) {
        return {headcount};
    }
    std::vector<std::size_t> supervisors{ceil_div(headcount, kHeadcountPerTeam)};
    while (supervisors.back() > kMaxUnitTop && supervisors.size() < supervisor_titles) {
        supervisors.push_back(ceil_div(supervisors.back(), kManagerSpan));
    }
    std::size_t line = headcount;
    for (std::size_t s : supervisors) {
        line -= s;
    }
    std::vector<std::size_t> layers(supervisors.rbegin(), supervisors.rend());
    layers.push_back(line);
    return layers;
}

bool unit_exists(const UnitSpec &unit, std::size_t size) {
    return size >= unit.min_agency_size && size <= unit.max_agency_size;
}

// Someone already placed in a unit's hierarchy, as their reports need them.
struct Placed {
    std::size_t index;
    std::size_t shift;  // position in the unit's shift pattern
    std::size_t team;   // 1-based first-line team number, 0 above team level
};

class AgencyBuilder {
  public:
    AgencyBuilder(uint64_t seed, std::size_t size, const std::string &agency_id)
        : rng_(seed), seed_(seed), size_(size), email_domain_(email_domain(agency_id)) {
        agency_.agency_id = agency_id;
        agency_.seed = seed;
        agency_.marker = disciplinary_marker(seed);
        shifts_ = {"Day", "Evening", "Night"};
        if (size > kPowerShiftAbove) {
            shifts_.push_back("Power");
        }
    }

    GeneratedAgency build() {
        agency_.employees.reserve(size_);
        const std::size_t chief = add_person(
            kNone, {"Chief of Police", "sworn", kOfficeOfTheChief, kOfficeOfTheChief, shifts_[0]});
        build_divisions(chief);
        add_disciplinary_records();
        return std::move(agency_);
    }

  private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    // Views of strings that outlive the add_person() call.
    struct Role {
        std::string_view title;
        std::string_view category;
        std::string_view division;
        std::string_view unit;
        std::string_view shift;
    };

    void build_divisions(std::size_t chief) {
        std::vector<const UnitSpec *> units;
        for (const UnitSpec &unit : kUnits) {
            if (unit_exists(unit, size_)) {
                units.push_back(&unit);
            }
        }
        // A division exists when one of its units does.
        std::vector<std::size_t> heads;
        for (const DivisionSpec &division : kDivisions) {
            const bool staffed = std::any_of(units.begin(), units.end(), [&](const UnitSpec *u) {
                return u->division != nullptr && std::string_view(u->division) == division.name;
            });
            const std::string unit = std::string(division.name) + " Command";
            heads.push_back(staffed
                                ? add_person(chief, {division.head_title, division.head_category,
                                                     division.name, unit, shifts_[0]})
                                : kNone);
        }
        const std::vector<std::size_t> headcounts =
            unit_headcounts(units, size_ - agency_.employees.size());
        for (std::size_t i = 0; i < units.size(); ++i) {
            build_unit(*units[i], head_of(*units[i], chief, heads), headcounts[i]);
        }
    }

    // Each unit's minimum first, the rest in proportion to the weights.
    static std::vector<std::size_t> unit_headcounts(const std::vector<const UnitSpec *> &units,
                                                    std::size_t total) {
        std::vector<std::size_t> weights;
        std::size_t reserved = 0;
        for (const UnitSpec *unit : units) {
            weights.push_back(unit->weight);
            reserved += unit->min_headcount;
        }
        std::vector<std::size_t> headcounts = split_by_weight(total - reserved, weights);
        for (std::size_t i = 0; i < units.size(); ++i) {
            headcounts[i] += units[i]->min_headcount;
        }
        return headcounts;
    }

    static std::size_t head_of(const UnitSpec &unit, std::size_t chief,
                               const std::vector<std::size_t> &heads) {
        if (unit.division == nullptr) {
            return chief;
        }
        for (std::size_t d = 0; d < kDivisions.size(); ++d) {
            if (std::string_view(kDivisions[d].name) == unit.division) {
                return heads[d];
            }
        }
        throw std::logic_error("unit table names an unknown division");
    }

    std::vector<std::string> shift_pattern(ShiftPattern pattern) const {
        switch (pattern) {
            case ShiftPattern::day:
                return {shifts_[0]};
            case ShiftPattern::day_evening:
                return {shifts_[0], shifts_[1]};
            case ShiftPattern::around_the_clock:
            case ShiftPattern::always_staffed:
                break;
        }
        return shifts_;
    }

    void build_unit(const UnitSpec &unit, std::size_t head, std::size_t headcount) {
        const bool sworn = std::string_view(unit.category) == "sworn";
        const std::size_t titles =
            1 + (sworn ? kSwornManagerTitles.size() : kCivilianManagerSuffixes.size());
        const std::vector<std::size_t> layers = layer_sizes(headcount, unit.min_team, titles);
        const std::vector<std::string> pattern = shift_pattern(unit.shifts);
        const std::string division = division_of(unit);
        std::vector<std::string> team_units{unit.name};  // index 0: above team level
        std::vector<Placed> above{{head, 0, 0}};
        for (std::size_t layer = 0; layer < layers.size(); ++layer) {
            const std::size_t level = layers.size() - 1 - layer;  // 0 = line staff
            if (level == 1) {
                team_units = team_unit_names(unit, layers[layer]);
            }
            const std::vector<std::size_t> parent_of = assign_parents(
                layers[layer], above.size(), level == 0 && above.front().index != head);
            // A layer keeps its parents' shifts when they cover the whole pattern; a team also
            // keeps its supervisor's unless the unit must staff every shift.
            const bool inherit_shift = above.size() >= pattern.size() ||
                                       (level == 0 && unit.shifts != ShiftPattern::always_staffed);
            const std::string title = title_of(unit, level);
            std::vector<Placed> placed;
            placed.reserve(layers[layer]);
            for (std::size_t j = 0; j < layers[layer]; ++j) {
                const Placed &parent = above[parent_of[j]];
                const std::size_t shift = inherit_shift ? parent.shift : j % pattern.size();
                const std::size_t team = level == 1 ? j + 1 : parent.team;
                const Role role{title, unit.category, division, team_units[team], pattern[shift]};
                placed.push_back({add_person(parent.index, role), shift, team});
            }
            above = std::move(placed);
        }
    }

    // Unit names by team number; 0 is the unit itself, for everyone above team level.
    static std::vector<std::string> team_unit_names(const UnitSpec &unit, std::size_t teams) {
        std::vector<std::string> names{unit.name};
        names.reserve(teams + 1);
        for (std::size_t team = 1; team <= teams; ++team) {
            names.push_back(unit_name(unit, team));
        }
        return names;
    }

    // Parent position for each of `count` new people over `parents` people: teams of line staff
    // vary in size, layers of supervisors are split evenly.
    std::vector<std::size_t> assign_parents(std::size_t count, std::size_t parents,
                                            bool uneven_teams) {
        std::vector<std::size_t> weights(parents, 1);
        if (uneven_teams) {
            for (std::size_t &w : weights) {
                w = kTeamWeightMin + rng_() % kTeamWeightRange;
            }
        }
        const std::vector<std::size_t> sizes = split_by_weight(count, weights);
        std::vector<std::size_t> parent_of;
        parent_of.reserve(count);
        for (std::size_t p = 0; p < sizes.size(); ++p) {
            parent_of.insert(parent_of.end(), sizes[p], p);
        }
        return parent_of;
    }

    static std::string title_of(const UnitSpec &unit, std::size_t level) {
        if (level == 0) {
            return unit.line_title;
        }
        if (level == 1) {
            return unit.supervisor_title;
        }
        if (std::string_view(unit.category) == "sworn") {
            return kSwornManagerTitles[level - 2];
        }
        return std::string(unit.name) + kCivilianManagerSuffixes[level - 2];
    }

    static std::string division_of(const UnitSpec &unit) {
        return unit.division == nullptr ? kOfficeOfTheChief : unit.division;
    }

    static std::string unit_name(const UnitSpec &unit, std::size_t team) {
        if (unit.team_word == nullptr || team == 0) {
            return unit.name;
        }
        return std::string(unit.name) + " " + unit.team_word + " " + std::to_string(team);
    }

    std::size_t add_person(std::size_t manager, const Role &role) {
        const std::size_t index = agency_.employees.size();
        const std::size_t number = index + 1;
        HostEmployee &e = agency_.employees.emplace_back();
        e.scim_id = scim_id(seed_, number);
        e.employee_number = "E" + digits(number, 10, 6);
        e.given_name = pick(rng_, kGivenNames);
        e.family_name = pick(rng_, kFamilyNames);
        e.title = role.title;
        e.staff_category = role.category;
        e.division = role.division;
        e.unit = role.unit;
        e.shift = role.shift;
        if (manager != kNone) {
            e.manager_scim_id = agency_.employees[manager].scim_id;
        }
        e.hire_date = hire_date(seed_, number);
        e.email = email(e, number);
        e.phone = phone();
        e.home_address = home_address();
        return index;
    }

    // Drawn from its own hash of seed and number, not from rng_, so adding it left every other
    // generated value as it was.
    static std::string hire_date(uint64_t seed, std::size_t number) {
        uint64_t h = seed ^ (0x9E3779B97F4A7C15ull * (number + 1));
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
        h ^= h >> 31;
        return digits(1996 + h % 30, 10, 4) + "-" + digits(1 + (h >> 8) % 12, 10, 2) + "-" +
               digits(1 + (h >> 16) % 28, 10, 2);
    }

    // The number keeps addresses unique when names repeat.
    std::string email(const HostEmployee &e, std::size_t number) const {
        std::string address;
        address.reserve(e.given_name.size() + e.family_name.size() + email_domain_.size() + 10);
        append_lower(address, e.given_name);
        address += '.';
        append_lower(address, e.family_name);
        address += '.';
        append_digits(address, number, 10, 6);
        address += '@';
        address += email_domain_;
        return address;
    }

    // 555-0100 to 555-0199 are the numbers reserved for fiction.
    std::string phone() {
        std::string number = "+1-";
        number += pick(rng_, kAreaCodes);
        number += "-555-01";
        append_digits(number, rng_() % 100, 10, 2);
        return number;
    }

    std::string home_address() {
        std::string address;
        address.reserve(48);
        append_digits(address, 100 + rng_() % 9900, 10, 1);
        address += ' ';
        address += pick(rng_, kStreetNames);
        address += ' ';
        address += pick(rng_, kStreetTypes);
        address += ", ";
        address += pick(rng_, kCities);
        address += ", ST ";
        append_digits(address, 10000 + rng_() % 89999, 10, 5);
        return address;
    }

    void add_disciplinary_records() {
        const std::size_t count = std::max<std::size_t>(3, size_ / 20);
        const std::string &marker = agency_.marker;
        agency_.disciplinary.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            DisciplinaryRecord record;
            record.employee_number = agency_.employees[rng_() % size_].employee_number;
            record.case_number = "IA-" + digits(2015 + rng_() % 10, 10, 4) + "-" +
                                 digits(i + 1, 10, 5) + "-" + marker;
            record.allegation = std::string(pick(rng_, kAllegations)) + " (" + marker + ")";
            record.finding = std::string(pick(rng_, kFindings)) + " (" + marker + ")";
            agency_.disciplinary.push_back(std::move(record));
        }
    }

    std::mt19937_64 rng_;
    uint64_t seed_;
    std::size_t size_;
    std::string email_domain_;
    std::vector<std::string> shifts_;
    GeneratedAgency agency_;
};

}  // namespace

GeneratedAgency generate_agency(uint64_t seed, std::size_t size, const std::string &agency_id) {
    if (size < kMinAgencySize || size > kMaxAgencySize) {
        throw std::invalid_argument("agency size must be between 20 and 100000 employees, not " +
                                    std::to_string(size));
    }
    return AgencyBuilder(seed, size, agency_id).build();
}

}  // namespace psp::host_sim
