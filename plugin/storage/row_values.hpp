// row_values.hpp: reading a value from a soci::row whatever type the backend reports for it.
#pragma once

#include <soci/soci.h>

#include <string>

namespace psp {

// An integer column whatever the backend reports for it (SQLite gives an expression such as
// COUNT(*) no declared type).
inline long long integer_at(const soci::row &row, std::size_t i) {
    switch (row.get_properties(i).get_data_type()) {
        case soci::dt_integer:
            return row.get<int>(i);
        case soci::dt_long_long:
            return row.get<long long>(i);
        case soci::dt_unsigned_long_long:
            return static_cast<long long>(row.get<unsigned long long>(i));
        case soci::dt_double:
            return static_cast<long long>(row.get<double>(i));
        default:
            return std::stoll(row.get<std::string>(i));
    }
}

}  // namespace psp
