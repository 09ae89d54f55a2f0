// scim_reference_mapping.cpp: the SCIM mapping as it was before it read flat resources
// (adapters/scim_directory.cpp at af0803a, walking nlohmann documents), kept unchanged as the
// oracle scim_equivalence_test.cpp compares the new reading with. Only its names changed.
#include "scim_reference_mapping.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace psp_test {

using namespace psp;

// Named, not anonymous: the unit tests are one unity build.
namespace reference_detail {

// The resource's schema list says what the resource is, not anything about the person: read,
// neither kept nor reported. Everything else not kept is named, sub-attributes included.
bool is_structural(const std::string &attribute) {
    return attribute == "schemas";
}

std::string text_of(const Json &object, const char *key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "urn:...:User:manager.value" -> {"urn:...:User", "manager.value"}; a core path has no URN.
std::pair<std::string_view, std::string_view> split_path(std::string_view path) {
    if (!path.starts_with("urn:")) {
        return {{}, path};
    }
    const auto colon = path.rfind(':');
    return {path.substr(0, colon), path.substr(colon + 1)};
}

std::string scim_scalar_text(const Json &value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number()) {
        return value.dump();
    }
    return {};
}

// Paths read for a user's kept fields: views of the sources in its SourcedFields, which outlive
// the set.
using UsedPaths = std::set<std::string_view>;

// Adds to `used` every path a field's value was taken from ("name.givenName",
// "urn:...:User:manager.value"; "a+b" joins two): a source tried but empty, or passed over for an
// earlier one, was not kept. `added` (when given) receives the paths `used` did not hold yet.
void add_source_paths(const SourcedValue &sourced, UsedPaths &used,
                      std::vector<std::string_view> *added = nullptr) {
    if (sourced.value.empty()) {
        return;
    }
    std::string_view rest = sourced.source;
    while (!rest.empty()) {
        const auto plus = rest.find('+');
        const auto [at, inserted] = used.emplace(rest.substr(0, plus));
        if (inserted && added != nullptr) {
            added->push_back(*at);
        }
        rest = plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
    }
}

// Whether `path` is `attribute` or lies under it: everything the drop check of `attribute` reads.
bool is_under(std::string_view path, std::string_view attribute) {
    return path.starts_with(attribute) &&
           (path.size() == attribute.size() || path[attribute.size()] == '.' ||
            path[attribute.size()] == ':');
}

bool any_used_under(const UsedPaths &used, const std::string &path) {
    for (auto it = used.lower_bound(path); it != used.end() && it->starts_with(path); ++it) {
        if (it->size() == path.size() || (*it)[path.size()] == '.' || (*it)[path.size()] == ':') {
            return true;
        }
    }
    return false;
}

// Names `path` when nothing under it was used; its unused parts when some were.
void drop_unused(const Json &value, const std::string &path, const std::string &separator,
                 const UsedPaths &used, std::set<std::string> &dropped) {
    if (used.contains(path)) {
        return;
    }
    if (!value.is_object()) {
        // An empty value carried nothing to drop. A bare value where an object's part was read
        // (Entra ID's manager id) is that part.
        const bool empty =
            value.is_null() || (value.is_string() && value.get<std::string>().empty());
        if (!empty && !any_used_under(used, path)) {
            dropped.insert(path);
        }
        return;
    }
    for (const auto &[part, inner] : value.items()) {
        drop_unused(inner, path + separator + part, ".", used, dropped);
    }
}

// Reports what `attribute` of a user holds that was not kept, sub-attributes by name; an
// extension nothing was read from is named by its URN alone.
void drop_unread(const std::string &attribute, const Json &value, const UsedPaths &used,
                 std::set<std::string> &dropped) {
    const bool extension = attribute.starts_with("urn:") && value.is_object();
    if (extension && !any_used_under(used, attribute)) {
        dropped.insert(attribute);
    } else {
        drop_unused(value, attribute, extension ? ":" : ".", used, dropped);
    }
}

}  // namespace reference_detail

using namespace reference_detail;

// Looks keys up by string_view (nlohmann's object comparator is transparent): a pull reads some
// twenty paths of each of its 100,000 users, and a std::string per segment was a fair share of
// the mapping's time.
std::string reference_scim_attribute(const psp::Json &user, std::string_view path) {
    const auto [urn, attribute] = split_path(path);
    const Json *at = &user;
    if (!urn.empty()) {
        const auto ext = user.find(urn);
        if (ext == user.end() || !ext->is_object()) {
            return {};
        }
        at = &*ext;
    }
    std::string_view rest = attribute;
    while (!rest.empty()) {
        const auto dot = rest.find('.');
        const std::string_view segment = rest.substr(0, dot);
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        if (at->is_string() && segment == "value" && rest.empty()) {
            return at->get<std::string>();  // Entra ID's bare manager id
        }
        if (!at->is_object()) {
            return {};
        }
        const auto next = at->find(segment);
        if (next == at->end()) {
            return {};
        }
        at = &*next;
    }
    return scim_scalar_text(*at);
}

// The names a row's drop check gives for the attributes its manager reference was read from,
// two ways: when the reference translates to an employee id, and when it translates to nothing
// (the manager's own row has no id), which leaves the reference's paths unread. Which applies is
// known only after the last page; rows share a few pairs, so each row keeps only an index.
struct ReferenceScimStream::DropVariants {
    using Names = std::set<std::string>;
    std::map<std::pair<Names, Names>, std::uint32_t> index;
    std::vector<const std::pair<Names, Names> *> by_index;

    std::uint32_t intern(Names &&with, Names &&without) {
        const auto [at, added] =
            index.try_emplace(std::pair<Names, Names>(std::move(with), std::move(without)),
                              static_cast<std::uint32_t>(by_index.size()));
        if (added) {
            by_index.push_back(&at->first);
        }
        return at->second;
    }
};

ReferenceScimStream::ReferenceScimStream(std::string default_agency,
                                         const DirectoryMapping &mapping)
    : agency_(std::move(default_agency)),
      mapping_(mapping),
      variants_(std::make_unique<DropVariants>()) {}

ReferenceScimStream::~ReferenceScimStream() = default;

void ReferenceScimStream::add(const Json &user) {
    ++rows_;
    if (!user.is_object()) {
        pending_.push_back({PendingRecord{rows_,
                                          EmployeeRecordBuilder(agency_),
                                          "a SCIM resource must be a JSON object",
                                          {},
                                          {}},
                            {},
                            kNoDropVariant});
        return;
    }
    SourcedFields fields;
    for (const auto &[field, sources] : mapping_.scim) {
        fields[field] = first_value(
            sources, [&](const std::string &path) { return reference_scim_attribute(user, path); });
    }
    for (const char *field : {"category", "shift"}) {
        fields.try_emplace(field);  // named "no source" in warnings
    }
    // A user without a SCIM id is nobody's manager reference: "" means "no manager".
    if (std::string scim_id = text_of(user, "id"); !scim_id.empty()) {
        const auto id = fields.find("id");
        identities_.emplace_back(std::move(scim_id),
                                 id == fields.end() ? std::string() : id->second.value);
    }
    Row row{pend_mapped_record(mapping_, rows_, fields, agency_), {}, kNoDropVariant};

    // The SCIM id is read for manager references.
    UsedPaths used = {"id"};
    for (const auto &[field, sourced] : fields) {
        if (field != "supervisor_id") {
            add_source_paths(sourced, used);
        }
    }
    // The paths only the manager reference was read from: unread after all if it translates to
    // nothing.
    std::vector<std::string_view> manager_only;
    if (const auto manager = fields.find("supervisor_id"); manager != fields.end()) {
        add_source_paths(manager->second, used, &manager_only);
        row.manager = std::move(manager->second.value);
    }
    const auto read_for_manager = [&](const std::string &attribute) {
        return std::any_of(manager_only.begin(), manager_only.end(),
                           [&](std::string_view path) { return is_under(path, attribute); });
    };
    DropVariants::Names with_manager;
    for (const auto &[attribute, value] : user.items()) {
        if (!is_structural(attribute)) {
            drop_unread(attribute, value, used,
                        read_for_manager(attribute) ? with_manager : dropped_);
        }
    }
    if (!manager_only.empty()) {
        for (const std::string_view path : manager_only) {
            used.erase(path);
        }
        DropVariants::Names without_manager;
        for (const auto &[attribute, value] : user.items()) {
            if (!is_structural(attribute) && read_for_manager(attribute)) {
                drop_unread(attribute, value, used, without_manager);
            }
        }
        row.drop_variant = variants_->intern(std::move(with_manager), std::move(without_manager));
    }
    pending_.push_back(std::move(row));
}

DirectoryImport ReferenceScimStream::finish() {
    // A manager reference holds the manager's SCIM id; the plugin keys people by employee id. A
    // SCIM id listed twice means its later user, as a map filled in order would.
    std::unordered_map<std::string_view, std::string_view> employee_id_of;
    employee_id_of.reserve(identities_.size());
    for (const auto &[scim_id, employee_id] : identities_) {
        employee_id_of[scim_id] = employee_id;
    }
    DirectoryImport import;
    import.records.reserve(pending_.size());
    constexpr std::uint8_t kWith = 1;
    constexpr std::uint8_t kWithout = 2;
    std::vector<std::uint8_t> variants_used(variants_->by_index.size(), 0);
    // Front to back, each row freed once settled, so the records grow as the rows go.
    while (!pending_.empty()) {
        Row &row = pending_.front();
        std::string_view supervisor = row.manager;
        if (const auto it = employee_id_of.find(supervisor); it != employee_id_of.end()) {
            supervisor = it->second;
        }
        if (row.drop_variant != kNoDropVariant) {
            variants_used[row.drop_variant] |= supervisor.empty() ? kWithout : kWith;
        }
        add_pending_record(std::move(row.pending), supervisor, import);
        pending_.pop_front();
    }
    for (std::size_t i = 0; i < variants_used.size(); ++i) {
        const auto &[with_manager, without_manager] = *variants_->by_index[i];
        if ((variants_used[i] & kWith) != 0) {
            dropped_.insert(with_manager.begin(), with_manager.end());
        }
        if ((variants_used[i] & kWithout) != 0) {
            dropped_.insert(without_manager.begin(), without_manager.end());
        }
    }
    import.dropped_fields = std::move(dropped_);
    dropped_.clear();
    *variants_ = DropVariants();
    rows_ = 0;
    return import;
}

}  // namespace psp_test
