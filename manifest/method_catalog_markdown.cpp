// method_catalog_markdown.cpp: plugin.info -> Markdown, one section per method.
#include "manifest/method_catalog_markdown.hpp"

#include <cctype>
#include <sstream>

namespace psp::manifest {
namespace {

using Json = nlohmann::json;

// GitHub's heading anchor for "`name`": lowercase, punctuation other than '-' and '_' dropped.
std::string anchor_of(const std::string &method) {
    std::string anchor;
    for (const char c : method) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_') {
            anchor += static_cast<char>(std::tolower(u));
        }
    }
    return anchor;
}

std::string role_list(const Json &roles) {
    std::string text;
    for (const Json &role : roles) {
        text += (text.empty() ? "" : ", ") + role.get<std::string>();
    }
    return text;
}

// A summary inside a table cell: one line, no cell breaks.
std::string table_cell(std::string text) {
    for (char &c : text) {
        if (c == '\n' || c == '|') {
            c = ' ';
        }
    }
    return text;
}

void write_schema(std::ostream &out, const std::string &title, const Json &schema) {
    out << "**" << title << "**\n\n```json\n" << schema.dump(2) << "\n```\n\n";
}

void write_index(std::ostream &out, const Json &methods) {
    out << "| method | roles | writes | summary |\n|---|---|---|---|\n";
    for (const Json &m : methods) {
        const std::string name = m.at("name").get<std::string>();
        out << "| [`" << name << "`](#" << anchor_of(name) << ") | " << role_list(m.at("roles"))
            << " | " << (m.at("writes").get<bool>() ? "yes" : "no") << " | "
            << table_cell(m.at("summary").get<std::string>()) << " |\n";
    }
    out << '\n';
}

void write_method(std::ostream &out, const Json &m) {
    out << "### `" << m.at("name").get<std::string>() << "`\n\n"
        << m.at("summary").get<std::string>() << "\n\n"
        << "- roles: " << role_list(m.at("roles")) << '\n'
        << "- writes: "
        << (m.at("writes").get<bool>() ? "yes (send an `idempotency_key`)" : "no (read only)")
        << "\n\n";
    write_schema(out, "params", m.at("params_schema"));
    write_schema(out, "result", m.at("result_schema"));
}

}  // namespace

std::string method_catalog_markdown(const Json &plugin_info) {
    const Json &methods = plugin_info.at("methods");
    std::ostringstream out;
    out << "# Method catalogue\n\n"
        << "<!-- Generated from the plugin's plugin.info by psp-methods-doc; do not edit by hand.\n"
        << "     Refresh with scripts/update-methods-doc.sh (a test fails while it is stale). "
           "-->\n\n"
        << "Every method of `" << plugin_info.at("name").get<std::string>() << "` (ABI major "
        << plugin_info.at("abi").at("major").get<int>() << "), " << methods.size()
        << " in all, with the roles that may call it and the JSON Schemas the plugin checks "
        << "requests against and answers with. Callers with other roles get `forbidden`; params "
        << "outside the schema get `invalid_request` naming the field. See "
        << "[integration.md](integration.md) for the request and error format.\n\n"
        << "Plugin roles: " << role_list(plugin_info.at("roles")) << ".\n\n";
    write_index(out, methods);
    out << "## Methods\n\n";
    for (const Json &m : methods) {
        write_method(out, m);
    }
    out << "## The request envelope\n\n";
    write_schema(out, "request", plugin_info.at("request_schema"));
    out << "## Agency configuration (`psp_instance_config.config_json`)\n\n";
    write_schema(out, "config", plugin_info.at("config_schema"));
    std::string text = out.str();
    text.pop_back();  // one trailing newline, not a blank line
    return text;
}

}  // namespace psp::manifest
