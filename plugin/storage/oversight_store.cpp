// oversight_store.cpp: SQL for the consultation log and the program documents; portable SQL only.
#include "plugin/storage/oversight_store.hpp"

#include <soci/soci.h>

namespace psp {

int64_t OversightStore::log_consultation(const ClinicalConsultation &c) {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(consultation_no) FROM clinical_consultations", soci::into(last, ind);
    const long long next = ind == soci::i_ok ? last + 1 : 1, at = c.recorded_ms;
    sql_ << "INSERT INTO clinical_consultations (consultation_no, held_on, clinician_id, kind,"
            " recorded_by, recorded_ms) VALUES (:n, :d, :c, :k, :b, :t)",
        soci::use(next), soci::use(c.held_on), soci::use(c.clinician_id), soci::use(c.kind),
        soci::use(c.recorded_by), soci::use(at);
    return next;
}

std::vector<ClinicalConsultation> OversightStore::consultations(const std::string &from,
                                                                std::size_t limit) {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT consultation_no, held_on, clinician_id, kind, recorded_by,"
                         " recorded_ms FROM clinical_consultations WHERE held_on >= :f"
                         " ORDER BY held_on DESC, consultation_no DESC",
         soci::use(from));
    std::vector<ClinicalConsultation> out;
    for (const soci::row &row : rows) {
        if (out.size() == limit) {
            break;
        }
        out.push_back({row.get<long long>(0), row.get<std::string>(1), row.get<std::string>(2),
                       row.get<std::string>(3), row.get<std::string>(4), row.get<long long>(5)});
    }
    return out;
}

std::optional<ProgramDocument> OversightStore::current_document(const std::string &kind) {
    ProgramDocument d;
    long long published = 0;
    sql_ << "SELECT kind, version, title, body, body_sha256, published_by, published_ms"
            " FROM program_documents WHERE kind = :k ORDER BY version DESC LIMIT 1",
        soci::use(kind), soci::into(d.kind), soci::into(d.version), soci::into(d.title),
        soci::into(d.body), soci::into(d.body_sha256), soci::into(d.published_by),
        soci::into(published);
    if (!sql_.got_data()) {
        return std::nullopt;
    }
    d.published_ms = published;
    return d;
}

int OversightStore::publish_document(const ProgramDocument &d) {
    int last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(version) FROM program_documents WHERE kind = :k", soci::use(d.kind),
        soci::into(last, ind);
    const int version = ind == soci::i_ok ? last + 1 : 1;
    const long long at = d.published_ms;
    sql_ << "INSERT INTO program_documents (kind, version, title, body, body_sha256,"
            " published_by, published_ms) VALUES (:k, :v, :t, :b, :h, :p, :m)",
        soci::use(d.kind), soci::use(version), soci::use(d.title), soci::use(d.body),
        soci::use(d.body_sha256), soci::use(d.published_by), soci::use(at);
    return version;
}

}  // namespace psp
