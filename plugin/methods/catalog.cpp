// catalog.cpp: the plugin's method catalogue, built once on first use and immutable after.
#include "plugin/methods/catalog.hpp"

#include <array>

#include "plugin/methods/method_groups.hpp"
#include "plugin/methods/method_schemas.hpp"

namespace psp {
namespace {

// The one table of method groups, in registration order (each declared in method_groups.hpp).
constexpr std::array kMethodGroups = {
    &add_info_methods,        &add_directory_methods,       &add_audit_methods,
    &add_maintenance_methods, &add_selection_entry_methods, &add_selection_step_methods,
    &add_agreement_methods,   &add_membership_methods,      &add_roster_methods,
    &add_coverage_methods,    &add_training_methods,        &add_conflict_methods,
    &add_incident_methods,    &add_activation_methods,      &add_partner_methods,
    &add_contact_methods,     &add_statistics_methods,      &add_jurisdiction_methods,
    &add_oversight_methods,
};

}  // namespace

const MethodCatalog &method_catalog() {
    static const MethodCatalog catalog = [] {
        MethodCatalog c(embedded_method_schemas());
        for (const auto add_group : kMethodGroups) {
            add_group(c);
        }
        // A schema file whose method was renamed or removed fails here, not silently.
        c.require_every_schema_used();
        return c;
    }();
    return catalog;
}

}  // namespace psp
