// write_manifest.cpp: psp-write-manifest, the build step that writes the installed plugin manifest.
//
//   psp-write-manifest --library libpsp_plugin.so.0.2.0 --template manifest.template.json
//                      --out plugin/psp_plugin.manifest.json [--ui-dir plugin/ui]
//
// It asks the built library to describe itself, merges that into the template with the library's
// SHA-256, validates the result against the built-in schema and writes it atomically, so a host
// never sees a half-written or invalid manifest.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "manifest/manifest_assembly.hpp"
#include "manifest/manifest_schema.hpp"
#include "manifest/plugin_info_probe.hpp"
#include "plugin/core/sha256.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json read_json_file(const fs::path &path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return Json::parse(in);
}

// Writes beside the target and renames, so readers see the old manifest or the new one.
void write_atomically(const fs::path &path, const std::string &text) {
    fs::create_directories(path.parent_path());
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial, std::ios::trunc);
        out << text;
        if (!out) {
            throw std::runtime_error("cannot write " + partial.string());
        }
    }
    fs::rename(partial, path);
}

void require_schema_valid(const Json &manifest) {
    const auto violations = psp::manifest::manifest_schema_violations(manifest);
    if (violations.empty()) {
        return;
    }
    std::string message = "the assembled manifest breaks manifest.schema.json:";
    for (const std::string &v : violations) {
        message += "\n  " + v;
    }
    throw std::runtime_error(message);
}

// Every regular file of the screens' bundle folder, relative to the manifest's folder, sorted so
// the manifest is the same for the same bundle.
std::vector<psp::manifest::UiFileFacts> ui_files(const fs::path &ui_dir,
                                                 const fs::path &manifest_dir) {
    std::vector<psp::manifest::UiFileFacts> files;
    if (ui_dir.empty()) {
        return files;
    }
    for (const fs::directory_entry &entry : fs::recursive_directory_iterator(ui_dir)) {
        if (entry.is_regular_file()) {
            files.push_back(
                {fs::relative(fs::absolute(entry.path()), manifest_dir).generic_string(),
                 psp::sha256_file_hex(entry.path().string())});
        }
    }
    std::sort(files.begin(), files.end(),
              [](const auto &a, const auto &b) { return a.file < b.file; });
    return files;
}

Json build_manifest(const fs::path &library, const fs::path &template_path, const fs::path &out,
                    const fs::path &ui_dir) {
    const Json manifest_template = read_json_file(template_path);
    const Json info = psp::manifest::probe_plugin_info(library);
    const fs::path manifest_dir = fs::absolute(out).parent_path();
    const psp::manifest::LibraryFacts facts{
        fs::relative(fs::absolute(library), manifest_dir).generic_string(),
        psp::sha256_file_hex(library.string())};
    Json manifest = psp::manifest::assemble_manifest(manifest_template, info, facts,
                                                     ui_files(ui_dir, manifest_dir));
    require_schema_valid(manifest);
    return manifest;
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{"Writes the installed plugin manifest for a freshly built library."};
    fs::path library;
    fs::path template_path;
    fs::path out;
    app.add_option("--library", library, "the built shared library (the real file)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--template", template_path, "manifest.template.json")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--out", out, "where to write the manifest")->required();
    fs::path ui_dir;
    app.add_option("--ui-dir", ui_dir, "the built screens' bundle folder, inside --out's folder")
        ->check(CLI::ExistingDirectory);
    CLI11_PARSE(app, argc, argv);
    try {
        const Json manifest = build_manifest(library, template_path, out, ui_dir);
        write_atomically(out, manifest.dump(2) + "\n");
        std::cout << "psp-write-manifest: " << out.string() << " ("
                  << manifest.at("name").get<std::string>() << " "
                  << manifest.at("version").get<std::string>() << ", sha256 "
                  << manifest.at("library").at("sha256").get<std::string>().substr(0, 12)
                  << "...)\n";
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "psp-write-manifest: " << e.what() << '\n';
        return 1;
    }
}
