// jurisdiction_profile.cpp: what a profile's protection claims, and which rules it has.
#include "plugin/domain/jurisdiction_profile.hpp"

#include <algorithm>

namespace psp {

bool Protection::claims_privilege() const {
    const bool testimonial = kind == ProtectionKind::testimonial_privilege ||
                             kind == ProtectionKind::testimonial_privilege_and_public_records;
    return testimonial && source && source->status == LawStatus::enacted;
}

bool JurisdictionProfile::has(RuleKind kind) const {
    return std::any_of(rules.begin(), rules.end(),
                       [kind](const JurisdictionRule &r) { return r.kind == kind; });
}

}  // namespace psp
