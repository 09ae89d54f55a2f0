// contact_store.cpp: SQL for contacts.
#include "storage/contact_store.hpp"

#include <soci/soci.h>

namespace psp {

void ContactStore::add(const ContactRecord &c) {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(contact_no) FROM contacts", soci::into(last, ind);
    const long long no = ind == soci::i_ok ? last + 1 : 1;
    std::string referrals;
    for (const std::string &r : c.referrals) referrals += (referrals.empty() ? "" : ",") + r;
    const int repeat = c.repeat_contact ? 1 : 0, prompted = c.referral_prompted ? 1 : 0;
    sql_ << "INSERT INTO contacts (contact_no, quarter, category, minutes, referrals,"
            " repeat_contact, referral_prompted) VALUES (:n, :q, :c, :m, :r, :rep, :p)",
        soci::use(no), soci::use(c.quarter), soci::use(c.category), soci::use(c.minutes),
        soci::use(referrals), soci::use(repeat), soci::use(prompted);
}

}  // namespace psp
