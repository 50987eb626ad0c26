// Clause 5: the centre's rooms. A room is booked for an assessment, a meeting or another use;
// bookings and contact sessions in the same room may not overlap. An assessment of a family by
// a solicitor, Cafcass officer, social worker or any other agency needs a management agreement
// on record for that family and agency, unused and still valid; without it the booking is
// refused, naming clause 5, and the refusal is audited.
#pragma once
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::premises {

enum class BookingKind { assessment, meeting, other };

struct NewBooking {
  BookingKind kind = BookingKind::meeting;
  std::string room;
  std::string starts, ends;  // Europe/London "2026-11-28 10:00"
  std::string agency;        // assessments: solicitor, cafcass, social_worker or other
  std::string family_ref;    // assessments: the family assessed
};

// Management records an agreement for `agency` to assess the family, valid until the given day.
Result<std::string> approve_assessment(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                       const std::string& family_ref, const std::string& agency,
                                       const std::string& valid_until);

Result<std::string> book_room(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const NewBooking& b);


}  // namespace haven::premises

namespace haven {

template <>
struct EnumNames<premises::BookingKind> {
  static constexpr std::array<std::pair<premises::BookingKind, std::string_view>, 3> table{{
      {premises::BookingKind::assessment, "assessment"},
      {premises::BookingKind::meeting, "meeting"},
      {premises::BookingKind::other, "other"},
  }};
};

}  // namespace haven
