// training_compliance.cpp: the period ledger behind a PSP's training status.
#include "plugin/domain/training_compliance.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>

namespace psp {
namespace {

constexpr DayNumber kForever = std::numeric_limits<DayNumber>::max();
constexpr int64_t kRoundingMinutes = 15;

int64_t floor_div(int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Leave as local day ranges [first, end).
struct DayRange {
    DayNumber first = 0;
    DayNumber end = 0;
};

std::vector<DayRange> leave_days(const std::vector<LeaveInterval> &leaves,
                                 const AgencyCalendar &calendar) {
    std::vector<DayRange> out;
    for (const LeaveInterval &l : leaves) {
        const DayNumber first = day_number(calendar.local_date(l.start_ms));
        const DayNumber end = l.end_ms == 0 ? kForever : day_number(calendar.local_date(l.end_ms));
        if (end > first) {
            out.push_back({first, end});
        }
    }
    return out;
}

DayNumber overlap(DayRange a, DayRange b) {
    const DayNumber first = std::max(a.first, b.first);
    const DayNumber end = std::min(a.end, b.end);
    return end > first ? end - first : 0;
}

DayNumber days_on_leave(const std::vector<DayRange> &leaves, DayRange range) {
    DayNumber days = 0;
    for (const DayRange &l : leaves) {
        days += overlap(l, range);
    }
    return std::min<DayNumber>(days, range.end - range.first);
}

// What the ledger walk needs to know about one PSP.
struct Ledger {
    const TrainingPolicy &policy;
    DayNumber start;                // activation day
    std::vector<DayRange> pausing;  // leave days that pause the clock (empty when none do)

    DayNumber active_days(DayRange range) const {
        const DayRange active{std::max(range.first, start), range.end};
        if (active.end <= active.first) {
            return 0;
        }
        return active.end - active.first - days_on_leave(pausing, active);
    }
    int64_t required(const TrainingPeriodSpan &span) const {
        const int64_t days = span.end - span.first;
        const int64_t active = active_days({span.first, span.end});
        const int64_t minutes = policy.continuing.minutes_per_period * active / days;
        return minutes / kRoundingMinutes * kRoundingMinutes;
    }
};

// `since` means something only while `minutes` is positive.
struct Debt {
    int64_t minutes = 0;
    DayNumber since = 0;

    // Pays what it can from `available`; returns what is left for the period itself.
    int64_t pay(int64_t available) {
        const int64_t paid = std::min(available, minutes);
        minutes -= paid;
        return available - paid;
    }
    void add(int64_t shortfall, DayNumber from) {
        if (shortfall <= 0) {
            return;
        }
        if (minutes == 0) {
            since = from;
        }
        minutes += shortfall;
    }
};

// Records before the activation period are initial training and count for nothing here; those
// of the activation period count for it, dated before activation or not, so per-period sums
// (what the bulk query reads) give the same answer as the records themselves.
std::vector<int64_t> minutes_by_period(const TrainingSubject &subject, TrainingPeriod period,
                                       int64_t first_index, int64_t current_index) {
    std::vector<int64_t> buckets(static_cast<std::size_t>(current_index - first_index + 1), 0);
    for (const TrainingAttendance &a : subject.attendance) {
        const int64_t index = period_containing(a.day, period).index;
        if (index >= first_index && index <= current_index) {
            buckets[static_cast<std::size_t>(index - first_index)] += a.minutes;
        }
    }
    return buckets;
}

std::set<std::string> topics_attended(const TrainingSubject &subject, DayNumber from,
                                      DayNumber to) {
    std::set<std::string> seen;
    for (const TrainingAttendance &a : subject.attendance) {
        if (a.day >= from && a.day <= to) {
            seen.insert(a.topics.begin(), a.topics.end());
        }
    }
    return seen;
}

std::vector<std::string> missing(const std::vector<std::string> &required,
                                 const std::set<std::string> &seen) {
    std::vector<std::string> out;
    for (const std::string &t : required) {
        if (seen.count(t) == 0) {
            out.push_back(t);
        }
    }
    return out;
}

DayRange cycle_days(int64_t cycle, const TrainingPolicy &policy) {
    const int n = policy.continuing.cycle_periods;
    const TrainingPeriod period = policy.continuing.period;
    return {period_at(cycle * n, period).first, period_at(cycle * n + n - 1, period).end};
}

// Cycle topics: the previous cycle's as a debt, the current cycle's as what is missing.
void apply_cycle_topics(const TrainingSubject &subject, const Ledger &ledger, DayNumber today,
                        int64_t current_index, ComplianceStatus &status, Debt &topic_debt,
                        bool &topics_due_soon) {
    const TrainingPolicy &policy = ledger.policy;
    if (policy.continuing.cycle_topics.empty()) {
        return;
    }
    const int64_t cycle = floor_div(current_index, policy.continuing.cycle_periods);
    const DayRange current = cycle_days(cycle, policy);
    const DayRange previous = cycle_days(cycle - 1, policy);
    status.missing_topics =
        missing(policy.continuing.cycle_topics, topics_attended(subject, current.first, today));
    const bool previous_owed = ledger.start <= previous.first && ledger.active_days(previous) > 0;
    if (previous_owed &&
        !missing(policy.continuing.cycle_topics, topics_attended(subject, previous.first, today))
             .empty()) {
        topic_debt.add(1, current.first);
    }
    topics_due_soon = !status.missing_topics.empty() && ledger.start <= current.first &&
                      current.end - today <= policy.continuing.due_soon_days;
}

bool is_on_leave(const std::vector<DayRange> &leaves, DayNumber today) {
    return std::any_of(leaves.begin(), leaves.end(),
                       [&](const DayRange &l) { return l.first <= today && today < l.end; });
}

ComplianceState overdue_state(const Ledger &ledger, DayNumber since, DayNumber today) {
    const DayNumber elapsed = today - since - days_on_leave(ledger.pausing, {since, today});
    return elapsed >= ledger.policy.continuing.grace_days ? ComplianceState::lapsed
                                                          : ComplianceState::overdue;
}

}  // namespace

DayNumber day_number(CivilDate day) {
    return static_cast<DayNumber>(date::sys_days(day).time_since_epoch().count());
}

CivilDate civil_date(DayNumber day) {
    return CivilDate{date::sys_days(date::days(day))};
}

TrainingPeriodSpan period_at(int64_t index, TrainingPeriod period) {
    const int64_t per = months_per_period(period);
    const auto first_month = [&](int64_t i) {
        const int64_t months = i * per;
        return CivilDate{
            date::year(static_cast<int>(floor_div(months, 12))),
            date::month(static_cast<unsigned>(months - floor_div(months, 12) * 12 + 1)),
            date::day(1)};
    };
    return {index, day_number(first_month(index)), day_number(first_month(index + 1))};
}

TrainingPeriodSpan period_containing(DayNumber day, TrainingPeriod period) {
    const CivilDate date = civil_date(day);
    const int64_t months = int64_t(int(date.year())) * 12 + (unsigned(date.month()) - 1);
    return period_at(floor_div(months, months_per_period(period)), period);
}

std::string period_label(const TrainingPeriodSpan &span, TrainingPeriod period) {
    const CivilDate first = civil_date(span.first);
    const int year = int(first.year());
    const unsigned month = unsigned(first.month());
    char text[32];
    switch (period) {
        case TrainingPeriod::month:
            std::snprintf(text, sizeof text, "%04d-%02u", year, month);
            break;
        case TrainingPeriod::quarter:
            std::snprintf(text, sizeof text, "%04d-Q%u", year, (month - 1) / 3 + 1);
            break;
        case TrainingPeriod::half_year:
            std::snprintf(text, sizeof text, "%04d-H%u", year, (month - 1) / 6 + 1);
            break;
        case TrainingPeriod::year:
            std::snprintf(text, sizeof text, "%04d", year);
            break;
    }
    return text;
}

ComplianceStatus training_compliance(const TrainingSubject &subject, const TrainingPolicy &policy,
                                     const AgencyCalendar &calendar, int64_t now_ms) {
    const TrainingPeriod period = policy.continuing.period;
    const DayNumber today = day_number(calendar.local_date(now_ms));
    const std::vector<DayRange> leaves = leave_days(subject.leaves, calendar);
    const Ledger ledger{policy, day_number(calendar.local_date(subject.active_since_ms)),
                        policy.leave_pauses_clock ? leaves : std::vector<DayRange>{}};
    const TrainingPeriodSpan current = period_containing(today, period);
    ComplianceStatus status;
    status.period = period_label(current, period);
    status.period_start = civil_date(current.first);
    status.period_end = civil_date(current.end - 1);
    status.on_leave = is_on_leave(leaves, today);
    status.minutes_required = ledger.required(current);
    const int64_t first_index =
        std::min(current.index, period_containing(ledger.start, period).index);
    const std::vector<int64_t> minutes =
        minutes_by_period(subject, period, first_index, current.index);
    Debt debt;
    for (int64_t i = first_index; i < current.index; ++i) {
        const TrainingPeriodSpan span = period_at(i, period);
        const int64_t own = debt.pay(minutes[static_cast<std::size_t>(i - first_index)]);
        debt.add(ledger.required(span) - own, span.end);
    }
    status.minutes_this_period = minutes.back();
    const int64_t credited = debt.pay(minutes.back());
    status.minutes_outstanding = debt.minutes;
    Debt topic_debt;
    bool topics_due_soon = false;
    apply_cycle_topics(subject, ledger, today, current.index, status, topic_debt, topics_due_soon);
    std::optional<DayNumber> since;
    if (debt.minutes > 0) {
        since = debt.since;
    }
    if (topic_debt.minutes > 0 && (!since || topic_debt.since < *since)) {
        since = topic_debt.since;
    }
    if (since) {
        status.overdue_since = civil_date(*since);
        status.state = overdue_state(ledger, *since, today);
    } else if ((credited < status.minutes_required &&
                current.end - today <= policy.continuing.due_soon_days) ||
               topics_due_soon) {
        status.state = ComplianceState::due_soon;
    }
    return status;
}

InitialTrainingStatus initial_training(const std::vector<TrainingAttendance> &attendance,
                                       const InitialTrainingPolicy &policy) {
    InitialTrainingStatus status;
    status.minutes_required = policy.minutes;
    std::set<std::string> seen;
    for (const TrainingAttendance &a : attendance) {
        status.minutes_done += a.minutes;
        seen.insert(a.topics.begin(), a.topics.end());
    }
    status.missing_topics = missing(policy.topics, seen);
    status.complete =
        status.minutes_done >= status.minutes_required && status.missing_topics.empty();
    return status;
}

}  // namespace psp
