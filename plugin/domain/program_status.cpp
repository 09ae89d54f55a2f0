// program_status.cpp: the order of the selection path and the kinds of status.
#include "plugin/domain/program_status.hpp"

#include <algorithm>
#include <string>

namespace psp {

const std::vector<std::string_view> &program_status_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> all;
        for (const auto &[status, name] : kProgramStatusNames) {
            all.push_back(name);
        }
        return all;
    }();
    return names;
}

bool is_candidate(ProgramStatus status) {
    return status <= ProgramStatus::awaiting_training;
}

bool is_member(ProgramStatus status) {
    return status == ProgramStatus::active || status == ProgramStatus::on_leave ||
           status == ProgramStatus::under_review;
}

bool is_closed(ProgramStatus status) {
    return status >= ProgramStatus::nomination_declined;
}

ProgramStatus awaiting(SelectionStep step) {
    switch (step) {
        case SelectionStep::recommendations:
            return ProgramStatus::awaiting_recommendations;
        case SelectionStep::good_standing:
            return ProgramStatus::awaiting_standing;
        case SelectionStep::interview:
            return ProgramStatus::awaiting_interview;
        case SelectionStep::decision:
            return ProgramStatus::awaiting_decision;
        case SelectionStep::agreement:
            return ProgramStatus::awaiting_agreement;
        case SelectionStep::initial_training:
            return ProgramStatus::awaiting_training;
    }
    return ProgramStatus::active;
}

std::vector<SelectionStep> path_steps(std::string_view path, const SelectionPolicy &policy) {
    if (path == "reinstatement") {
        return policy.reinstatement_steps;
    }
    std::vector<SelectionStep> steps;
    for (SelectionStep step : kAllSelectionSteps) {
        // An agency that asks for no recommendations has no such step.
        if (step == SelectionStep::recommendations && policy.recommendations_required == 0) {
            continue;
        }
        steps.push_back(step);
    }
    return steps;
}

ProgramStatus status_after(std::optional<SelectionStep> completed, std::string_view path,
                           const SelectionPolicy &policy) {
    for (SelectionStep step : path_steps(path, policy)) {
        if (!completed || step > *completed) {
            return awaiting(step);
        }
    }
    return ProgramStatus::active;
}

}  // namespace psp
