// contact_store.cpp: SQL for contacts.
#include "plugin/storage/contact_store.hpp"

#include <soci/soci.h>

#include <map>
#include <utility>

#include "plugin/core/secure_random.hpp"
#include "plugin/storage/row_values.hpp"

namespace psp {

// A contact's number is random, not the next in line: numbers in the order contacts were logged
// would pair them, one by one, with anything else kept in that order. On SQLite the row id (the
// table's storage order) is the same random number, for the same reason.
void ContactStore::add(const ContactRecord &c) {
    std::string referrals;
    for (const std::string &r : c.referrals) {
        referrals += (referrals.empty() ? "" : ",") + r;
    }
    const int repeat = c.repeat_contact ? 1 : 0, prompted = c.referral_prompted ? 1 : 0;
    const bool on_sqlite = sql_.get_backend_name() == "sqlite3";
    for (;;) {
        const long long no = random_positive_int62();
        long long taken = 0;
        sql_ << "SELECT COUNT(*) FROM contacts WHERE contact_no = :n", soci::use(no),
            soci::into(taken);
        if (taken != 0) {
            continue;  // one chance in 2^62 per contact kept
        }
        if (on_sqlite) {
            sql_ << "INSERT INTO contacts (rowid, contact_no, quarter, category, minutes,"
                    " referrals, repeat_contact, referral_prompted)"
                    " VALUES (:id, :n, :q, :c, :m, :r, :rep, :p)",
                soci::use(no), soci::use(no), soci::use(c.quarter), soci::use(c.category),
                soci::use(c.minutes), soci::use(referrals), soci::use(repeat), soci::use(prompted);
        } else {
            sql_ << "INSERT INTO contacts (contact_no, quarter, category, minutes, referrals,"
                    " repeat_contact, referral_prompted) VALUES (:n, :q, :c, :m, :r, :rep, :p)",
                soci::use(no), soci::use(c.quarter), soci::use(c.category), soci::use(c.minutes),
                soci::use(referrals), soci::use(repeat), soci::use(prompted);
        }
        return;
    }
}

std::vector<QuarterCount> ContactStore::count_by_category(const std::string &first,
                                                          const std::string &last) {
    std::vector<QuarterCount> out;
    // Quarter labels have a four-digit year, so they compare as text in time order.
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT quarter, category, COUNT(*) FROM contacts"
                         " WHERE quarter >= :f AND quarter <= :l GROUP BY quarter, category",
         soci::use(first), soci::use(last));
    for (const soci::row &r : rows) {
        out.push_back({r.get<std::string>(0), r.get<std::string>(1), integer_at(r, 2)});
    }
    return out;
}

std::vector<QuarterCount> ContactStore::count_referrals(const std::string &first,
                                                        const std::string &last) {
    // Grouped by the stored list first, so the split below runs once per distinct list.
    std::map<std::pair<std::string, std::string>, int64_t> by_kind;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT quarter, referrals, COUNT(*) FROM contacts"
                         " WHERE quarter >= :f AND quarter <= :l AND referrals <> ''"
                         " GROUP BY quarter, referrals",
         soci::use(first), soci::use(last));
    for (const soci::row &r : rows) {
        const std::string quarter = r.get<std::string>(0), list = r.get<std::string>(1);
        const int64_t n = integer_at(r, 2);
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            by_kind[{quarter, list.substr(start, comma - start)}] += n;
            start = comma + 1;
        }
    }
    std::vector<QuarterCount> out;
    out.reserve(by_kind.size());
    for (const auto &[key, n] : by_kind) {
        out.push_back({key.first, key.second, n});
    }
    return out;
}

}  // namespace psp
