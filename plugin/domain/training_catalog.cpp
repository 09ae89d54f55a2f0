// training_catalog.cpp: the IACP 8.3 topic list.
#include "plugin/domain/training_catalog.hpp"

#include <algorithm>

namespace psp {

const std::vector<TrainingTopic> &iacp_training_topics() {
    static const std::vector<TrainingTopic> topics = {
        {"confidentiality", "Confidentiality", "8.3.1"},
        {"role_conflict", "Role conflict", "8.3.2"},
        {"limits_liability", "Limits and liability", "8.3.3"},
        {"ethical_issues", "Ethical issues", "8.3.4"},
        {"communication_listening", "Communication facilitation and listening skills", "8.3.5"},
        {"nonverbal_communication", "Nonverbal communication", "8.3.6"},
        {"problem_assessment", "Problem assessment", "8.3.7"},
        {"problem_solving", "Problem-solving skills", "8.3.8"},
        {"cross_cultural", "Cross-cultural issues", "8.3.9"},
        {"psychological_diagnoses", "Psychological diagnoses", "8.3.10"},
        {"medical_conditions", "Medical conditions often confused with psychiatric disorders",
         "8.3.11"},
        {"stress_management", "Stress management", "8.3.12"},
        {"burnout", "Burn-out", "8.3.13"},
        {"grief_management", "Grief management", "8.3.14"},
        {"domestic_violence", "Domestic violence", "8.3.15"},
        {"hiv_aids", "HIV and AIDS", "8.3.16"},
        {"suicide_assessment", "Suicide assessment", "8.3.17"},
        {"crisis_intervention", "Crisis management intervention", "8.3.18"},
        {"critical_incident_stress", "Work-related critical incident stress management", "8.3.19"},
        {"substance_abuse", "Alcohol and substance abuse", "8.3.20"},
        {"referral", "When to seek licensed mental health consultation and referral information",
         "8.3.21"},
        {"relationship_issues", "Relationship issues and concerns", "8.3.22"},
        {"military_support", "Military support", "8.3.23"},
        {"local_resources",
         "Local Resources (e.g., social services, AA meetings, child care, and so on)", "8.3.24"},
    };
    return topics;
}

bool is_iacp_topic(std::string_view code) {
    const auto &topics = iacp_training_topics();
    return std::any_of(topics.begin(), topics.end(),
                       [&](const TrainingTopic &t) { return t.code == code; });
}

bool is_valid_training_code(std::string_view code) {
    if (code.empty() || code.size() > 64) {
        return false;
    }
    return std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace psp
