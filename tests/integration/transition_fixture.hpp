// transition_fixture.hpp: what the race and crash tests share: a work dir whose agency has active
// PSPs, on SQLite or (PSP_TEST_BACKEND=postgresql) a fresh PostgreSQL schema owned by the
// restricted psp_plugin role; the argv of a `psp-host transition-worker` on it; and the checks
// made through calls afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/scratch_schema.hpp"
#include "host_sim/transition_workspace.hpp"
#include "integration_fixtures.hpp"

namespace psp::host_sim::integration {

// True when PSP_TEST_BACKEND=postgresql: the agency's database is a fresh PostgreSQL schema.
bool testing_postgresql();

// An environment variable as a count, `fallback` when unset.
int64_t env_count(const char *name, int64_t fallback);

class TransitionAgency {
  public:
    // Generates a 60-employee agency and activates `psps` of them (in-process, then closed).
    explicit TransitionAgency(std::size_t psps);

    bool on_postgresql() const { return workspace_->on_postgresql(); }
    const std::vector<std::string> &psps() const { return workspace_->psps(); }
    // The plugin's SQLite file (SQLite only).
    std::filesystem::path sqlite_file() const { return workspace_->sqlite_file(); }

    // `psp-host transition-worker` for `psp` named `worker`, plus `extra` arguments.
    std::vector<std::string> worker_argv(const std::string &psp, const std::string &worker,
                                         const std::vector<std::string> &extra = {}) const;

    // A read made in this process on a session opened for it (the workers must be gone).
    CallOutcome call(const std::string &method, const std::string &principal,
                     const std::string &role, const Json &params) const;
    // program.status's history of `psp`: event names, oldest first.
    std::vector<std::string> history(const std::string &psp) const;
    std::string status(const std::string &psp) const;
    // audit.verify's result.
    Json audit_verification() const;

  private:
    TemporaryFolder folder_;
    std::unique_ptr<ScratchSchema> schema_;  // PostgreSQL only
    std::unique_ptr<TransitionWorkspace> workspace_;
};

}  // namespace psp::host_sim::integration
