#include "web/page_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "access/access.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace haven::web {

std::string plain_words(std::string_view name) {
  static const std::map<std::string_view, std::string_view> special = {
      {"resident_parent", "Resident parent"},
      {"non_resident_parent", "Non-resident parent"},
      {"no_show", "Did not come"},
      {"dbs", "DBS"},
      {"cafcass", "Cafcass"},
      {"self_referral", "Self-referral"},
      {"enhanced_with_barred_lists", "Enhanced with barred lists"},
      {"date_of_birth", "Date of birth"},
      {"executing", "Under way, not finished"},
      {"must_not_meet", "Parents must not meet"},
      {"referral_details", "Referral details"},
      {"childrens_services", "Children's services"},
      {"other_appropriate_agency", "Another appropriate agency"},
  };
  if (auto it = special.find(name); it != special.end()) return std::string(it->second);
  return name_in_words(name);
}

Result<bool> valid_text(const Form& form) {
  if (form.invalid_text_field().empty()) return true;
  return not_valid_text(fmt::format("What was typed for “{}”", plain_words(form.invalid_text_field())));
}

bool offered(const Viewer& v, const policy::AccessRequest& request) { return access::offered(*v.centre, request); }

bool may(const Viewer& v, policy::Action action) {
  return offered(v, access::centre_action(*v.centre, v.staff, action));
}

bool sees_case(const Viewer& v, const std::string& family_id) {
  return offered(v, access::view(*v.centre, v.staff, policy::Item::referral_details, family_id));
}

Result<Form> query_form(const http::Request& r) {
  auto mark = r.target.find('?');
  return Form::parse(mark == std::string::npos ? std::string_view() : std::string_view(r.target).substr(mark + 1));
}

Result<Instant> form_moment(const Form& form, const std::string& day_field, std::string_view day_label,
                            const std::string& time_field, std::string_view time_label) {
  HAVEN_TRY(day, form.date(day_field, day_label));
  HAVEN_TRY(time, form.clock(time_field, time_label, true));
  auto moment = parse_london(format_day(day) + " " + time);
  if (!moment) return form.mark(time_field, moment.error().message);
  return *moment;
}

std::unexpected<Error> on_form(const Form& form, const Error& e,
                               std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  for (const auto& [api_name, field] : fields) {
    std::string bracket = " (" + std::string(api_name) + ")";
    if (e.message.ends_with(bracket)) {
      auto marked = form.mark(field, e.message.substr(0, e.message.size() - bracket.size()));
      marked.error().kind = e.kind;
      return marked;
    }
  }
  return std::unexpected(e);
}

void set_date_fields(View& into, const std::string& name, Day day) {
  std::chrono::year_month_day date(day);
  into.set(name + "_day", std::to_string(static_cast<unsigned>(date.day())));
  into.set(name + "_month", std::to_string(static_cast<unsigned>(date.month())));
  into.set(name + "_year", std::to_string(static_cast<int>(date.year())));
}

ViewList policy_blocks(const std::string& markdown) {
  ViewList blocks, items;
  auto flush_items = [&] {
    if (items.empty()) return;
    blocks.push_back(ViewObject{{"has_list", true}, {"list", items}});
    items.clear();
  };
  std::istringstream in(markdown);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.starts_with("- ")) {
      items.push_back(ViewObject{{"text", line.substr(2)}});
      continue;
    }
    flush_items();
    if (line.starts_with("### ")) {
      auto title = line.substr(4);
      auto dot = title.find(". ");
      std::string anchor = dot == std::string::npos ? "" : "clause-" + title.substr(0, dot);
      blocks.push_back(ViewObject{{"clause", title}, {"anchor", anchor}});
    } else if (line.starts_with("## ")) {
      blocks.push_back(ViewObject{{"section", line.substr(3)}});
    } else if (line.starts_with("# ")) {
      continue;  // the page's own heading
    } else {
      blocks.push_back(ViewObject{{"paragraph", line}});
    }
  }
  flush_items();
  return blocks;
}

ViewList policy_versions(const app::Centre& c, const std::vector<governance::VersionRecord>& versions) {
  ViewList out;
  for (const auto& ver : versions) {
    auto own = std::ranges::find(c.preset.history, ver.version, &policy::PolicyVersion::version);
    std::string adopted = own != c.preset.history.end() ? format_day_words(own->adopted) : day_in_words(ver.adopted_at);
    out.push_back(ViewObject{{"version", ver.version}, {"adopted_at", adopted}});
  }
  return out;
}

std::string session_times_words(bool handover, const std::string& starts, const std::string& ends) {
  if (handover) return fmt::format("Handover at {}, back at {}", clock_words(starts), clock_words(ends));
  return fmt::format("{} to {}", clock_words(starts), clock_words(ends));
}

std::string family_path(const std::string& reference) { return "/families/" + reference; }

}  // namespace haven::web
