// method_context.hpp: what a method handler may use, and the one way a write happens.
//
// A write handler prepares its change outside any transaction (parsing, host fetches, checks) and
// then calls commit(): the change, its idempotency record and its audit entry are written in one
// transaction, so a host retry or a crash can never apply a change twice or leave it unaudited.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "plugin/config/agency_config.hpp"
#include "plugin/core/host_services.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/dispatch/request.hpp"
#include "plugin/domain/roles.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/org_chart_cache.hpp"

namespace psp {

// The parts of an instance that methods use.
struct InstanceServices {
    // The methods this instance answers: the instance layer hands the catalogue down, since the
    // handlers live above dispatch.
    const MethodCatalog &catalog;
    const AgencyConfig &config;
    const HostServices &host;
    Database &db;
    OrgChartCache &org_chart;
    int schema_version = 0;
};

class MethodContext {
  public:
    MethodContext(InstanceServices &services, const Request &request, RoleSet roles,
                  const MethodSpec &spec, int64_t now_ms);

    const Principal &principal() const { return request_.principal; }
    RoleSet roles() const { return roles_; }
    int64_t now_ms() const { return now_ms_; }
    const AgencyConfig &config() const { return services_.config; }
    // A write method called with params.dry_run true: it answers with what it would do and must
    // not commit (commit() refuses); the dispatcher then needs no idempotency key and writes
    // nothing, not even an audit entry, since nothing changed.
    bool dry_run() const;
    const HostServices &host() const { return services_.host; }
    int schema_version() const { return services_.schema_version; }

    // The org chart index for the directory as stored now (rebuilt only when it changed since,
    // possibly in another host process), with the acting assignments in force today.
    std::shared_ptr<const OrgChartIndex> org_chart();
    // The index as cached, with the revision it was built for (and whether it was built for
    // today); never rebuilt.
    CachedOrgChart cached_org_chart() const;
    // After a change of the chart committed at `revision`: installs the index built from the
    // records in memory, so the next org_chart() call needs no database rebuild.
    void install_org_chart(int64_t revision, const std::vector<EmployeeRecord> &employees,
                           const std::vector<ActingPeriod> &acting);
    // The same, when the change left the index as it was: `index` (cached_org_chart() of today)
    // serves `revision` too, and nothing is rebuilt.
    void install_org_chart(int64_t revision, std::shared_ptr<const OrgChartIndex> index);

    // Runs `work` on a pooled session, outside a write transaction (Database::read).
    void read(const std::function<void(soci::session &)> &work);
    // Empties SQLite's write-ahead log (Database::truncate_wal); nothing on PostgreSQL.
    void truncate_wal();
    // Chains the audit entries writers staged while another held the chain (a write of its own,
    // only when there are any), so that a read of the log sees every committed call.
    void chain_staged_audit();

    // Write methods only: runs `work` in a write transaction together with the idempotency
    // record and the audit entry. When the key was already used for this same request, returns
    // the first result without running `work`.
    Json commit(const std::function<Json(soci::session &)> &work);
    // The same for a change confined to the program records of `member_id` (Database::
    // write_member): on PostgreSQL it runs beside changes to other members.
    Json commit_member_change(const std::string &member_id,
                              const std::function<Json(soci::session &)> &work);
    bool committed() const { return committed_; }

    // The first result for this request's idempotency key, if there is one. Throws
    // Error(idempotency_reused) when the key was used for a different request.
    std::optional<Json> replay();

  private:
    std::string fingerprint() const;
    std::optional<Json> stored_result(soci::session &sql);
    Json commit_scoped(const std::string &member_id,
                       const std::function<Json(soci::session &)> &work);

    InstanceServices &services_;
    const Request &request_;
    RoleSet roles_;
    const MethodSpec &spec_;
    int64_t now_ms_;
    bool committed_ = false;
};

// Whether params ask for a dry run ({"dry_run": true}); a write method's schema declares it.
bool is_dry_run(const Json &params);

// Comma-separated role names for the audit log ("-" for none).
std::string audit_roles(RoleSet roles);

}  // namespace psp
