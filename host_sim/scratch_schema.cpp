// scratch_schema.cpp: create and drop the schema with the admin connection.
#include "host_sim/scratch_schema.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace psp::host_sim {
namespace {

std::string required_env(const char *name) {
    const char *value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name) +
                                 " is not set: start a cluster with `scripts/postgres-cluster.sh "
                                 "start DIR` and `source DIR/env`");
    }
    return value;
}

void run_as_admin(const std::string &statement) {
    // DROP SCHEMA ... CASCADE would otherwise print a NOTICE per table.
    soci::session admin(soci::postgresql, required_env("PSP_TEST_PG_ADMIN") +
                                              " options='-c client_min_messages=warning'");
    admin << statement;
}

}  // namespace

bool ScratchSchema::available() {
    const char *admin = std::getenv("PSP_TEST_PG_ADMIN");
    return admin != nullptr && *admin != '\0';
}

ScratchSchema::ScratchSchema() {
    static std::atomic<int> counter{0};
    name_ = "psp_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    run_as_admin("CREATE SCHEMA " + name_ + " AUTHORIZATION psp_plugin");
}

ScratchSchema::~ScratchSchema() {
    try {
        run_as_admin("DROP SCHEMA " + name_ + " CASCADE");
    } catch (const std::exception &e) {
        std::cerr << "could not drop the scratch schema " << name_ << ": " << e.what() << '\n';
    }
}

nlohmann::json ScratchSchema::storage() const {
    return {{"backend", "postgresql"},
            {"connection",
             required_env("PSP_TEST_PG_PLUGIN") + " options='-c search_path=" + name_ + "'"}};
}

}  // namespace psp::host_sim
