// scim_directory.cpp: SCIM User attributes through the allow-list.
#include "adapters/scim_directory.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

using NodeIndex = ScimResource::Index;
using NodeKind = ScimResource::Kind;

// The resource's schema list says what the resource is, not anything about the person: read,
// neither kept nor reported. Everything else not kept is named, sub-attributes included.
bool is_structural(std::string_view attribute) {
    return attribute == "schemas";
}

}  // namespace

// Named, not anonymous: ScimUserStream::Mapper holds them.
namespace scim_compiled {

// One attribute path, split once: "urn:...:User:manager.value" is the extension
// "urn:...:User" and the segments "manager", "value"; a core path has no extension.
struct ScimPath {
    bool extension = false;
    std::string urn;
    std::vector<std::string> segments;

    explicit ScimPath(std::string_view path) {
        std::string_view attribute = path;
        if (path.starts_with("urn:")) {
            const auto colon = path.rfind(':');
            extension = true;
            urn = path.substr(0, colon);
            attribute = path.substr(colon + 1);
        }
        // "a." reads as "a" and "a..b" looks for an empty key, as the path always has.
        while (!attribute.empty()) {
            const auto dot = attribute.find('.');
            segments.emplace_back(attribute.substr(0, dot));
            attribute =
                dot == std::string_view::npos ? std::string_view() : attribute.substr(dot + 1);
        }
    }

    // The text at this path of `user` (an object); numbers are written into `scratch`.
    std::string_view text_in(const ScimResource &user, std::string &scratch) const {
        NodeIndex at = 0;
        if (extension) {
            at = user.find(0, urn);
            if (at == ScimResource::kNone || user.kind(at) != NodeKind::object) {
                return {};
            }
        }
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (user.kind(at) == NodeKind::string && i + 1 == segments.size() &&
                segments[i] == "value") {
                return user.text_of(at);  // Entra ID's bare manager id
            }
            if (user.kind(at) != NodeKind::object) {
                return {};
            }
            at = user.find(at, segments[i]);
            if (at == ScimResource::kNone) {
                return {};
            }
        }
        return user.scalar_text(at, scratch);
    }
};

// One way to read a field (SourceNames): its paths, the name it gives the value's source
// ("a+b" for a join), and the paths that name marks as read for the drop report.
struct CompiledSource {
    std::vector<std::size_t> paths;  // into ScimUserStream::Mapper::paths
    std::string source;
    std::vector<std::string> read;
};

struct CompiledField {
    std::string name;
    std::vector<CompiledSource> sources;
    std::string all_tried;          // the source of an empty value: every way tried
    SourcedValue *value = nullptr;  // its entry in the stream's reused SourcedFields
};

}  // namespace scim_compiled

namespace {

using scim_compiled::CompiledField;
using scim_compiled::CompiledSource;
using scim_compiled::ScimPath;

// The drop check compares each attribute of each user with every path read (a pull of 100,000
// users made tens of millions of comparisons, most of them between paths that share a long URN
// prefix): the cheap tests of length, boundary and last character come before the full compare.

// Whether `path` is `attribute` or lies under it.
bool is_under(std::string_view path, std::string_view attribute) {
    const std::size_t n = attribute.size();
    if (path.size() < n) {
        return false;
    }
    if (path.size() != n && path[n] != '.' && path[n] != ':') {
        return false;
    }
    return n == 0 || (path[n - 1] == attribute[n - 1] &&
                      std::char_traits<char>::compare(path.data(), attribute.data(), n) == 0);
}

bool same_path(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           (a.empty() || (a.back() == b.back() &&
                          std::char_traits<char>::compare(a.data(), b.data(), a.size()) == 0));
}

}  // namespace

// The names a row's drop check gives for the attributes its manager reference was read from,
// two ways: when the reference translates to an employee id, and when it translates to nothing
// (the manager's own row has no id), which leaves the reference's paths unread. Which applies is
// known only after the last page; rows share a few pairs, so each row keeps only an index. A
// pair is looked up by a key written into a reused buffer, so a row that repeats a pair
// allocates nothing.
struct ScimUserStream::DropVariants {
    using Names = std::set<std::string>;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::pair<Names, Names>> by_index;
};

// The compiled mapping and the buffers one user is read through.
struct ScimUserStream::Mapper {
    // Names collected for one user's drop report: kept in place between users.
    struct NameList {
        std::vector<std::string> names;
        std::size_t size = 0;

        void add(std::string_view name) {
            if (size == names.size()) {
                names.emplace_back();
            }
            names[size++].assign(name);
        }
        // Sorted, each once: the set the names form.
        void settle() {
            std::sort(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(size));
            size = static_cast<std::size_t>(
                std::unique(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(size)) -
                names.begin());
        }
        std::set<std::string> to_set() const {
            return {names.begin(), names.begin() + static_cast<std::ptrdiff_t>(size)};
        }
    };

    std::vector<ScimPath> paths;
    std::vector<CompiledField> fields;  // in the order of mapping.scim
    SourcedFields values;               // every field the row reads, refilled per user
    const SourcedValue *id = nullptr;
    SourcedValue *supervisor = nullptr;
    const CompiledField *supervisor_field = nullptr;

    // Per user.
    std::string scratch;
    std::vector<std::string_view> used;          // paths a kept value was read from
    std::vector<std::string_view> manager_only;  // ... by the manager reference alone
    std::string path;                            // the drop check's current path
    NameList with_manager;
    NameList without_manager;
    std::string variant_key;
    std::string dropped_name;
    ScimResource converted;  // a document user, flattened

    explicit Mapper(const DirectoryMapping &mapping) {
        std::map<std::string, std::size_t, std::less<>> path_index;
        for (const auto &[name, sources] : mapping.scim) {
            CompiledField field{name, {}, {}, nullptr};
            for (const SourceNames &names : sources) {
                CompiledSource source;
                for (const std::string &n : names) {
                    const auto [at, added] = path_index.try_emplace(n, paths.size());
                    if (added) {
                        paths.emplace_back(n);
                    }
                    source.paths.push_back(at->second);
                    source.source += (source.source.empty() ? "" : "+") + n;
                }
                // The source name split at '+', as the drop report has always read it.
                std::string_view rest = source.source;
                while (!rest.empty()) {
                    const auto plus = rest.find('+');
                    source.read.emplace_back(rest.substr(0, plus));
                    rest =
                        plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
                }
                field.all_tried += (field.all_tried.empty() ? "" : ", ") + source.source;
                field.sources.push_back(std::move(source));
            }
            fields.push_back(std::move(field));
        }
        for (CompiledField &field : fields) {
            field.value = &values[field.name];
        }
        for (const char *name : {"category", "shift"}) {
            values.try_emplace(name);  // named "no source" in warnings
        }
        if (const auto it = values.find("id"); it != values.end()) {
            id = &it->second;
        }
        for (const CompiledField &field : fields) {
            if (field.name == "supervisor_id") {
                supervisor = field.value;
                supervisor_field = &field;
            }
        }
    }

    // Fills field.value from the first source that gives one; returns that source, or nullptr.
    const CompiledSource *read(const ScimResource &user, const CompiledField &field) {
        SourcedValue &out = *field.value;
        for (const CompiledSource &source : field.sources) {
            out.value.clear();
            for (const std::size_t p : source.paths) {
                const std::string_view part = paths[p].text_in(user, scratch);
                if (has_content(part)) {
                    if (!out.value.empty()) {
                        out.value += ' ';
                    }
                    out.value += part;
                }
            }
            if (!out.value.empty()) {
                out.source = source.source;
                return &source;
            }
        }
        out.source = field.all_tried;
        return nullptr;
    }

    bool is_used(std::string_view p) const {
        return std::any_of(used.begin(), used.end(),
                           [&](std::string_view u) { return same_path(u, p); });
    }
    bool any_used_under(std::string_view p) const {
        return std::any_of(used.begin(), used.end(),
                           [&](std::string_view u) { return is_under(u, p); });
    }
    bool read_for_manager(std::string_view attribute) const {
        return std::any_of(manager_only.begin(), manager_only.end(),
                           [&](std::string_view u) { return is_under(u, attribute); });
    }

    // Names `path` (at `at`) when nothing under it was used; its unused parts when some were.
    template <class Drop>
    void drop_unused(const ScimResource &user, NodeIndex at, char separator, const Drop &drop) {
        if (is_used(path)) {
            return;
        }
        const NodeKind kind = user.kind(at);
        if (kind != NodeKind::object) {
            // An empty value carried nothing to drop. A bare value where an object's part was
            // read (Entra ID's manager id) is that part.
            const bool empty =
                kind == NodeKind::null || (kind == NodeKind::string && user.text_of(at).empty());
            if (!empty && !any_used_under(path)) {
                drop(path);
            }
            return;
        }
        for (NodeIndex m = user.first_member(at); m != ScimResource::kNone;
             m = user.next_member(at, m)) {
            const std::size_t length = path.size();
            path += separator;
            path += user.key_of(m);
            drop_unused(user, m, '.', drop);
            path.resize(length);
        }
    }

    // Reports what the attribute at `at` holds that was not kept, sub-attributes by name; an
    // extension nothing was read from is named by its URN alone.
    template <class Drop>
    void drop_unread(const ScimResource &user, NodeIndex at, const Drop &drop) {
        const std::string_view attribute = user.key_of(at);
        const bool extension = attribute.starts_with("urn:") && user.kind(at) == NodeKind::object;
        if (extension && !any_used_under(attribute)) {
            drop(attribute);
            return;
        }
        path.assign(attribute);
        drop_unused(user, at, extension ? ':' : '.', drop);
    }

    // The lookup key of a pair of name lists: each list's count, then each name with its length,
    // so no name can run into the next.
    const std::string &key_of_variant() {
        variant_key.clear();
        const auto append_size = [&](std::size_t size) {
            const auto value = static_cast<std::uint64_t>(size);
            variant_key.append(reinterpret_cast<const char *>(&value), sizeof value);
        };
        for (const NameList *list : {&with_manager, &without_manager}) {
            append_size(list->size);
            for (std::size_t i = 0; i < list->size; ++i) {
                append_size(list->names[i].size());
                variant_key += list->names[i];
            }
        }
        return variant_key;
    }
};

std::string scim_attribute(const Json &user, std::string_view path) {
    ScimResource flat;
    flat.assign(user);
    std::string scratch;
    return std::string(ScimPath(path).text_in(flat, scratch));
}

ScimUserStream::ScimUserStream(std::string default_agency, const DirectoryMapping &mapping)
    : agency_(std::move(default_agency)),
      mapping_(mapping),
      variants_(std::make_unique<DropVariants>()),
      mapper_(std::make_unique<Mapper>(mapping)) {}

ScimUserStream::~ScimUserStream() = default;

void ScimUserStream::add(const Json &user) {
    mapper_->converted.assign(user);
    add(mapper_->converted);
}

void ScimUserStream::add(const ScimResource &user) {
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
    Mapper &m = *mapper_;
    // The SCIM id is read for manager references.
    m.used.assign({"id"});
    m.manager_only.clear();
    const CompiledSource *manager_source = nullptr;
    for (const CompiledField &field : m.fields) {
        const CompiledSource *source = m.read(user, field);
        if (&field == m.supervisor_field) {
            manager_source = source;
        } else if (source != nullptr) {
            for (const std::string &p : source->read) {
                if (!m.is_used(p)) {
                    m.used.push_back(p);
                }
            }
        }
    }
    // The paths only the manager reference was read from: unread after all if it translates to
    // nothing.
    if (manager_source != nullptr) {
        for (const std::string &p : manager_source->read) {
            if (!m.is_used(p)) {
                m.used.push_back(p);
                m.manager_only.push_back(p);
            }
        }
    }
    // A user without a SCIM id is nobody's manager reference: "" means "no manager".
    if (const NodeIndex id = user.find(0, "id"); id != ScimResource::kNone &&
                                                 user.kind(id) == NodeKind::string &&
                                                 !user.text_of(id).empty()) {
        identities_.emplace_back(user.text_of(id), m.id == nullptr ? std::string() : m.id->value);
    }
    Row row{pend_mapped_record(mapping_, rows_, m.values, agency_), {}, kNoDropVariant};
    if (m.supervisor != nullptr) {
        row.manager = m.supervisor->value;
    }

    m.with_manager.size = 0;
    // Through a reused buffer: a name already reported allocates nothing.
    const auto to_dropped = [this, &m](std::string_view name) {
        m.dropped_name.assign(name);
        dropped_.insert(m.dropped_name);
    };
    const auto to_with = [&m](std::string_view name) { m.with_manager.add(name); };
    for (NodeIndex a = user.first_member(0); a != ScimResource::kNone; a = user.next_member(0, a)) {
        if (is_structural(user.key_of(a))) {
            continue;
        }
        if (m.read_for_manager(user.key_of(a))) {
            m.drop_unread(user, a, to_with);
        } else {
            m.drop_unread(user, a, to_dropped);
        }
    }
    if (!m.manager_only.empty()) {
        m.used.resize(m.used.size() - m.manager_only.size());  // they were added last
        m.without_manager.size = 0;
        const auto to_without = [&m](std::string_view name) { m.without_manager.add(name); };
        for (NodeIndex a = user.first_member(0); a != ScimResource::kNone;
             a = user.next_member(0, a)) {
            if (!is_structural(user.key_of(a)) && m.read_for_manager(user.key_of(a))) {
                m.drop_unread(user, a, to_without);
            }
        }
        m.with_manager.settle();
        m.without_manager.settle();
        const std::string &key = m.key_of_variant();
        auto found = variants_->index.find(key);
        if (found == variants_->index.end()) {
            found = variants_->index
                        .emplace(key, static_cast<std::uint32_t>(variants_->by_index.size()))
                        .first;
            variants_->by_index.emplace_back(m.with_manager.to_set(), m.without_manager.to_set());
        }
        row.drop_variant = found->second;
    }
    pending_.push_back(std::move(row));
}

DirectoryImport ScimUserStream::finish() {
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
        const auto &[with_manager, without_manager] = variants_->by_index[i];
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

DirectoryImport import_scim_users(const std::vector<Json> &users, const std::string &agency,
                                  const DirectoryMapping &mapping) {
    ScimUserStream stream(agency, mapping);
    for (const Json &user : users) {
        stream.add(user);
    }
    return stream.finish();
}

DirectoryImport import_scim_list(const Json &list, const std::string &agency,
                                 const DirectoryMapping &mapping) {
    const auto schemas = list.find("schemas");
    const bool is_list =
        schemas != list.end() && schemas->is_array() &&
        std::find(schemas->begin(), schemas->end(), kScimListResponse) != schemas->end();
    if (!is_list) {
        throw Error(
            ErrorCode::invalid_request,
            "not a SCIM ListResponse: schemas must contain " + std::string(kScimListResponse),
            "/params/scim/schemas");
    }
    const auto resources = list.find("Resources");
    if (resources == list.end()) {
        return {};
    }
    if (!resources->is_array()) {
        throw Error(ErrorCode::invalid_request, "SCIM Resources must be an array",
                    "/params/scim/Resources");
    }
    ScimUserStream stream(agency, mapping);
    for (const Json &user : *resources) {
        stream.add(user);
    }
    return stream.finish();
}

}  // namespace psp
