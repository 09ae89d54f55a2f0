// method_groups.hpp: each group of methods adds itself to the catalogue; catalog.cpp holds the
// table that registers them.
#pragma once

#include "plugin/dispatch/method_catalog.hpp"

namespace psp {

void add_info_methods(MethodCatalog &catalog);
void add_directory_methods(MethodCatalog &catalog);
void add_audit_methods(MethodCatalog &catalog);
void add_maintenance_methods(MethodCatalog &catalog);
void add_selection_entry_methods(MethodCatalog &catalog);
void add_selection_step_methods(MethodCatalog &catalog);
void add_agreement_methods(MethodCatalog &catalog);
void add_membership_methods(MethodCatalog &catalog);
void add_roster_methods(MethodCatalog &catalog);
void add_coverage_methods(MethodCatalog &catalog);
void add_training_methods(MethodCatalog &catalog);
void add_conflict_methods(MethodCatalog &catalog);
void add_incident_methods(MethodCatalog &catalog);
void add_activation_methods(MethodCatalog &catalog);
void add_partner_methods(MethodCatalog &catalog);
void add_contact_methods(MethodCatalog &catalog);
void add_statistics_methods(MethodCatalog &catalog);
void add_jurisdiction_methods(MethodCatalog &catalog);
void add_oversight_methods(MethodCatalog &catalog);

}  // namespace psp
