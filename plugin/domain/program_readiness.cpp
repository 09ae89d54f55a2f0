// program_readiness.cpp: each readiness rule of a profile, checked against what the plugin keeps
// and what the coordinator recorded.
#include "plugin/domain/program_readiness.hpp"

#include <algorithm>

namespace psp {
namespace {

ReadinessItem item(const JurisdictionRule &rule, bool met, std::string detail) {
    return {&rule, met ? ReadinessState::met : ReadinessState::not_met, std::move(detail), {}};
}

// A fact the coordinator records: its latest value, or not tracked while nothing is recorded.
ReadinessItem recorded(const JurisdictionRule &rule, const ReadinessInputs &in, ReadinessFact fact,
                       const std::string &what) {
    const auto it = in.recorded.find(fact);
    const std::string name(readiness_fact_name(fact));
    if (it == in.recorded.end()) {
        return {&rule,
                ReadinessState::not_tracked,
                "not recorded: " + what + " (record " + name + " with readiness.record)",
                {}};
    }
    const std::string as_of = format_iso_date(it->second.as_of);
    ReadinessItem out = item(rule, it->second.value,
                             it->second.value ? what + " in place since " + as_of
                                              : "missing: " + what + " (recorded " + as_of + ")");
    out.as_of = as_of;
    return out;
}

// Met while the latest meeting is in this calendar quarter or the one before: no full quarter
// has passed without one.
ReadinessItem meetings(const JurisdictionRule &rule, const ReadinessInputs &in) {
    const auto it = in.recorded.find(ReadinessFact::team_meeting_held);
    if (it == in.recorded.end() || !it->second.value) {
        return {&rule,
                ReadinessState::not_tracked,
                "no team meeting recorded (record team_meeting_held with readiness.record)",
                {}};
    }
    const CivilDate previous_quarter =
        quarter_start(CivilDate{date::sys_days(quarter_start(in.today)) - date::days{1}});
    const std::string as_of = format_iso_date(it->second.as_of);
    ReadinessItem out =
        it->second.as_of >= previous_quarter
            ? item(rule, true, "last team meeting " + as_of)
            : item(rule, false, "missing: a team meeting this quarter (last " + as_of + ")");
    out.as_of = as_of;
    return out;
}

// A count as the reader may see it: exact, or through the small-count suppression (a list of one
// figure and its total), "" when suppressed.
std::string published_figure(const ReadinessInputs &in, int64_t n) {
    if (!in.suppression) {
        return std::to_string(n);
    }
    const PublishedCount c = suppress_small_counts(std::vector<int64_t>{n}, *in.suppression).total;
    return c ? std::to_string(*c) : std::string();
}

// "3 approved course(s)", or "approved course(s)" when the count is suppressed.
std::string counted(const ReadinessInputs &in, int64_t n, const std::string &what) {
    const std::string figure = published_figure(in, n);
    return figure.empty() ? what : figure + " " + what;
}

// A clinician on the register and consultation as the log shows it, within the last year.
ReadinessItem clinical_consultation(const JurisdictionRule &rule, const ReadinessInputs &in) {
    if (in.active_clinicians == 0) {
        return item(rule, false, "missing: no active licensed clinician (clinician.register)");
    }
    const std::string clinicians =
        counted(in, in.active_clinicians, "active licensed clinician(s)");
    if (!in.last_consultation) {
        return {&rule,
                ReadinessState::not_tracked,
                clinicians + "; no clinical consultation logged yet (consultation.log)",
                {}};
    }
    const std::string last = format_iso_date(*in.last_consultation);
    ReadinessItem out =
        in.consultations_last_year > 0
            ? item(rule, true,
                   clinicians + "; " +
                       counted(in, in.consultations_last_year,
                               "clinical consultation(s) logged in the last 12 months") +
                       ", the latest " + last)
            : item(rule, false,
                   "missing: no clinical consultation logged in the last 12 months (the "
                   "latest " +
                       last + ")");
    out.as_of = last;
    return out;
}

// A published manual every employee can read; before one is published, what was recorded.
ReadinessItem procedures_manual(const JurisdictionRule &rule, const ReadinessInputs &in) {
    if (in.procedures_manual_version == 0) {
        ReadinessItem out = recorded(rule, in, ReadinessFact::procedures_manual_adopted,
                                     "a written procedures manual");
        if (out.state != ReadinessState::met) {
            out.detail += "; publish it for every employee with document.publish";
        }
        return out;
    }
    const std::string on = format_iso_date(in.procedures_manual_published);
    ReadinessItem out =
        item(rule, true,
             "procedures manual version " + std::to_string(in.procedures_manual_version) +
                 " published " + on + ", readable by every employee (document.current)");
    out.as_of = on;
    return out;
}

ReadinessItem training(const JurisdictionRule &rule, const ReadinessInputs &in) {
    const int failing = in.psps - in.psps_meeting_training;
    if (in.psps == 0) {
        return item(rule, false, "missing: the team has no PSP");
    }
    // Meeting and failing with their total, suppressed together so neither comes back by
    // subtraction; zeros are published, so "all meet" stays exact.
    std::string all = std::to_string(in.psps), missing = std::to_string(failing);
    if (in.suppression) {
        const PublishedList l = suppress_small_counts(
            std::vector<int64_t>{in.psps_meeting_training, failing}, *in.suppression);
        all = l.total ? std::to_string(*l.total) : "";
        missing = l.cells[1] ? std::to_string(*l.cells[1]) : "";
    }
    if (failing == 0) {
        return item(rule, true,
                    all.empty() ? "every PSP meets the training requirement"
                                : "all " + all + " PSPs meet the training requirement");
    }
    return item(rule, false,
                "missing: " + (missing.empty() ? std::string("some") : missing) + " of " +
                    (all.empty() ? std::string("the") : all) +
                    " PSPs do not meet the training requirement (see jurisdiction.eligibility)");
}

// Written notice before the first session: read from what PSPs record at check-in.
ReadinessItem notice(const JurisdictionRule &rule, const ReadinessInputs &in) {
    if (in.limits_explained + in.limits_not_explained == 0) {
        return {&rule,
                ReadinessState::not_tracked,
                "no check-in has recorded whether the limits were explained (activation.check_in "
                "limits_explained); the written limits are in jurisdiction.limits and in "
                "activation.assign's notice",
                {}};
    }
    if (in.limits_not_explained > 0) {
        return item(rule, false,
                    "missing: " + std::to_string(in.limits_not_explained) + " of " +
                        std::to_string(in.limits_explained + in.limits_not_explained) +
                        " check-ins recorded the limits as not explained at the outset");
    }
    return item(rule, true,
                "all " + std::to_string(in.limits_explained) +
                    " recorded check-ins explained the limits at the outset");
}

// What the plugin itself guarantees, so always met.
std::optional<std::string> built_in(RuleKind kind) {
    switch (kind) {
        case RuleKind::no_session_recording:
            return "the plugin has no field for a session's content or recording";
        case RuleKind::supervisor_not_required:
            return "a supervisor is never offered to their reports (chain_of_command rule) and "
                   "the employee may decline any PSP (activation.decline)";
        case RuleKind::multiple_supporters_allowed:
            return "an employee who declines a PSP is offered the next one, and contacts are "
                   "never limited per person";
        case RuleKind::team_records:
            return "the plugin keeps the team's selection, training, activation and contact "
                   "records";
        case RuleKind::agency_may_rescind:
            return "the agency decides membership (selection.decide) and may deselect "
                   "(review.decide)";
        case RuleKind::eligibility_roster:
            return "the roster is exported by jurisdiction.roster in the profile's form";
        case RuleKind::federal_agency_only:
            return "policy.federal_agency is true (the profile is refused otherwise)";
        case RuleKind::designated_by_agency:
            return "each PSP is designated by the agency's selection decision (selection.decide)";
        default:
            return std::nullopt;
    }
}

std::optional<ReadinessItem> evaluate(const JurisdictionRule &rule, const ReadinessInputs &in) {
    if (const auto text = built_in(rule.kind)) {
        return item(rule, true, *text);
    }
    switch (rule.kind) {
        case RuleKind::training_requirement:
            return training(rule, in);
        case RuleKind::clinician_required:
            return clinical_consultation(rule, in);
        case RuleKind::agency_approved_course:
            return item(rule, in.training_courses > 0,
                        in.training_courses > 0
                            ? counted(in, in.training_courses, "approved course(s)")
                            : "missing: no course in the training catalogue "
                              "(training.add_course)");
        case RuleKind::quarterly_training:
            return item(rule, in.training_at_least_quarterly,
                        in.training_at_least_quarterly
                            ? "policy.training.continuing requires hours at least quarterly"
                            : "missing: policy.training.continuing requires hours less often "
                              "than quarterly");
        case RuleKind::written_procedures:
            return procedures_manual(rule, in);
        case RuleKind::coordinator_designated:
            return recorded(rule, in, ReadinessFact::coordinator_designated, "a coordinator");
        case RuleKind::steering_committee:
            return recorded(rule, in, ReadinessFact::steering_committee_in_place,
                            "a steering committee");
        case RuleKind::contact_24h:
            return recorded(rule, in, ReadinessFact::contact_24h_in_place,
                            "a 24-hour contact number");
        case RuleKind::alerting_process:
            return recorded(rule, in, ReadinessFact::alerting_process_in_place,
                            "an alerting process");
        case RuleKind::meetings_quarterly:
            return meetings(rule, in);
        case RuleKind::notice_before_first_session:
            return notice(rule, in);
        case RuleKind::agency_confirms:
            return ReadinessItem{
                &rule,
                ReadinessState::not_tracked,
                "the plugin cannot check this; the agency confirms it: " + rule.summary,
                {}};
        default:
            return std::nullopt;  // incident rules: checked per PSP and incident, not here
    }
}

}  // namespace

std::vector<ReadinessItem> program_readiness(const JurisdictionProfile &profile,
                                             const ReadinessInputs &inputs) {
    std::vector<ReadinessItem> out;
    for (const JurisdictionRule &rule : profile.rules) {
        if (auto i = evaluate(rule, inputs)) {
            out.push_back(std::move(*i));
        }
    }
    return out;
}

}  // namespace psp
