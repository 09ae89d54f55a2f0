// json_schema.hpp: JSON Schema (draft 7) through valijson, the one place that includes it.
//
// Both users go through here: the dispatcher, which validates every call's params and turns the
// deepest violation into an error a person can act on (dispatch/schema_validation.hpp), and the
// manifest reader, which lists every violation of a plugin's manifest. A schema is compiled once
// and shared read-only; each validation uses its own valijson::Validator (it caches regexes), so
// validating is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp {

// One way a document breaks a schema: where (the unescaped names and array indexes from the
// root) and valijson's words for what failed.
struct SchemaViolation {
    std::vector<std::string> steps;
    std::string description;
};

class JsonSchema {
  public:
    // Throws std::invalid_argument when `schema` itself is not a valid schema.
    explicit JsonSchema(const nlohmann::json &schema);
    ~JsonSchema();
    JsonSchema(JsonSchema &&) noexcept;
    JsonSchema &operator=(JsonSchema &&) noexcept;

    // Every violation, outermost first; empty when `document` is valid. Thread-safe.
    std::vector<SchemaViolation> violations(const nlohmann::json &document) const;

  private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

// `prefix` followed by `steps` as an RFC 6901 JSON pointer ('~' and '/' escaped).
std::string json_pointer(const std::string &prefix, const std::vector<std::string> &steps);

}  // namespace psp
