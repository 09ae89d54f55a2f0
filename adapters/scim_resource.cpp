// scim_resource.cpp: filling and reading a flat SCIM resource.
#include "adapters/scim_resource.hpp"

#include "plugin/core/error.hpp"

namespace psp {

void ScimResource::clear() {
    nodes_.clear();
    text_.clear();
    open_.clear();
    pending_key_at_ = 0;
    pending_key_size_ = 0;
}

std::uint32_t ScimResource::append_text(std::string_view text) {
    // A page is at most 64 MiB, so one resource's text fits in 32 bits; a resource built from a
    // document has no such bound, hence the check.
    if (text_.size() + text.size() > UINT32_MAX) {
        throw Error(ErrorCode::too_large, "a SCIM resource holds more than 4 GiB of text");
    }
    const auto at = static_cast<std::uint32_t>(text_.size());
    text_.append(text);
    return at;
}

void ScimResource::key(std::string_view key) {
    pending_key_at_ = append_text(key);
    pending_key_size_ = static_cast<std::uint32_t>(key.size());
}

ScimResource::Node &ScimResource::add(Kind kind) {
    const auto at = static_cast<Index>(nodes_.size());
    Node &node = nodes_.emplace_back();
    node.kind = kind;
    node.number.unsigned_ = 0;
    node.key_at = pending_key_at_;
    node.key_size = pending_key_size_;
    node.text_at = 0;
    node.text_size = 0;
    node.end = at + 1;
    pending_key_at_ = 0;
    pending_key_size_ = 0;
    return node;
}

void ScimResource::string(std::string_view value) {
    const std::uint32_t at = append_text(value);
    Node &node = add(Kind::string);
    node.text_at = at;
    node.text_size = static_cast<std::uint32_t>(value.size());
}

void ScimResource::open(Kind kind) {
    add(kind);
    open_.push_back(static_cast<Index>(nodes_.size() - 1));
}

void ScimResource::close() {
    nodes_[open_.back()].end = static_cast<Index>(nodes_.size());
    open_.pop_back();
}

void ScimResource::assign(const Json &value) {
    clear();
    // Recursion is bounded: every document the plugin reads nests at most kMaxJsonDepth levels.
    const auto fill = [this](const Json &v, const auto &self) -> void {
        switch (v.type()) {
            case Json::value_t::object:
                open_object();
                for (const auto &[k, member] : v.items()) {
                    key(k);
                    self(member, self);
                }
                close();
                break;
            case Json::value_t::array:
                open_array();
                for (const Json &member : v) {
                    self(member, self);
                }
                close();
                break;
            case Json::value_t::string:
                string(v.get_ref<const std::string &>());
                break;
            case Json::value_t::boolean:
                boolean(v.get<bool>());
                break;
            case Json::value_t::number_integer:
                integer(v.get<std::int64_t>());
                break;
            case Json::value_t::number_unsigned:
                unsigned_number(v.get<std::uint64_t>());
                break;
            case Json::value_t::number_float:
                real(v.get<double>());
                break;
            default:  // null, and binary values, which no JSON text holds
                null();
                break;
        }
    };
    fill(value, fill);
}

ScimResource::Index ScimResource::find(Index at, std::string_view key) const {
    // Sizes first, straight from the nodes: most members differ in length from the key sought,
    // and a pull asks some twenty keys of each of 100,000 users.
    for (Index m = first_member(at); m != kNone; m = next_member(at, m)) {
        const Node &node = nodes_[m];
        if (node.key_size == key.size() &&
            std::string_view(text_.data() + node.key_at, node.key_size) == key) {
            return m;
        }
    }
    return kNone;
}

std::string_view ScimResource::scalar_text(Index at, std::string &scratch) const {
    const Node &node = nodes_[at];
    switch (node.kind) {
        case Kind::string:
            return text_of(at);
        case Kind::boolean:
            return node.number.boolean ? "true" : "false";
        case Kind::integer:
            scratch = Json(node.number.integer).dump();
            return scratch;
        case Kind::unsigned_number:
            scratch = Json(node.number.unsigned_).dump();
            return scratch;
        case Kind::real:
            scratch = Json(node.number.real).dump();
            return scratch;
        default:
            return {};
    }
}

}  // namespace psp
