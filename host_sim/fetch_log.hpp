// fetch_log.hpp: the record of every data request a plugin made of the host.
//
// Granted or refused, every fetch is written down: this log is how an integrator (and the
// firewall check) proves which host data a plugin asked for. It is kept in memory and can be
// appended to a JSON-lines file, one request per line, so it survives the process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp::host_sim {

struct FetchRecord {
    int64_t at_ms = 0;      // the host's clock
    std::string scope;      // as the plugin sent it
    std::string query;      // the query JSON text, verbatim
    bool granted = false;   // whether the host answered with data
    int32_t status = 0;     // the psp_status returned to the plugin
    std::size_t bytes = 0;  // size of the answer
    std::string note;       // why a request failed, empty otherwise
};

nlohmann::json fetch_record_to_json(const FetchRecord &record);
FetchRecord fetch_record_from_json(const nlohmann::json &line);

// Appends one line; throws std::runtime_error when the file cannot be written.
void append_fetch_record(const std::filesystem::path &file, const FetchRecord &record);

// Every record in a JSON-lines file, in order; an absent file is an empty log. Throws
// std::runtime_error naming the line when one is not a fetch record.
std::vector<FetchRecord> read_fetch_log(const std::filesystem::path &file);

}  // namespace psp::host_sim
