// enum_table.hpp: the one shape of a table over an enum: its wire names, or what the C boundary
// maps each value to.
//
// Every enum the plugin reads or writes as text has one such table beside it, each value with
// its name in the enum's order:
//
//     inline constexpr auto kRoleNames = enum_table<Role>({{Role::hr_admin, "hr_admin"}, ...});
//
// The order is checked when the table is compiled (EnumTable's constructor is consteval, so a
// table out of order, or with a gap, does not build), a value's entry is found by its index, and
// a name by a scan over the handful of entries. The same shape maps an error code to its
// psp_status at the boundary.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace psp {

template <typename E, typename T = std::string_view>
struct EnumEntry {
    E value;
    T mapped;  // the wire name, or what the value maps to
};

template <typename E, std::size_t N, typename T = std::string_view>
class EnumTable {
  public:
    // Refuses (at compile time) a table that does not list the values 0..N-1 in order.
    consteval explicit EnumTable(const EnumEntry<E, T> (&entries)[N]) {
        for (std::size_t i = 0; i < N; ++i) {
            entries_[i] = entries[i];
            if (static_cast<std::size_t>(entries[i].value) != i) {
                throw "an enum table must list every value once, in the enum's order";
            }
        }
    }

    // What `value` maps to (its name).
    constexpr const T &operator[](E value) const {
        return entries_[static_cast<std::size_t>(value)].mapped;
    }

    // The value named `name`, if any.
    constexpr std::optional<E> parse(std::string_view name) const {
        for (const EnumEntry<E, T> &entry : entries_) {
            if (entry.mapped == name) {
                return entry.value;
            }
        }
        return std::nullopt;
    }

    // Every value, in order.
    constexpr std::array<E, N> values() const {
        std::array<E, N> all{};
        for (std::size_t i = 0; i < N; ++i) {
            all[i] = entries_[i].value;
        }
        return all;
    }

    constexpr auto begin() const { return entries_.begin(); }
    constexpr auto end() const { return entries_.end(); }
    static constexpr std::size_t size() { return N; }

  private:
    std::array<EnumEntry<E, T>, N> entries_{};
};

// The table of `entries`, its size counted: enum_table<Role>({{Role::hr_admin, "hr_admin"}, ...}).
template <typename E, typename T = std::string_view, std::size_t N>
consteval EnumTable<E, N, T> enum_table(const EnumEntry<E, T> (&entries)[N]) {
    return EnumTable<E, N, T>(entries);
}

}  // namespace psp
