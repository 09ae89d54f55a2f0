// partner_store.hpp: partner agencies' PSPs (IACP 3.8.2, and reference 004 for small and rural
// agencies): people outside our directory who serve our employees when no PSP of ours can.
//
// Storage only, inside the caller's transaction. A partner PSP is recorded by hand with how to
// reach them; they never get access to our directory, and nothing here is about who they support.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace psp {

struct PartnerPsp {
    int64_t partner_no = 0;
    std::string name;
    std::string agency;
    std::string training_status;  // "current", "initial_only", "lapsed"
    std::string contact;          // how to reach them: a work phone or address
    bool active = true;
    int64_t updated_ms = 0;
};

class PartnerStore {
  public:
    explicit PartnerStore(soci::session &sql) : sql_(sql) {}

    int64_t next_partner_no();
    void save(const PartnerPsp &partner);  // insert or replace by partner_no
    std::optional<PartnerPsp> find(int64_t partner_no);
    // Every partner PSP (active only when `active_only`), by agency then name.
    std::vector<PartnerPsp> list(bool active_only);

  private:
    soci::session &sql_;
};

}  // namespace psp
