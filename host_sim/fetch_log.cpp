// fetch_log.cpp: fetch records to and from JSON lines.
#include "host_sim/fetch_log.hpp"

#include <fstream>
#include <stdexcept>

namespace psp::host_sim {

nlohmann::json fetch_record_to_json(const FetchRecord &r) {
    nlohmann::json line = {{"at_ms", r.at_ms},     {"scope", r.scope},   {"query", r.query},
                           {"granted", r.granted}, {"status", r.status}, {"bytes", r.bytes}};
    if (!r.note.empty()) {
        line["note"] = r.note;
    }
    return line;
}

FetchRecord fetch_record_from_json(const nlohmann::json &line) {
    FetchRecord r;
    r.at_ms = line.at("at_ms").get<int64_t>();
    r.scope = line.at("scope").get<std::string>();
    r.query = line.at("query").get<std::string>();
    r.granted = line.at("granted").get<bool>();
    r.status = line.at("status").get<int32_t>();
    r.bytes = line.at("bytes").get<std::size_t>();
    r.note = line.value("note", "");
    return r;
}

void append_fetch_record(const std::filesystem::path &file, const FetchRecord &record) {
    std::ofstream out(file, std::ios::app);
    out << fetch_record_to_json(record).dump() << '\n';
    if (!out) {
        throw std::runtime_error("cannot append to the fetch log " + file.string());
    }
}

std::vector<FetchRecord> read_fetch_log(const std::filesystem::path &file) {
    std::vector<FetchRecord> records;
    if (!std::filesystem::exists(file)) {
        return records;
    }
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read the fetch log " + file.string());
    }
    std::string text;
    for (std::size_t number = 1; std::getline(in, text); ++number) {
        if (text.empty()) {
            continue;
        }
        try {
            records.push_back(fetch_record_from_json(nlohmann::json::parse(text)));
        } catch (const std::exception &e) {
            throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                                     ": not a fetch record: " + e.what());
        }
    }
    return records;
}

}  // namespace psp::host_sim
