// training_recording.hpp: the checks that need the database before attendance records are
// stored (known person, known course or topic, a re-sent xAPI statement), shared by
// training.record and training.import.
#pragma once

#include <cstddef>
#include <vector>

#include "adapters/training_import.hpp"
#include "plugin/policy/training_policy.hpp"

namespace soci {
class session;
}

namespace psp {

struct RecordingOutcome {
    std::vector<AttendanceRecord> fresh;  // to insert
    std::size_t unchanged = 0;            // statements stored before with the same content
    std::vector<RejectedRow> rejected;    // the adapter's rejections and these checks'
};

// Resolves each record's course or topic against the catalogue (a course's hours fill an xAPI
// statement without a duration), checks it (training_record.hpp) and sorts it into fresh,
// unchanged or rejected. Writes nothing.
RecordingOutcome check_attendance(soci::session &sql, const TrainingPolicy &policy, CivilDate today,
                                  TrainingImport import);

}  // namespace psp
