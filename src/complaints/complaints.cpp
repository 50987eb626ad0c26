#include "complaints/complaints.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/working_days.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::complaints {

namespace {

using policy::Action;

// The sealed fields: each bound to the complaint and its own name.
std::string purpose(const std::string& id, std::string_view field) { return fmt::format("complaint|{}|{}", id, field); }

constexpr const char* complaint_columns =
    "SELECT k.id, k.kind, k.from_whom, k.received_how, k.received_on, COALESCE(f.reference, ''), k.complainant, "
    "k.summary, k.acknowledged_on, k.stage_one_on, k.stage_one_finding, k.stage_one_summary, "
    "COALESCE(s1.display_name, ''), k.stage_two_asked_on, k.reviewer, k.stage_two_on, k.stage_two_finding, "
    "k.stage_two_summary, COALESCE(s2.display_name, ''), k.referred_to, k.referred_on, k.withdrawn_on, k.stage_one_by "
    "FROM complaints k LEFT JOIN families f ON f.id = k.family_id LEFT JOIN staff s1 ON s1.id = k.stage_one_by "
    "LEFT JOIN staff s2 ON s2.id = k.stage_two_by WHERE k.centre_id = :c ";

struct Loaded {
  Complaint complaint;
  std::string stage_one_by_id;
};

// A stored complaint; its sealed text opened only when `open`.
Result<Loaded> complaint_of(app::Workspace& ws, const store::Row& row, bool open) {
  Complaint k;
  k.id = row.get<std::string>(0);
  k.kind = parse_enum<Kind>(row.get<std::string>(1)).value_or(Kind::service);
  k.from = parse_enum<From>(row.get<std::string>(2)).value_or(From::other);
  k.how = parse_enum<ReceivedHow>(row.get<std::string>(3)).value_or(ReceivedHow::letter);
  k.received_on = row.get<std::string>(4);
  k.family_reference = row.get<std::string>(5);
  auto opened = [&](int column, std::string_view field) -> Result<std::string> {
    auto sealed = row.get<std::string>(column);
    if (!open || sealed.empty()) return std::string();
    return ws.keys().open_secret(purpose(k.id, field), sealed);
  };
  HAVEN_TRY(complainant, opened(6, "complainant"));
  HAVEN_TRY(summary, opened(7, "summary"));
  k.complainant = complainant;
  k.summary = summary;
  k.acknowledged_on = row.get<std::string>(8);
  auto answer = [&](int at, std::string_view field) -> Result<std::optional<Answer>> {
    if (row.get<std::string>(at).empty()) return std::optional<Answer>();
    HAVEN_TRY(text, opened(at + 2, field));
    return std::optional<Answer>(Answer{row.get<std::string>(at),
                                        parse_enum<Finding>(row.get<std::string>(at + 1)).value_or(Finding::not_upheld),
                                        text, row.get<std::string>(at + 3)});
  };
  HAVEN_TRY(one, answer(9, "stage_one"));
  k.stage_one = one;
  k.stage_two_asked_on = row.get<std::string>(13);
  HAVEN_TRY(reviewer, opened(14, "reviewer"));
  k.reviewer = reviewer;
  HAVEN_TRY(two, answer(15, "stage_two"));
  k.stage_two = two;
  k.referred_to = parse_enum<ReferredTo>(row.get<std::string>(19));
  k.referred_on = row.get<std::string>(20);
  k.withdrawn_on = row.get<std::string>(21);
  auto due = due_of(k);
  k.waiting = due.waiting;
  if (due.on) k.due_on = format_day(*due.on);
  return Loaded{std::move(k), row.get<std::string>(22)};
}

Result<std::vector<Loaded>> load(app::Workspace& ws, const app::Centre& c, const std::string& id, bool open) {
  std::vector<Loaded> out;
  for (const auto& row : store::rows(
           ws.db(), std::string(complaint_columns) + (id.empty() ? "AND :i = ''" : "AND k.id = :i"), c.id, id)) {
    HAVEN_TRY(loaded, complaint_of(ws, row, open));
    out.push_back(std::move(loaded));
  }
  return out;
}

// The day a step must not come before: the step it follows.
Result<bool> in_order(Day on, const std::string& after, std::string_view what, std::string_view after_what) {
  if (on > london_today()) return fail(ErrorKind::invalid_input, fmt::format("{} cannot be in the future (on)", what));
  if (format_day(on) < after)
    return fail(ErrorKind::invalid_input, fmt::format("{} cannot be before {} (on)", what, after_what));
  return true;
}

}  // namespace

Due due_of(const Complaint& k) {
  auto received = parse_day(k.received_on);
  if (!received || !k.withdrawn_on.empty()) return {};
  if (k.acknowledged_on.empty()) return {Waiting::acknowledgement, add_working_days(*received, acknowledge_within)};
  if (!k.stage_one) return {Waiting::stage_one, add_working_days(*received, answer_within)};
  if (auto asked = parse_day(k.stage_two_asked_on); asked && !k.stage_two)
    return {Waiting::stage_two, add_working_days(*asked, answer_within)};
  return {};
}

Result<bool> step_allowed(const Complaint& k, Step::What what) {
  using What = Step::What;
  if (!k.withdrawn_on.empty())
    return fail(ErrorKind::conflict, fmt::format("the complaint was withdrawn on {}", day_in_words(k.withdrawn_on)));
  switch (what) {
    case What::acknowledged:
      if (!k.acknowledged_on.empty())
        return fail(ErrorKind::conflict, fmt::format("it was acknowledged on {}", day_in_words(k.acknowledged_on)));
      return true;
    case What::answered:
      if (k.acknowledged_on.empty()) return fail(ErrorKind::conflict, "acknowledge the complaint before answering it");
      if (k.waiting != Waiting::stage_one && k.waiting != Waiting::stage_two)
        return fail(ErrorKind::conflict, k.stage_two
                                             ? "stage two was answered already"
                                             : "stage one was answered already; the complainant may ask for stage two");
      return true;
    case What::stage_two_asked:
      if (!k.stage_one) return fail(ErrorKind::conflict, "stage two follows stage one's answer");
      if (!k.stage_two_asked_on.empty())
        return fail(ErrorKind::conflict,
                    fmt::format("stage two was asked for on {}", day_in_words(k.stage_two_asked_on)));
      if (k.referred_to) return fail(ErrorKind::conflict, "the complaint was taken further already");
      return true;
    case What::referred:
      if (!k.stage_one || k.waiting != Waiting::nothing)
        return fail(ErrorKind::conflict, "a complaint is taken further once the centre has given its answer");
      if (k.referred_to)
        return fail(ErrorKind::conflict, fmt::format("it was taken further on {}", day_in_words(k.referred_on)));
      return true;
    case What::withdrawn:
      if (k.waiting == Waiting::nothing)
        return fail(ErrorKind::conflict, "the centre has answered the complaint; there is nothing to withdraw");
      return true;
  }
  return fail(ErrorKind::invalid_input, "no such step (step)");
}

Result<bool> open_log(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_CHECK(access::require(ws, c, as, Action::keep_data_protection_records));
  return true;
}

Result<std::string> record_complaint(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                     const NewComplaint& n) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records));
  if (n.received > london_today())
    return fail(ErrorKind::invalid_input, "the day it was received cannot be in the future (received_on)");
  HAVEN_CHECK(check_free_text(n.complainant, "complainant", "who complained", 200));
  HAVEN_CHECK(check_free_text(n.summary, "summary", "what the complaint is about", text_longest));
  std::string id = new_id("cmp");
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), c.id);
    std::string family_id;
    if (!n.family.empty()) {
      auto found = store::value<std::string>(
          ws.db(), "SELECT id FROM families WHERE centre_id = :c AND reference = :r AND disposed_at = ''", c.id,
          n.family);
      if (!found)
        return fail(ErrorKind::invalid_input,
                    fmt::format("{} is not a family reference at this centre (family)", n.family));
      family_id = *found;
    }
    store::execute(ws.db(),
                   "INSERT INTO complaints (id, centre_id, family_id, kind, from_whom, received_how, received_on, "
                   "complainant, summary, recorded_by) VALUES (:i, :c, :f, :k, :w, :h, :r, :n, :s, :b)",
                   id, c.id, family_id, std::string(name_of(n.kind)), std::string(name_of(n.from)),
                   std::string(name_of(n.how)), format_day(n.received),
                   ws.keys().seal_secret(purpose(id, "complainant"), n.complainant),
                   ws.keys().seal_secret(purpose(id, "summary"), n.summary), by.id);
    ws.audit().append({c.id, by.id, "record_complaint", "complaint:" + id,
                       "kind,received_on,complainant,summary,family", std::string(permit.clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> record_step(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                         const std::string& complaint_id, const Step& step) {
  using What = Step::What;
  // Stage two's answer is the impartial reviewer's: decided with who answered stage one.
  std::string stage_one_by;
  if (step.what == What::answered)
    stage_one_by = store::value<std::string>(ws.db(),
                                             "SELECT stage_one_by FROM complaints WHERE id = :i AND centre_id = :c AND "
                                             "stage_two_asked_on <> ''",
                                             complaint_id, c.id)
                       .value_or("");
  bool reviewing = step.what == What::answered && !stage_one_by.empty();
  auto request =
      access::centre_action(c, by, reviewing ? Action::review_complaint : Action::keep_data_protection_records);
  request.facts.proposed_by = stage_one_by;
  HAVEN_TRY(permit, access::require(
                        ws, c, request,
                        {std::string("complaint_") + std::string(name_of(step.what)), "complaint:" + complaint_id}));
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_TRY(found, load(ws, c, complaint_id, false));
    if (found.empty()) return fail(ErrorKind::not_found, "There is no such complaint at this centre.");
    const auto& k = found.front().complaint;
    HAVEN_CHECK(step_allowed(k, step.what));
    // Decided above on the complaint as it was read then: if stage two was asked for since, the
    // decision was the wrong one.
    if (step.what == What::answered && (k.waiting == Waiting::stage_two) != reviewing)
      return fail(ErrorKind::conflict, "the complaint changed while this was sent; look at it again");
    std::string fields;
    switch (step.what) {
      case What::acknowledged:
        HAVEN_CHECK(in_order(step.on, k.received_on, "the acknowledgement", "the complaint arrived"));
        store::execute(ws.db(), "UPDATE complaints SET acknowledged_on = :d WHERE id = :i", format_day(step.on),
                       complaint_id);
        fields = "acknowledged_on";
        break;
      case What::answered: {
        bool second = k.waiting == Waiting::stage_two;
        HAVEN_CHECK(in_order(step.on, second ? k.stage_two_asked_on : k.acknowledged_on, "the answer",
                             second ? "stage two was asked for" : "the acknowledgement"));
        HAVEN_CHECK(check_free_text(step.text, "summary", "what the centre said", text_longest));
        std::string stage = second ? "stage_two" : "stage_one";
        store::execute(ws.db(),
                       fmt::format("UPDATE complaints SET {0}_on = :d, {0}_finding = :f, {0}_summary = :s, {0}_by = :b "
                                   "WHERE id = :i",
                                   stage),
                       format_day(step.on), std::string(name_of(step.finding)),
                       ws.keys().seal_secret(purpose(complaint_id, stage), step.text), by.id, complaint_id);
        fields = stage + "_on," + stage + "_finding," + stage + "_summary";
        break;
      }
      case What::stage_two_asked:
        HAVEN_CHECK(in_order(step.on, k.stage_one->on, "stage two", "stage one's answer"));
        HAVEN_CHECK(check_free_text(step.text, "reviewer", "who will review it impartially", 200));
        store::execute(ws.db(), "UPDATE complaints SET stage_two_asked_on = :d, reviewer = :r WHERE id = :i",
                       format_day(step.on), ws.keys().seal_secret(purpose(complaint_id, "reviewer"), step.text),
                       complaint_id);
        fields = "stage_two_asked_on,reviewer";
        break;
      case What::referred:
        if (step.to == ReferredTo::information_commissioner && k.kind != Kind::data_protection)
          return fail(ErrorKind::invalid_input,
                      "the Information Commissioner hears complaints about personal data; this one is about the "
                      "service (to)");
        HAVEN_CHECK(in_order(step.on, k.stage_two ? k.stage_two->on : k.stage_one->on, "the referral",
                             "the centre's last answer"));
        store::execute(ws.db(), "UPDATE complaints SET referred_to = :t, referred_on = :d WHERE id = :i",
                       std::string(name_of(step.to)), format_day(step.on), complaint_id);
        fields = "referred_to,referred_on";
        break;
      case What::withdrawn:
        HAVEN_CHECK(in_order(step.on, k.received_on, "the withdrawal", "the complaint arrived"));
        store::execute(ws.db(), "UPDATE complaints SET withdrawn_on = :d WHERE id = :i", format_day(step.on),
                       complaint_id);
        fields = "withdrawn_on";
        break;
    }
    ws.audit().append({c.id, by.id, std::string("complaint_") + std::string(name_of(step.what)),
                       "complaint:" + complaint_id, fields, std::string(permit.clause_id()), "change"});
    tx.commit();
    return true;
  });
}

Result<std::vector<Complaint>> complaints(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  return store::guard_storage([&]() -> Result<std::vector<Complaint>> {
    HAVEN_TRY(loaded, load(ws, c, "", false));
    std::vector<Complaint> out;
    for (auto& l : loaded) out.push_back(std::move(l.complaint));
    std::ranges::sort(out, [](const Complaint& a, const Complaint& b) {
      bool a_waits = a.waiting != Waiting::nothing, b_waits = b.waiting != Waiting::nothing;
      if (a_waits != b_waits) return a_waits;
      if (a_waits && a.due_on != b.due_on) return a.due_on < b.due_on;
      return a.received_on != b.received_on ? a.received_on > b.received_on : a.id < b.id;
    });
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, as.id, "list_complaints", "centre:" + c.id, "kind,received_on,family,stage",
                                      std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

Result<Complaint> complaint(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                            const std::string& complaint_id) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records, "complaint:" + complaint_id));
  return store::guard_storage([&]() -> Result<Complaint> {
    HAVEN_TRY(found, load(ws, c, complaint_id, true));
    if (found.empty()) return fail(ErrorKind::not_found, "There is no such complaint at this centre.");
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, "view_complaint", "complaint:" + complaint_id,
          "kind,received_on,family,complainant,summary,stage_one_summary,reviewer,stage_two_summary",
          std::string(permit.clause_id()), "allow"}}));
    return found.front().complaint;
  });
}

}  // namespace haven::complaints
