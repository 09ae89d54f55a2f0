// program_policy.cpp: the names of the selection steps.
#include "plugin/policy/program_policy.hpp"

namespace psp {
namespace {

const char *const kStepNames[] = {"recommendations", "good_standing", "interview",
                                  "decision",        "agreement",     "initial_training"};

}  // namespace

std::string selection_step_name(SelectionStep step) {
    return kStepNames[static_cast<int>(step)];
}

}  // namespace psp
