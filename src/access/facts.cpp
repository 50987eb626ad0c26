#include "access/facts.hpp"

#include "access/access.hpp"
#include "core/enum_names.hpp"
#include "crypto/sealed.hpp"
#include "store/rows.hpp"

namespace haven::access {

policy::AccessRequest contact_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                      const std::string& family_id, const std::string& person_id,
                                      policy::ContactField field, const policy::Recipient& to,
                                      const ConsentRecipient& named, Day today) {
  auto r = release(c, by, policy::item_of(field), family_id, to);
  std::string f(name_of(field)), kind(name_of(to.kind)), day = format_day(today);
  long long live =
      store::value<long long>(ws.db(),
                              "SELECT COUNT(*) FROM consents WHERE family_id = :fam AND person_id = :p AND "
                              "field = :f AND recipient_kind = :k AND recipient_referral = :r AND "
                              "recipient_index = :x AND given_on <= :d AND (expires_on = '' OR expires_on >= :d2) AND "
                              "withdrawn_on = ''",
                              family_id, person_id, f, kind, named.referral_or_person, named.name_index, day, day)
          .value_or(0);
  r.facts.consent_live = live > 0;
  if (to.side == policy::Side::other_parent) {
    // Only the parent's own permission, given in the portal, opens a release to the other side.
    r.facts.consent_given_by_parent = store::value<long long>(ws.db(),
                                                              "SELECT COUNT(*) FROM consents WHERE family_id "
                                                              "= :fam AND person_id = :p AND "
                                                              "field = :f AND recipient_kind = :k AND "
                                                              "recipient_referral = :r AND "
                                                              "recipient_index = :x AND given_on <= :d AND "
                                                              "(expires_on = '' OR expires_on >= :d2) "
                                                              "AND withdrawn_on = '' AND how_given = "
                                                              "'portal' AND recorded_by = :p2",
                                                              family_id, person_id, f, kind, named.referral_or_person,
                                                              named.name_index, day, day, person_id)
                                          .value_or(0) > 0;
    r.facts.violence_concern = store::value<long long>(ws.db(),
                                                       "SELECT COUNT(*) FROM concerns WHERE family_id "
                                                       "= :f AND kind = 'violence'",
                                                       family_id)
                                   .value_or(0) > 0;
    r.facts.must_not_meet =
        store::value<int>(ws.db(), "SELECT must_not_meet FROM families WHERE id = :f", family_id).value_or(1) != 0;
  }
  return r;
}

policy::AccessRequest exception_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                        const std::string& family_id, const std::string& concern_id,
                                        policy::Purpose purpose, const policy::Recipient& to,
                                        std::string justification) {
  auto r = release(c, by, policy::Item::session_note, family_id, to);  // the caller names the items passed on
  r.purpose = purpose;
  r.facts.justification = std::move(justification);
  if (!concern_id.empty()) {
    std::optional<std::string> kind = store::value<std::string>(
        ws.db(), "SELECT kind FROM concerns WHERE id = :i AND family_id = :f AND centre_id = :c", concern_id, family_id,
        c.id);
    bool welfare = purpose == policy::Purpose::child_welfare, violence = purpose == policy::Purpose::violence;
    r.facts.concern_recorded = kind && ((welfare && *kind == "welfare") || (violence && *kind == "violence"));
  }
  return r;
}

AssessmentAsk assessment_booking(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                 const std::string& family_id, const std::string& agency, const std::string& day) {
  AssessmentAsk ask;
  ask.request.actor = by.actor();
  ask.request.action = policy::Action::book_assessment;
  ask.request.item = policy::Item::session_times;
  ask.request.centre_id = c.id;
  ask.request.family_id = family_id;
  ask.approval_id = store::value<std::string>(ws.db(),
                                              "SELECT MIN(id) FROM assessment_approvals WHERE family_id = :f AND "
                                              "agency = :a AND valid_until >= :d AND used_by_booking = ''",
                                              family_id, agency, day)
                        .value_or("");
  ask.request.facts.management_approval = !ask.approval_id.empty();
  return ask;
}

policy::AccessRequest new_disposal_run(const app::Centre& c, const Staff& by, Day as_of) {
  auto r = centre_action(c, by, policy::Action::propose_disposal);
  r.facts.as_of = as_of;
  return r;
}

Result<DisposalRunAsk> disposal_run(app::Workspace& ws, const app::Centre& c, const Staff& by, policy::Action action,
                                    const std::string& run_id) {
  return store::guard_storage([&]() -> Result<DisposalRunAsk> {
    DisposalRunAsk ask;
    auto& run = ask.run;
    auto row = store::first_row(ws.db(),
                                "SELECT status, as_of, proposed_by, proposed_at, approved_by, approved_at FROM "
                                "disposal_runs WHERE id = :i AND centre_id = :c",
                                run_id, c.id);
    if (!row || row->is_null(0)) return fail(ErrorKind::not_found, "no such disposal run at this centre");
    run.status = row->get<std::string>(0);
    run.as_of = row->get<std::string>(1);
    run.proposed_by = row->get<std::string>(2);
    run.proposed_at = row->get<std::string>(3);
    run.approved_by = row->get<std::string>(4);
    run.approved_at = row->get<std::string>(5);
    ask.request = centre_action(c, by, action);
    if (auto day = parse_day(run.as_of)) ask.request.facts.as_of = *day;
    ask.request.facts.proposed_by = run.proposed_by;
    ask.request.facts.management_approval =
        run.status == "approved" || run.status == "executing" || run.status == "executed";
    return ask;
  });
}

policy::AccessRequest role_approval(const app::Centre& c, const Staff& by, const Staff& subject) {
  auto r = centre_action(c, by, policy::Action::approve_role);
  r.facts.proposed_by = subject.role_proposed_by;
  r.facts.subject_staff_id = subject.id;
  return r;
}

policy::AccessRequest sign_in_reset(const app::Centre& c, const Staff& by, const Staff& subject) {
  auto r = centre_action(c, by, policy::Action::reset_sign_in);
  r.facts.subject_staff_id = subject.id;
  r.facts.subject_sees_family_data = policy::sees_family_data(subject.role);
  r.facts.subject_role_pending = subject.role_pending;
  return r;
}

policy::AccessRequest dbs_check(const app::Centre& c, const Staff& by, const Staff& subject) {
  auto r = centre_action(c, by, policy::Action::vet);
  r.facts.subject_staff_id = subject.id;
  return r;
}

namespace {

int whole_years(Day born, Day today) {
  std::chrono::year_month_day b{born}, t{today};
  int years = static_cast<int>(t.year()) - static_cast<int>(b.year());
  if (std::chrono::month_day{t.month(), t.day()} < std::chrono::month_day{b.month(), b.day()}) --years;
  return years;
}

// The person's age in whole years on the London day, or -1 when it cannot be known to `by`.
int age_of(app::Workspace& ws, const app::Centre& c, const Staff& by, const std::string& family_id,
           const std::string& person_id) {
  auto d = consider(c, view(c, by, policy::Item::date_of_birth, family_id));
  if (!d.permit) return -1;
  auto key = ws.keys().family_cipher(family_id);
  if (!key) return -1;
  std::optional<std::string> sealed =
      store::value<std::string>(ws.db(), "SELECT date_of_birth FROM people WHERE id = :p AND family_id = :f", person_id,
                                family_id);
  if (!sealed) return -1;
  auto dob = key->open(*d.permit, policy::Item::date_of_birth, person_id, *sealed);
  if (!dob) return -1;
  auto day = parse_day(*dob);
  return day ? whole_years(*day, london_today()) : -1;
}

}  // namespace

policy::AccessRequest subject_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                      const std::string& family_id, const std::string& person_id, bool child,
                                      const policy::Recipient& to) {
  auto r = centre_action(c, by, policy::Action::release);
  r.purpose = policy::Purpose::subject_access;
  r.family_id = family_id;
  r.recipient = to;
  if (child) r.facts.subject_age = age_of(ws, c, by, family_id, person_id);
  // A request logged by staff (by letter, email, in person, from a local authority) is answered
  // only once the requester is known to be who they say; a parent asking in the portal has signed in.
  r.facts.identity_unchecked =
      store::value<long long>(ws.db(),
                              "SELECT COUNT(*) FROM records_requests WHERE person_id = :p AND answered_on = '' AND "
                              "received_how <> 'portal' AND identity_checked_on = ''",
                              person_id)
          .value_or(0) > 0;
  return r;
}

}  // namespace haven::access
