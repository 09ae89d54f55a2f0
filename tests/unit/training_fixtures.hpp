// training_fixtures.hpp: what the training tests share: instants from local times, PSP rows
// written straight into program_members and leaves (the selection and leave workflows are not
// part of the training feature), and an instance configured with a time zone.
#pragma once

#include <cstdint>
#include <string>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/json_text.hpp"
#include "test_host.hpp"

namespace psp_test {

// The instant `local` ("2026-03-31T23:30") is in `zone`'s local time, as UTC ms (the earliest
// such instant on a DST overlap).
int64_t local_ms(const std::string &local, const std::string &zone);

// A program_members row (status "active" unless given), with the default initial training
// (40 hours, its five topics, dated 2000-01-15), and a leaves row, written directly.
void add_psp(const TestInstance &t, const std::string &employee_id, int64_t active_since_ms,
             const std::string &status = "active");
void add_leave(const TestInstance &t, const std::string &employee_id, int leave_no,
               int64_t start_ms, int64_t end_ms);

// Directory records for these ids (a flat chart under the first).
psp::Json directory_of(const std::vector<std::string> &ids);

// An xAPI statement: actor account name = employee id, verb "completed", object
// https://lms.example/activities/<activity>, the given timestamp and ISO 8601 duration.
psp::Json xapi_statement(const std::string &id, const std::string &employee_id,
                         const std::string &activity, const std::string &timestamp,
                         const std::string &duration);

// A UUID made from a number, for many distinct statement ids.
std::string uuid_of(uint64_t n);

}  // namespace psp_test
