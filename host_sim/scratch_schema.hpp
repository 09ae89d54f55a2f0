// scratch_schema.hpp: a throwaway PostgreSQL schema for the multi-process tests and benchmarks,
// in the cluster scripts/postgres-cluster.sh started: created by the cluster's admin
// (PSP_TEST_PG_ADMIN), owned by the restricted `psp_plugin` role the plugin connects as
// (PSP_TEST_PG_PLUGIN), dropped with everything in it at the end.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

class ScratchSchema {
  public:
    // True when PSP_TEST_PG_ADMIN names a cluster.
    static bool available();

    // Creates `psp_scratch_<pid>_<n>`. Throws std::runtime_error when the environment names no
    // cluster, soci::soci_error when the cluster refuses.
    ScratchSchema();
    ~ScratchSchema();
    ScratchSchema(const ScratchSchema &) = delete;
    ScratchSchema &operator=(const ScratchSchema &) = delete;

    const std::string &name() const { return name_; }
    // The instance config's "storage" object: PostgreSQL as psp_plugin, in this schema.
    nlohmann::json storage() const;

  private:
    std::string name_;
};

}  // namespace psp::host_sim
