// scim_reference_mapping.hpp: the SCIM mapping as it read nlohmann documents before the flat
// reader (scim_reference_mapping.cpp), the oracle of scim_equivalence_test.cpp.
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
#include "plugin/core/json_text.hpp"

namespace psp_test {

std::string reference_scim_attribute(const psp::Json &user, std::string_view path);

// ScimUserStream as it was.
class ReferenceScimStream {
  public:
    ReferenceScimStream(std::string default_agency, const psp::DirectoryMapping &mapping);
    ~ReferenceScimStream();
    ReferenceScimStream(const ReferenceScimStream &) = delete;
    ReferenceScimStream &operator=(const ReferenceScimStream &) = delete;

    void add(const psp::Json &user);
    std::size_t rows() const { return rows_; }
    psp::DirectoryImport finish();
    const std::vector<std::pair<std::string, std::string>> &identities() const {
        return identities_;
    }

  private:
    static constexpr std::uint32_t kNoDropVariant = UINT32_MAX;
    struct Row {
        psp::PendingRecord pending;
        std::string manager;
        std::uint32_t drop_variant = kNoDropVariant;
    };
    struct DropVariants;

    std::string agency_;
    const psp::DirectoryMapping &mapping_;
    std::size_t rows_ = 0;
    std::deque<Row> pending_;
    std::vector<std::pair<std::string, std::string>> identities_;
    std::set<std::string> dropped_;
    std::unique_ptr<DropVariants> variants_;
};

}  // namespace psp_test
