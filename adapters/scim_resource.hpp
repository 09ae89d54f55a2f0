// scim_resource.hpp: one SCIM resource held flat, for the mapping to read.
//
// A host pull reads 100,000 users: building each page as a nlohmann document, reading it and
// freeing it cost more than the sync itself. A ScimResource is the values of one resource in
// document order, each with its key and the index past its last descendant, over one text buffer;
// it is refilled for the next user, so after the first few users reading one allocates nothing.
// It is filled from the events of a parse (host_directory.cpp reads a page that way) or from a
// document (import_scim_list). Keys are unique within an object: both sources refuse duplicates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace psp {

class ScimResource {
  public:
    enum class Kind : std::uint8_t {
        null,
        boolean,
        integer,
        unsigned_number,
        real,
        string,
        object,
        array
    };
    using Index = std::uint32_t;
    static constexpr Index kNone = UINT32_MAX;

    // Filling, in document order: key() before each member of an object, then its value.
    void clear();
    void key(std::string_view key);
    void null() { add(Kind::null); }
    void boolean(bool value) { add(Kind::boolean).number.boolean = value; }
    void integer(std::int64_t value) { add(Kind::integer).number.integer = value; }
    void unsigned_number(std::uint64_t value) {
        add(Kind::unsigned_number).number.unsigned_ = value;
    }
    void real(double value) { add(Kind::real).number.real = value; }
    void string(std::string_view value);
    void open_object() { open(Kind::object); }
    void open_array() { open(Kind::array); }
    void close();
    // Clears and fills from a document.
    void assign(const Json &value);

    // Reading: the root is index 0; a container's members follow it, each followed by its own
    // members. Valid once the root is closed.
    bool is_object() const { return !nodes_.empty() && nodes_[0].kind == Kind::object; }
    Kind kind(Index at) const { return nodes_[at].kind; }
    std::string_view key_of(Index at) const { return view(nodes_[at].key_at, nodes_[at].key_size); }
    std::string_view text_of(Index at) const {
        return view(nodes_[at].text_at, nodes_[at].text_size);
    }
    // Members of the container at `at`: first_member, then next_member until kNone.
    Index first_member(Index at) const { return nodes_[at].end > at + 1 ? at + 1 : kNone; }
    Index next_member(Index container, Index member) const {
        return nodes_[member].end < nodes_[container].end ? nodes_[member].end : kNone;
    }
    // The member of the object at `at` named `key`, or kNone.
    Index find(Index at, std::string_view key) const;
    // A scalar as SCIM text: a string as is, a boolean "true"/"false", a number as nlohmann
    // writes it (into `scratch`); "" for null, an object or an array.
    std::string_view scalar_text(Index at, std::string &scratch) const;

  private:
    struct Node {
        Kind kind;
        union {
            bool boolean;
            std::int64_t integer;
            std::uint64_t unsigned_;
            double real;
        } number;
        std::uint32_t key_at;
        std::uint32_t key_size;
        std::uint32_t text_at;
        std::uint32_t text_size;
        Index end;  // one past the last descendant
    };

    Node &add(Kind kind);
    void open(Kind kind);
    std::uint32_t append_text(std::string_view text);
    std::string_view view(std::uint32_t at, std::uint32_t size) const {
        return std::string_view(text_).substr(at, size);
    }

    std::vector<Node> nodes_;
    std::string text_;
    std::vector<Index> open_;
    std::uint32_t pending_key_at_ = 0;
    std::uint32_t pending_key_size_ = 0;
};

}  // namespace psp
