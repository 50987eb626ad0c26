// The words a centre's policy is written in: staff roles, DBS levels, outside agencies, record
// categories, audiences and contact fields. Each has one text spelling (see core/enum_names.hpp)
// used in presets, in the database and in JSON.
#pragma once
#include <array>
#include <string_view>
#include <utility>

#include "core/enum_names.hpp"

namespace haven::policy {

enum class Role { coordinator, management, safeguarding_lead, volunteer, administrator };

// Every role but administrator may see family data once in force and vetted; such a role is
// proposed and approved (four eyes) before it takes effect.
[[nodiscard]] constexpr bool sees_family_data(Role role) { return role != Role::administrator; }

// Ordered: a higher level satisfies a lower requirement.
enum class DbsLevel { none, basic, standard, enhanced, enhanced_with_barred_lists };

enum class Agency { childrens_services, police, cafcass, other_appropriate_agency };

enum class RecordCategory {
  family_records,
  session_notes,
  attendance,
  referral_records,
  accident_book,
  safeguarding_records,
  child_protection_records,
  volunteer_records,
};

enum class Audience { users, referrers, volunteers, staff };

enum class ContactField { address, phone, email };

// Who the violence exception protects.
enum class ProtectedGroup { users, volunteers, staff };

}  // namespace haven::policy

namespace haven {

template <>
struct EnumNames<policy::Role> {
  static constexpr std::array<std::pair<policy::Role, std::string_view>, 5> table{{
      {policy::Role::coordinator, "coordinator"},
      {policy::Role::management, "management"},
      {policy::Role::safeguarding_lead, "safeguarding_lead"},
      {policy::Role::volunteer, "volunteer"},
      {policy::Role::administrator, "administrator"},
  }};
};

template <>
struct EnumNames<policy::DbsLevel> {
  static constexpr std::array<std::pair<policy::DbsLevel, std::string_view>, 5> table{{
      {policy::DbsLevel::none, "none"},
      {policy::DbsLevel::basic, "basic"},
      {policy::DbsLevel::standard, "standard"},
      {policy::DbsLevel::enhanced, "enhanced"},
      {policy::DbsLevel::enhanced_with_barred_lists, "enhanced_with_barred_lists"},
  }};
};

template <>
struct EnumNames<policy::Agency> {
  static constexpr std::array<std::pair<policy::Agency, std::string_view>, 4> table{{
      {policy::Agency::childrens_services, "childrens_services"},
      {policy::Agency::police, "police"},
      {policy::Agency::cafcass, "cafcass"},
      {policy::Agency::other_appropriate_agency, "other_appropriate_agency"},
  }};
};

template <>
struct EnumNames<policy::RecordCategory> {
  static constexpr std::array<std::pair<policy::RecordCategory, std::string_view>, 8> table{{
      {policy::RecordCategory::family_records, "family_records"},
      {policy::RecordCategory::session_notes, "session_notes"},
      {policy::RecordCategory::attendance, "attendance"},
      {policy::RecordCategory::referral_records, "referral_records"},
      {policy::RecordCategory::accident_book, "accident_book"},
      {policy::RecordCategory::safeguarding_records, "safeguarding_records"},
      {policy::RecordCategory::child_protection_records, "child_protection_records"},
      {policy::RecordCategory::volunteer_records, "volunteer_records"},
  }};
};

template <>
struct EnumNames<policy::Audience> {
  static constexpr std::array<std::pair<policy::Audience, std::string_view>, 4> table{{
      {policy::Audience::users, "users"},
      {policy::Audience::referrers, "referrers"},
      {policy::Audience::volunteers, "volunteers"},
      {policy::Audience::staff, "staff"},
  }};
};

template <>
struct EnumNames<policy::ContactField> {
  static constexpr std::array<std::pair<policy::ContactField, std::string_view>, 3> table{{
      {policy::ContactField::address, "address"},
      {policy::ContactField::phone, "phone"},
      {policy::ContactField::email, "email"},
  }};
};

template <>
struct EnumNames<policy::ProtectedGroup> {
  static constexpr std::array<std::pair<policy::ProtectedGroup, std::string_view>, 3> table{{
      {policy::ProtectedGroup::users, "users"},
      {policy::ProtectedGroup::volunteers, "volunteers"},
      {policy::ProtectedGroup::staff, "staff"},
  }};
};

}  // namespace haven
