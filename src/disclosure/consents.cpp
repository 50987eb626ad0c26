#include "disclosure/consents.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::disclosure {

namespace {

// Identifies a recipient without storing its name: a referral or parent id, or a blind index.
bool is_valid_how(const std::string& how) {
  return how == "written" || how == "verbal" || how == "email" || how == "in_person";
}

}  // namespace

Result<std::string> record_consent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, const NewConsent& n) {
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto parties = load_parties(ws, family->id);
  if (!parties) return std::unexpected(parties.error());
  if (!parties->is_parent(n.person_id))
    return fail(ErrorKind::invalid_input, "a consent is given by a parent of this family");
  if (auto ok = check_recipient(*parties, n.to); !ok) return std::unexpected(ok.error());
  // A parent named as "someone else" is still that parent: the consent is recorded for them.
  HAVEN_TRY(to, as_judged(ws, c, *parties, n.to));
  auto given = parse_day(n.given_on);
  if (!given) return fail(ErrorKind::invalid_input, "given_on is a date written as YYYY-MM-DD");
  if (*given > std::chrono::floor<std::chrono::days>(now()))
    return fail(ErrorKind::invalid_input, "a consent cannot be given in the future");
  if (!n.expires_on.empty()) {
    auto expires = parse_day(n.expires_on);
    if (!expires || *expires <= *given)
      return fail(ErrorKind::invalid_input, "expires_on is a date (YYYY-MM-DD) after given_on");
  }
  if (!is_valid_how(n.how_given))
    return fail(ErrorKind::invalid_input, "how_given is one of: written, verbal, email, in_person");
  NewConsent consent = n;
  consent.to = to;
  auto [ref, index] = consent_recipient(ws, c, consent.to);
  std::string id = new_id("con");
  auto item = policy::item_of(n.field);
  return records::audited_write<std::string>(
      ws, c, by, item, family->id, "record_consent", "consent:" + id, "consent." + std::string(name_of(n.field)),
      [&]() -> Result<std::string> {
        insert_consent(ws, id, family->id, consent, {ref, index}, by.id, c.preset.version);
        return id;
      });
}

void insert_consent(app::Workspace& ws, const std::string& id, const std::string& family_id, const NewConsent& n,
                    const access::ConsentRecipient& to, const std::string& recorded_by,
                    const std::string& policy_version) {
  std::string field(name_of(n.field)), kind(name_of(n.to.kind)), at = format_utc(now());
  store::execute(ws.db(),
                 "INSERT INTO consents (id, family_id, person_id, field, "
                 "recipient_kind, recipient_referral, "
                 "recipient_index, given_on, how_given, expires_on, "
                 "withdrawn_on, recorded_by, policy_version, "
                 "created_at) VALUES (:i, :f, :p, :fd, :k, :r, :x, :g, :h, :e, "
                 "'', :b, :v, :a)",
                 id, family_id, n.person_id, field, kind, to.referral_or_person, to.name_index, n.given_on, n.how_given,
                 n.expires_on, recorded_by, policy_version, at);
}

Result<bool> withdraw_consent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& consent_id, const std::string& on) {
  if (!parse_day(on)) return fail(ErrorKind::invalid_input, "the withdrawal date is written as YYYY-MM-DD");
  std::string family_id, field, withdrawn;
  auto found = store::first_row(ws.db(),
                                "SELECT c.family_id, c.field, c.withdrawn_on FROM consents c JOIN families f "
                                "ON f.id = c.family_id WHERE c.id = :i AND f.centre_id = :c",
                                consent_id, c.id);
  if (!found || found->is_null(0)) return fail(ErrorKind::not_found, "no such consent at this centre");
  family_id = found->get<std::string>(0);
  field = found->get<std::string>(1);
  withdrawn = found->get<std::string>(2);
  if (!withdrawn.empty()) return fail(ErrorKind::conflict, "this consent was already withdrawn on " + withdrawn);
  auto item = field == "address" ? policy::Item::address : field == "phone" ? policy::Item::phone : policy::Item::email;
  return records::audited_write<bool>(ws, c, by, item, family_id, "withdraw_consent", "consent:" + consent_id,
                                      "consent." + field, [&]() -> Result<bool> {
                                        store::execute(ws.db(), "UPDATE consents SET withdrawn_on = :w WHERE id = :i",
                                                       on, consent_id);
                                        return true;
                                      });
}

access::ConsentRecipient consent_recipient(app::Workspace& ws, const app::Centre& c, const Recipient& r) {
  std::string ref = r.kind == policy::RecipientKind::referring_agency ? r.referral_id
                    : r.kind == policy::RecipientKind::parent          ? r.person_id
                                                                       : std::string();
  std::string index = ref.empty() ? crypto::blind_index(ws.keys().index_key(), c.id,
                                                        std::string(name_of(r.kind)) + " " + r.name)
                                  : std::string();
  return {ref, index};
}

Result<std::vector<ConsentView>> list_consents(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                               const std::string& family_ref, Day today) {
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  policy::AccessRequest r;
  r.actor = by.actor();
  r.item = policy::Item::address;
  r.centre_id = c.id;
  r.family_id = family->id;
  r.purpose = policy::Purpose::case_management;
  auto decision = access::require(ws, c, r, {"list_consents", "family:" + family->id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<ConsentView>> {
    std::vector<ConsentView> out;
    std::string day = format_day(today);
    auto rows = store::rows(ws.db(),
                            "SELECT id, person_id, field, recipient_kind, recipient_referral, given_on, "
                            "how_given, expires_on, withdrawn_on FROM consents WHERE family_id = :f "
                            "ORDER BY given_on, id",
                            family->id);
    for (const auto& row : rows) {
      ConsentView v{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                    row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
                    row.get<std::string>(6), row.get<std::string>(7), row.get<std::string>(8), false};
      v.live = v.withdrawn_on.empty() && v.given_on <= day && (v.expires_on.empty() || v.expires_on >= day);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::string> record_concern(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, ConcernKind kind, const std::string& summary) {
  if (summary.empty()) return fail(ErrorKind::invalid_input, "describe the concern");
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto key = records::cipher_for_new_record(ws, family->id);
  if (!key) return std::unexpected(key.error());
  std::string id = new_id("cnc");
  return records::audited_write<std::string>(
      ws, c, by, policy::Item::concern_record, family->id, "record_concern", "concern:" + id,
      "concern." + std::string(name_of(kind)), [&]() -> Result<std::string> {
        std::string k(name_of(kind)), at = format_utc(now()),
            sealed = key->seal(policy::Item::concern_record, id, summary).ciphertext();
        store::execute(ws.db(),
                       "INSERT INTO concerns (id, centre_id, family_id, kind, summary, recorded_by, recorded_at) "
                       "VALUES (:i, :c, :f, :k, :s, :b, :a)",
                       id, c.id, family->id, k, sealed, by.id, at);
        return id;
      });
}

Result<records::FamilyRef> open_concerns(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         const std::string& family_ref) {
  HAVEN_TRY(family, records::find_family(ws, c, family_ref));
  HAVEN_CHECK(access::require(ws, c, access::record(c, by, policy::Item::concern_record, family.id),
                              {"open_concerns", "family:" + family.id}));
  return family;
}

}  // namespace haven::disclosure
