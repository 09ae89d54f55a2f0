// program_store.hpp: the program's tables: members and their history, the selection steps'
// records, clinicians, agreements, leave and reviews.
//
// Storage only, inside the caller's transaction. Status changes are compare-and-set on the
// member's revision, so two host processes racing the same transition cannot both win: the loser
// gets Error(conflict) and its transaction rolls back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"
#include "plugin/domain/program_status.hpp"

namespace soci {
class session;
}

namespace psp {

struct ProgramMember {
    std::string employee_id;
    ProgramStatus status = ProgramStatus::awaiting_recommendations;
    std::string path = "full";  // or "reinstatement"
    int cycle = 1;
    int revision = 0;
    std::string nominated_by;  // empty for a self-application
    int64_t status_since_ms = 0;
    int64_t active_since_ms = 0;  // 0 until first active in this cycle
};

// One line of a person's program history: what happened, never why.
struct ProgramEvent {
    int event_no = 0;
    int cycle = 0;
    int64_t at_ms = 0;
    std::string event;   // "applied", "recommended", "standing_attested", ...
    std::string status;  // the status after the event
    std::string actor;
    std::string actor_role;
    Json detail = Json::object();  // structured facts only (dates, yes/no, ratings)
};

struct Recommendation {
    std::string recommender_id;
    std::string relation;  // "superior" or "peer"
    std::string given_on;
};

struct InterviewRecord {
    std::string held_on;
    bool suitable = false;
    int maturity = 0, judgment = 0, ethics = 0, credibility = 0, education_training = 0;
    Json panel = Json::array();  // [{"member_id", "role"}]
};

struct Clinician {
    std::string clinician_id;
    std::string name;
    std::string license;
    bool active = true;
};

struct AgreementVersion {
    int version = 0;
    std::string title;
    std::string body;
    std::string body_sha256;
    int64_t published_ms = 0;
    int64_t resign_by_ms = 0;  // members who signed an older version must re-sign by then
};

struct LeaveRecord {
    int leave_no = 0;
    int64_t start_ms = 0;
    std::string planned_return;  // "YYYY-MM-DD" or empty
    int64_t end_ms = 0;          // 0 while on leave
};

struct ReviewRecord {
    int review_no = 0;
    std::string grounds;
    int64_t opened_ms = 0;
    std::string opened_by;
    std::string resume_status;  // where a retained member returns to
    std::string outcome;        // empty while open; "deselected" or "retained"
    Json conditions = Json::array();
    std::string decided_on, decided_by, decided_role;
};

class ProgramStore {
  public:
    explicit ProgramStore(soci::session &sql) : sql_(sql) {}

    std::optional<ProgramMember> find(const std::string &employee_id);
    // Members with one of `statuses` (all when empty), ordered by id, after `after_id`.
    std::vector<ProgramMember> list(const std::vector<ProgramStatus> &statuses,
                                    const std::string &after_id, std::size_t limit);
    std::vector<std::string> ids_with_status(ProgramStatus status);

    // A new row, or a new cycle over a closed one (compare-and-set on `expected_revision`).
    void start_cycle(const ProgramMember &member, std::optional<int> expected_revision);
    // Moves `member` to `status`; Error(conflict) when someone else moved it first.
    void set_status(ProgramMember &member, ProgramStatus status, int64_t now_ms);

    void append_event(const ProgramMember &member, const ProgramEvent &event);
    // set_status, then append_event with the member as it now is: on PostgreSQL one statement,
    // as a transition's every statement is a round trip inside the member's lock.
    void set_status_with_event(ProgramMember &member, ProgramStatus status, int64_t now_ms,
                               const ProgramEvent &event);
    std::vector<ProgramEvent> history(const std::string &employee_id);

    std::vector<Recommendation> recommendations(const std::string &employee_id, int cycle);
    void add_recommendation(const std::string &employee_id, int cycle, const Recommendation &r);

    // The latest attestation of this cycle, if any.
    std::optional<bool> standing(const std::string &employee_id, int cycle);
    void save_standing(const std::string &employee_id, int cycle, bool in_good_standing,
                       const std::string &attested_on, const std::string &attested_by);

    void save_interview(const std::string &employee_id, int cycle, const InterviewRecord &r);

    std::optional<Clinician> clinician(const std::string &clinician_id);
    void save_clinician(const Clinician &c);
    std::vector<Clinician> clinicians();

    std::optional<AgreementVersion> current_agreement();
    void publish_agreement(const AgreementVersion &v);
    bool signed_version(const std::string &employee_id, int version);
    void sign_agreement(const std::string &employee_id, int version, int64_t now_ms);
    // Who signed `version`.
    std::vector<std::string> signers(int version);

    std::optional<LeaveRecord> open_leave(const std::string &employee_id);
    void start_leave(const std::string &employee_id, const LeaveRecord &leave);
    // Ends the employee's open leave, if any, in one statement (no read first).
    void end_open_leave(const std::string &employee_id, int64_t now_ms);

    std::optional<ReviewRecord> open_review(const std::string &employee_id);
    void add_review(const std::string &employee_id, const ReviewRecord &review);
    void decide_review(const std::string &employee_id, const ReviewRecord &review);
    // The most recent review, open or decided.
    std::optional<ReviewRecord> last_review(const std::string &employee_id);

  private:
    soci::session &sql_;
};

}  // namespace psp
