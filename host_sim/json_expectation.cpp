// json_expectation.cpp: partial matching of objects, containment of arrays, equal scalars.
#include "host_sim/json_expectation.hpp"

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

std::string mismatch(const std::string &at, const Json &expected, const Json &actual) {
    return (at.empty() ? "/" : at) + ": expected " + expected.dump() + ", got " + actual.dump();
}

std::optional<std::string> object_mismatch(const Json &expected, const Json &actual,
                                           const std::string &at) {
    if (!actual.is_object()) {
        return mismatch(at, expected, actual);
    }
    for (const auto &[key, value] : expected.items()) {
        std::string path = at;
        path += '/';
        path += key;
        const auto found = actual.find(key);
        if (found == actual.end()) {
            return path + ": missing";
        }
        if (auto problem = json_expectation_mismatch(value, *found, path)) {
            return problem;
        }
    }
    return std::nullopt;
}

std::optional<std::string> array_mismatch(const Json &expected, const Json &actual,
                                          const std::string &at) {
    if (!actual.is_array()) {
        return mismatch(at, expected, actual);
    }
    for (const Json &wanted : expected) {
        bool found = false;
        for (const Json &element : actual) {
            found = found || !json_expectation_mismatch(wanted, element, at).has_value();
        }
        if (!found) {
            return (at.empty() ? "/" : at) + ": no element matches " + wanted.dump();
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> json_expectation_mismatch(const Json &expected, const Json &actual,
                                                     const std::string &at) {
    if (expected.is_object()) {
        return object_mismatch(expected, actual, at);
    }
    if (expected.is_array()) {
        return array_mismatch(expected, actual, at);
    }
    if (expected == actual) {
        return std::nullopt;
    }
    return mismatch(at, expected, actual);
}

}  // namespace psp::host_sim
