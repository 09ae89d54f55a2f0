// training_minutes.hpp: the training minutes summary (table training_minutes): each person's
// recorded minutes per calendar month, one row per person and year. TrainingStore::insert keeps it
// in the transaction that stores the records, so it always equals the sums of the records; the
// compliance of every PSP reads it (about ten rows a PSP) instead of every record.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "plugin/domain/training_compliance.hpp"
#include "plugin/domain/training_record.hpp"

namespace soci {
class session;
}

namespace psp {

class TrainingMinutes {
  public:
    explicit TrainingMinutes(soci::session &sql) : sql_(sql) {}

    // Adds these records' minutes to their months.
    void add(const std::vector<AttendanceRecord> &records);
    // The minutes per period of `period` of each person already a key of `out`, each sum as one
    // attendance dated the period's first day (what training_compliance needs of the minutes).
    void add_period_sums(TrainingPeriod period,
                         std::unordered_map<std::string, std::vector<TrainingAttendance>> &out);

  private:
    soci::session &sql_;
};

}  // namespace psp
