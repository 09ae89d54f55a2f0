// training_catalog.hpp: the training topics of IACP 8.3, with stable codes.
//
// The 24 topics are built in (the coordinator may add more, stored as catalogue extensions);
// their codes never change, because attendance records, courses and policies refer to them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace psp {

struct TrainingTopic {
    std::string code;     // stable: a-z, 0-9 and '_'
    std::string title;    // as IACP 8.3 words it
    std::string section;  // "8.3.1" .. "8.3.24"; empty for an agency's own topic
};

// The 24 topics of IACP 8.3, in the guidelines' order.
const std::vector<TrainingTopic> &iacp_training_topics();
bool is_iacp_topic(std::string_view code);

// 1 to 64 characters of a-z, 0-9 and '_': the form of topic and course codes.
bool is_valid_training_code(std::string_view code);

}  // namespace psp
