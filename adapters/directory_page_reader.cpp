// directory_page_reader.cpp: nlohmann's SAX events of a directory page, routed: the envelope's
// few members to the page's facts, each resource to the SCIM mapping, the rest checked and let go.
#include "adapters/directory_page_reader.hpp"

#include <unordered_set>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/core/json_quick_sax.hpp"

namespace psp {

class DirectoryPageReader::Events : public JsonSaxTypes {
  public:
    explicit Events(ScimUserStream &users) : users_(users) {}

    void start(std::string_view what) {
        what_ = what;
        page_ = DirectoryPage();
        open_.clear();
        keys_size_ = 0;
        failure_ = JsonSaxFailure();
        resources_size_ = 0;
    }
    // Hands the page's resources to the mapping, in order.
    void flush() {
        for (std::size_t i = 0; i < resources_size_; ++i) {
            users_.add(resources_[i]);
        }
        resources_size_ = 0;
    }
    DirectoryPage &page() { return page_; }
    const JsonSaxFailure &failure() const { return failure_; }

    bool null() {
        return scalar([](ScimResource &r) { r.null(); });
    }
    bool boolean(bool value) {
        return scalar([&](ScimResource &r) { r.boolean(value); });
    }
    bool number_integer(number_integer_t value) {
        return scalar([&](ScimResource &r) { r.integer(value); });
    }
    bool number_unsigned(number_unsigned_t value) {
        if (envelope_key_is("totalResults")) {
            page_.has_total = true;
            page_.total = value;
        }
        return scalar([&](ScimResource &r) { r.unsigned_number(value); });
    }
    bool number_float(number_float_t value, const string_t & /*text*/) {
        return scalar([&](ScimResource &r) { r.real(value); });
    }
    bool string(string_t &value) {
        if (envelope_key_is("cursor")) {
            page_.has_cursor = true;
            page_.cursor = value;
        }
        return scalar([&](ScimResource &r) { r.string(value); });
    }
    bool binary(binary_t & /*value*/) {  // no JSON text holds one
        return null();
    }

    bool start_object(std::size_t /*size*/) { return open(true); }
    bool start_array(std::size_t /*size*/) { return open(false); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t &key) {
        Frame &object = open_.back();
        refuse_duplicate(object, key);
        if (keys_size_ == keys_.size()) {
            keys_.emplace_back();
        }
        keys_[keys_size_++].assign(key);
        ++object.count;
        if (object.role == Role::resource) {
            current().key(key);
        }
        return true;
    }

    template <class Exception>
    bool parse_error(std::size_t byte, const std::string & /*token*/, const Exception &problem) {
        return failure_.record(byte, problem);
    }

  private:
    // What an open container is: the page, its Resources, (part of) one resource, or anything
    // else, which is only checked.
    enum class Role : std::uint8_t { page, resources, resource, other };
    // Where the next value goes.
    enum class Place : std::uint8_t { top, envelope, new_resource, in_resource, other };
    // A linear search finds a key twice in the few keys of a usual object; a set, in a large one.
    static constexpr std::size_t kKeysSearched = 32;

    struct Frame {
        bool object;
        Role role;
        std::size_t keys_at;  // this object's keys: keys_[keys_at, keys_at + count)
        std::size_t count;    // keys so far, or elements so far
        std::unique_ptr<std::unordered_set<std::string>> many_keys;
    };

    ScimResource &next_resource() {
        if (resources_size_ == resources_.size()) {
            resources_.emplace_back();
        }
        ScimResource &r = resources_[resources_size_++];
        r.clear();
        return r;
    }
    ScimResource &current() { return resources_[resources_size_ - 1]; }

    const std::string &current_key(const Frame &object) const {
        return keys_[object.keys_at + object.count - 1];
    }

    bool envelope_key_is(std::string_view key) const {
        return open_.size() == 1 && open_.back().role == Role::page &&
               current_key(open_.back()) == key;
    }

    Place next_place() {
        if (open_.empty()) {
            return Place::top;
        }
        Frame &parent = open_.back();
        if (!parent.object) {
            ++parent.count;
        }
        switch (parent.role) {
            case Role::page:
                return Place::envelope;
            case Role::resources:
                return Place::new_resource;
            case Role::resource:
                return Place::in_resource;
            default:
                return Place::other;
        }
    }

    template <class Fill>
    bool scalar(const Fill &fill) {
        const bool resources_key = envelope_key_is("Resources");
        switch (next_place()) {
            case Place::top:
                page_.is_object = false;
                break;
            case Place::envelope:
                page_.has_resources = page_.has_resources || resources_key;
                break;
            case Place::new_resource:
                fill(next_resource());
                break;
            case Place::in_resource:
                fill(current());
                break;
            case Place::other:
                break;
        }
        return true;
    }

    bool open(bool object) {
        const bool resources_key = envelope_key_is("Resources");
        Role role = Role::other;
        const Place place = next_place();
        switch (place) {
            case Place::top:
                page_.is_object = object;
                role = object ? Role::page : Role::other;
                break;
            case Place::envelope:
                if (resources_key) {
                    page_.has_resources = true;
                    page_.resources_is_array = !object;
                    role = object ? Role::other : Role::resources;
                }
                break;
            case Place::new_resource:
            case Place::in_resource: {
                ScimResource &r = place == Place::new_resource ? next_resource() : current();
                object ? r.open_object() : r.open_array();
                role = Role::resource;
                break;
            }
            case Place::other:
                break;
        }
        open_.push_back({object, role, keys_size_, 0, nullptr});
        return true;
    }

    bool close() {
        const Frame closed = std::move(open_.back());
        open_.pop_back();
        keys_size_ = closed.keys_at;
        if (closed.role == Role::resource) {
            current().close();
        } else if (closed.role == Role::resources) {
            page_.received = closed.count;
        }
        return true;
    }

    void refuse_duplicate(Frame &object, const std::string &key) {
        bool twice = false;
        if (object.many_keys != nullptr) {
            twice = !object.many_keys->insert(key).second;
        } else {
            for (std::size_t i = object.keys_at; i < object.keys_at + object.count; ++i) {
                twice = twice || keys_[i] == key;
            }
            if (!twice && object.count + 1 == kKeysSearched) {
                object.many_keys = std::make_unique<std::unordered_set<std::string>>(
                    keys_.begin() + static_cast<std::ptrdiff_t>(object.keys_at),
                    keys_.begin() + static_cast<std::ptrdiff_t>(object.keys_at + object.count));
                object.many_keys->insert(key);
            }
        }
        if (!twice) {
            return;
        }
        std::string pointer;
        for (std::size_t i = 0; i + 1 < open_.size(); ++i) {
            const Frame &frame = open_[i];
            pointer += '/';
            pointer += frame.object ? json_pointer_step(current_key(frame))
                                    : std::to_string(frame.count - 1);
        }
        throw_duplicate_json_key(what_, pointer, key);
    }

    ScimUserStream &users_;
    std::string what_;
    DirectoryPage page_;
    std::vector<Frame> open_;
    // The keys of every open object, kept in place between pages so they allocate only once.
    std::vector<std::string> keys_;
    std::size_t keys_size_ = 0;
    // The page's resources, each reused for the same position of the next page.
    std::vector<ScimResource> resources_;
    std::size_t resources_size_ = 0;
    JsonSaxFailure failure_;
};

DirectoryPageReader::DirectoryPageReader(ScimUserStream &users)
    : events_(std::make_unique<Events>(users)) {}

DirectoryPageReader::~DirectoryPageReader() = default;

DirectoryPage DirectoryPageReader::read(std::string_view text, std::size_t max_bytes,
                                        std::string_view what) {
    const std::string name(what);
    // The depth and NUL checks only when the quick parser gives up (it refuses both itself): they
    // read every byte of every page again, 3% of a host pull. A text either refuses gets the
    // same error as before, since check_json_text runs before nlohmann's parse.
    check_json_text_encoding(text, max_bytes, name);
    events_->start(name);
    bool quick = false;
    try {
        quick = JsonQuickSax(text, *events_).parse();
    } catch (const Error &) {  // a key twice: nlohmann's parse says where
    }
    if (!quick) {
        check_json_text(text, max_bytes, name);
        events_->start(name);
        if (!Json::sax_parse(text.begin(), text.end(), events_.get())) {
            throw_json_parse_failure(name, events_->failure());
        }
    }
    events_->flush();
    return std::move(events_->page());
}

}  // namespace psp
