// catalog.cpp: the plugin's method catalogue, built once on first use and immutable after.
#include "plugin/methods/catalog.hpp"
#include "plugin/methods/method_groups.hpp"

namespace psp {

const MethodCatalog &method_catalog() {
    static const MethodCatalog catalog = [] {
        MethodCatalog c;
        add_info_methods(c);
        add_directory_methods(c);
        add_audit_methods(c);
        add_maintenance_methods(c);
        add_selection_entry_methods(c);
        add_selection_step_methods(c);
        add_agreement_methods(c);
        add_membership_methods(c);
        add_roster_methods(c);
        add_coverage_methods(c);
        add_training_methods(c);
        add_conflict_methods(c);
        add_incident_methods(c);
        add_activation_methods(c);
        add_partner_methods(c);
        add_contact_methods(c);
        add_statistics_methods(c);
        add_jurisdiction_methods(c);
        add_oversight_methods(c);
        return c;
    }();
    return catalog;
}

}  // namespace psp
