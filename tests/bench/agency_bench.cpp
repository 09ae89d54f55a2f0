// agency_bench.cpp: the host simulator's sample agency at the largest size (100,000 employees):
// generating it, and loading it into the simulated HR database. The HR load is reported next to
// the bare SOCI bulk insert baseline of directory_bench.cpp, measured in the same run.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "host_sim/agency_generator.hpp"
#include "host_sim/hr_database.hpp"

namespace {

void BM_GenerateAgency(benchmark::State &state) {
    for (auto _ : state) {
        auto agency =
            psp::host_sim::generate_agency(7, static_cast<std::size_t>(state.range(0)), "bench-pd");
        benchmark::DoNotOptimize(agency);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_HrDatabaseCreate(benchmark::State &state) {
    const auto agency =
        psp::host_sim::generate_agency(7, static_cast<std::size_t>(state.range(0)), "bench-pd");
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("psp-bench-hr-" + std::to_string(::getpid()));
    for (auto _ : state) psp::host_sim::HrDatabase::create(file.string(), agency);
    std::filesystem::remove(file);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_GenerateAgency)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HrDatabaseCreate)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
