// scim_directory.hpp: SCIM 2.0 (RFC 7643/7644) users onto the employee record.
//
// Reads a ListResponse of core Users through the agency's mapping (directory_mapping.hpp): each
// record field from the attribute paths the mapping names, core ("displayName",
// "name.givenName"), enterprise or any extension ("<schema URN>:<attribute>[.<sub-attribute>]").
// The default profile ("plugin") reads:
//   id             employeeNumber (enterprise), else the SCIM id
//   name           displayName, else name.formatted, else givenName + familyName
//   title          title
//   category       staffCategory (plugin extension), else userType, through the value map
//   agency         organization (enterprise), else the instance's agency
//   division       division (enterprise)
//   unit           unit (plugin extension), else department (enterprise)
//   shift          shift (plugin extension)
//   supervisor_id  manager.value (enterprise; a bare string as Entra ID sends it is accepted),
//                  translated from a SCIM id to the manager's employee id when it is one
//   active         active (a boolean, or text the value map knows)
//   hire_date      hireDate (plugin extension)
// Every attribute no path names is dropped and reported by name ("<URN>:<attribute>" for an
// extension's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/directory_mapping.hpp"
#include "adapters/employee_allow_list.hpp"
#include "adapters/scim_resource.hpp"
#include "plugin/core/json_text.hpp"

namespace psp {

inline constexpr std::string_view kScimListResponse =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view kScimEnterpriseUser =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kScimPluginUser =
    "urn:psp:scim:schemas:extension:peer-support:1.0:User";

// Checks the ListResponse envelope and maps its Resources. Throws Error(invalid_request) when the
// envelope itself is not a SCIM ListResponse.
DirectoryImport import_scim_list(const Json &list_response, const std::string &default_agency,
                                 const DirectoryMapping &mapping = default_directory_mapping());

// The text at an attribute path of a SCIM user ("" when absent or not a scalar).
std::string scim_attribute(const Json &user, std::string_view path);

// Maps SCIM User resources (from one or several ListResponse pages).
DirectoryImport import_scim_users(const std::vector<Json> &users, const std::string &default_agency,
                                  const DirectoryMapping &mapping = default_directory_mapping());

// SCIM users mapped as they arrive, page by page, so no page's JSON outlives its reading (a host
// pull of 100,000 people held every page at once before). A manager reference holds the
// manager's SCIM id, and the manager may be on a later page: each user is kept as a pending
// record with its reference untranslated, and finish() translates the references from a compact
// map of SCIM id to employee id, then settles every row. The answer is the one import_scim_users
// gives for all the users at once: records, rejections and warnings in order, rows numbered from
// 1 across every page, the same fields dropped.
//
// The mapping's attribute paths are compiled once, when the stream is made, and each user is read
// as a flat ScimResource (scim_resource.hpp) through buffers the stream reuses: a pull of 100,000
// users spent more on allocating and looking paths up than on reading.
class ScimUserStream {
  public:
    // `mapping` must outlive the stream.
    ScimUserStream(std::string default_agency, const DirectoryMapping &mapping);
    ~ScimUserStream();
    ScimUserStream(const ScimUserStream &) = delete;
    ScimUserStream &operator=(const ScimUserStream &) = delete;

    // The next row: one SCIM resource (anything but an object is a rejected row).
    void add(const Json &user);
    void add(const ScimResource &user);
    std::size_t rows() const { return rows_; }

    // Settles every row; the stream is empty afterwards.
    DirectoryImport finish();

    // The SCIM id and employee id of every user that has a SCIM id, in order.
    const std::vector<std::pair<std::string, std::string>> &identities() const {
        return identities_;
    }
    std::vector<std::pair<std::string, std::string>> take_identities() {
        return std::move(identities_);
    }

  private:
    static constexpr std::uint32_t kNoDropVariant = UINT32_MAX;
    struct Row {
        PendingRecord pending;
        std::string manager;  // the reference as read: translated in finish() when a SCIM id
        // Which of variants_'s pairs of dropped names this row adds (kNoDropVariant: none).
        std::uint32_t drop_variant = kNoDropVariant;
    };
    struct DropVariants;
    struct Mapper;

    std::string agency_;
    const DirectoryMapping &mapping_;
    std::size_t rows_ = 0;
    std::deque<Row> pending_;
    std::vector<std::pair<std::string, std::string>> identities_;
    std::set<std::string> dropped_;
    std::unique_ptr<DropVariants> variants_;
    std::unique_ptr<Mapper> mapper_;
};

}  // namespace psp
