// methods_doc.cpp: psp-methods-doc, the build step that writes the method catalogue.
//
//   psp-methods-doc --library libpsp_plugin.so.0.2.0 --out docs/methods.md
//
// It asks the built library for plugin.info (the same probe psp-write-manifest uses) and renders
// it as Markdown, so the documented roles and schemas are exactly what the plugin enforces.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "manifest/method_catalog_markdown.hpp"
#include "manifest/plugin_info_probe.hpp"

int main(int argc, char **argv) {
    namespace fs = std::filesystem;
    CLI::App app{"Writes the method catalogue (Markdown) from a built plugin's plugin.info."};
    fs::path library;
    fs::path out;
    app.add_option("--library", library, "the built shared library")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--out", out, "the Markdown file to write (default: standard output)");
    CLI11_PARSE(app, argc, argv);
    try {
        const std::string text =
            psp::manifest::method_catalog_markdown(psp::manifest::probe_plugin_info(library));
        if (out.empty()) {
            std::cout << text;
            return 0;
        }
        if (out.has_parent_path()) {
            fs::create_directories(out.parent_path());
        }
        std::ofstream file(out, std::ios::trunc);
        file << text;
        if (!file) {
            throw std::runtime_error("cannot write " + out.string());
        }
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "psp-methods-doc: " << e.what() << '\n';
        return 1;
    }
}
