// schema_validation.hpp: JSON Schema (draft 7) validation through valijson.
//
// Each method's params are described once, as a schema; the same schema validates every request
// and is published by plugin.info and in the manifest, so hosts and the plugin never disagree.
// Schemas avoid `pattern`: std::regex recurses per character and a long string could exhaust the
// stack; formats are checked in code instead.
#pragma once

#include <memory>
#include <string>

#include "plugin/core/json_text.hpp"

namespace psp {

class SchemaValidator {
  public:
    // Throws Error(internal) when `schema` itself is not a valid schema (a bug in the plugin).
    explicit SchemaValidator(const Json &schema);
    ~SchemaValidator();
    SchemaValidator(SchemaValidator &&) noexcept;
    SchemaValidator &operator=(SchemaValidator &&) noexcept;

    // Throws Error(invalid_request) naming the deepest offending field as a JSON pointer under
    // `pointer_prefix` (for example "/params"). Thread-safe.
    void validate(const Json &document, const std::string &pointer_prefix) const;

    const Json &schema() const { return schema_; }

  private:
    struct Compiled;
    Json schema_;
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace psp
