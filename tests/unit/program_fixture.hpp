// program_fixture.hpp: a small agency with a peer support program, for the program's tests.
//
//   CHIEF
//   ├── LT1 (Patrol)            ├── LT2 (Investigations)
//   │   ├── SGT1: O1 O2 O3 (Day)    ├── D1 D2 (civilian, Day)
//   │   └── SGT2: O4 O5 NEW1 (Night) └── X1 (dispatcher, Night)
//   (everyone hired 2015-06-01 but NEW1, hired 2023-06-01: under a year at the test clock)
//   └── plus CLIN and CLIN2, external clinicians in the register (not in the directory)
#pragma once

#include <string>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "test_host.hpp"

namespace psp_test {

class ProgramAgency {
  public:
    explicit ProgramAgency(const char *config_json = nullptr);

    TestInstance t;

    // Calls `method` as `who` with `roles`; write methods get a fresh idempotency key.
    psp::Json as(const std::string &who, const std::vector<std::string> &roles,
                 const std::string &method, const psp::Json &params = psp::Json::object());
    // The error such a call throws (a test failure when it succeeds).
    psp::Error refused(const std::string &who, const std::vector<std::string> &roles,
                       const std::string &method, const psp::Json &params = psp::Json::object());

    // Each selection step, with valid defaults.
    void apply(const std::string &id);
    void recommend(const std::string &id, const std::string &by);
    void attest(const std::string &id, bool good = true);
    void interview(const std::string &id, bool suitable = true, psp::Json panel = nullptr);
    void decide(const std::string &id, bool selected = true);
    void sign(const std::string &id);
    // Records the default initial training (40 hours, its five topics), then completes the step.
    void complete_training(const std::string &id);
    void record_initial_training(const std::string &id);
    // Applies and takes every step: `id` ends active.
    void make_active(const std::string &id);
    // Publishes an agreement version (the first when none exists); returns its number.
    int publish_agreement();

    // program.status's status for `id`, or "" when they never applied.
    std::string status(const std::string &id);
    // Number of rows in the program's tables (for "changed nothing" checks).
    long long program_rows();

    int next_key = 0;
};

// The panel make_active uses: CLIN and, once the team has one, an active PSP (before that,
// CLIN2: the founding members' panels).
psp::Json default_panel(const std::string &psp_id = {});

}  // namespace psp_test
