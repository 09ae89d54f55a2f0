// contact_store.hpp: the contacts PSPs log, as anonymous rows: quarter, category, minutes,
// referral kinds, whether it was a repeat contact and whether referral was prompted. There is no
// column for the person supported, the PSP or a time finer than the quarter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace psp {

struct ContactRecord {
    std::string quarter;   // "2024-Q1"
    std::string category;  // an IACP 2.3 activity
    int minutes = 0;
    std::vector<std::string> referrals;  // kinds, from a fixed list
    bool repeat_contact = false;
    bool referral_prompted = false;
};

// How many contacts (or referrals) of one kind a quarter saw.
struct QuarterCount {
    std::string quarter;
    std::string kind;  // a category, or a referral kind
    int64_t count = 0;
};

class ContactStore {
  public:
    explicit ContactStore(soci::session &sql) : sql_(sql) {}
    void add(const ContactRecord &contact);

    // Contacts by quarter and category, quarters first..last ("2024-Q1" labels, inclusive).
    std::vector<QuarterCount> count_by_category(const std::string &first, const std::string &last);
    // Referrals made by quarter and kind: a contact with two referrals counts for both kinds.
    std::vector<QuarterCount> count_referrals(const std::string &first, const std::string &last);

  private:
    soci::session &sql_;
};

}  // namespace psp
