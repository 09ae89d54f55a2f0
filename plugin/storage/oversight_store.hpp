// oversight_store.hpp: the program's oversight records (IACP 3.4, 3.5, 5.1, 6.1): the clinical
// consultation log and the versioned documents every employee may read (procedures manual,
// departmental confidentiality policy). Storage only, inside the caller's transaction.
//
// A consultation row is a date, a clinician and a kind: deliberately no column for what was said
// or for whom the PSPs were supporting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace psp {

struct ClinicalConsultation {
    int64_t consultation_no = 0;
    std::string held_on;  // YYYY-MM-DD, the agency's local date
    std::string clinician_id;
    std::string kind;
    std::string recorded_by;
    int64_t recorded_ms = 0;
};

struct ProgramDocument {
    std::string kind;  // "procedures_manual" or "confidentiality_policy"
    int version = 0;
    std::string title;
    std::string body;
    std::string body_sha256;
    std::string published_by;
    int64_t published_ms = 0;
};

class OversightStore {
  public:
    explicit OversightStore(soci::session &sql) : sql_(sql) {}

    // Stores `c` with the next number; returns it.
    int64_t log_consultation(const ClinicalConsultation &c);
    // Consultations held on or after `from` (YYYY-MM-DD), newest first, at most `limit`.
    std::vector<ClinicalConsultation> consultations(const std::string &from, std::size_t limit);

    std::optional<ProgramDocument> current_document(const std::string &kind);
    // Stores `d` as the next version of its kind; returns the version.
    int publish_document(const ProgramDocument &d);

  private:
    soci::session &sql_;
};

}  // namespace psp
