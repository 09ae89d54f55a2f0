// partner_store.cpp: SQL for partner agencies' PSPs.
#include "plugin/storage/partner_store.hpp"

#include <soci/soci.h>

#include "plugin/storage/row_values.hpp"

namespace psp {
namespace {

const char *const kPartnerColumns =
    "partner_no, name, agency, training_status, contact, active, updated_ms";

PartnerPsp partner_from_row(const soci::row &row) {
    PartnerPsp p;
    p.partner_no = integer_at(row, 0);
    p.name = row.get<std::string>(1);
    p.agency = row.get<std::string>(2);
    p.training_status = row.get<std::string>(3);
    p.contact = row.get<std::string>(4);
    p.active = integer_at(row, 5) != 0;
    p.updated_ms = integer_at(row, 6);
    return p;
}

}  // namespace

int64_t PartnerStore::next_partner_no() {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(partner_no) FROM partner_psps", soci::into(last, ind);
    return ind == soci::i_ok ? last + 1 : 1;
}

void PartnerStore::save(const PartnerPsp &p) {
    const long long no = p.partner_no, at = p.updated_ms;
    const int active = p.active ? 1 : 0;
    sql_ << "DELETE FROM partner_psps WHERE partner_no = :n", soci::use(no);
    sql_ << "INSERT INTO partner_psps (" << kPartnerColumns
         << ") VALUES (:n, :name, :a, :t, :c, :act, :u)",
        soci::use(no), soci::use(p.name), soci::use(p.agency), soci::use(p.training_status),
        soci::use(p.contact), soci::use(active), soci::use(at);
}

std::optional<PartnerPsp> PartnerStore::find(int64_t partner_no) {
    const long long no = partner_no;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kPartnerColumns << " FROM partner_psps WHERE partner_no = :n",
         soci::use(no));
    for (const soci::row &row : rows) {
        return partner_from_row(row);
    }
    return std::nullopt;
}

std::vector<PartnerPsp> PartnerStore::list(bool active_only) {
    const int all = active_only ? 0 : 1;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT " << kPartnerColumns
                      << " FROM partner_psps WHERE active = 1 OR :all = 1"
                         " ORDER BY agency, name, partner_no",
         soci::use(all));
    std::vector<PartnerPsp> out;
    for (const soci::row &row : rows) {
        out.push_back(partner_from_row(row));
    }
    return out;
}

}  // namespace psp
