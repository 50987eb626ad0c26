#include "dataprotection/documents.hpp"

#include <fmt/format.h>

#include <map>

#include "access/access.hpp"
#include "core/text.hpp"
#include "dataprotection/breaches.hpp"
#include "pdf/markdown.hpp"
#include "policy/render.hpp"
#include "store/database.hpp"
#include "store/family_tables.hpp"

namespace haven::dataprotection {

namespace {

using policy::RecordCategory;

// "contact sessions" for the table contact_sessions.
std::string table_words(std::string_view table) {
  std::string out(table);
  for (auto& ch : out)
    if (ch == '_') ch = ' ';
  return out;
}

std::string agencies(const std::vector<policy::Agency>& list) {
  return policy::join_words(list, policy::agency_words, "or");
}

std::string sealed_words(const policy::Preset& p) {
  return policy::join_words(p.sealed_contact_fields, [](policy::ContactField f) {
    switch (f) {
      case policy::ContactField::address:
        return std::string_view("addresses");
      case policy::ContactField::phone:
        return std::string_view("phone numbers");
      case policy::ContactField::email:
        return std::string_view("email addresses");
    }
    return std::string_view("");
  });
}

std::string protected_words(const policy::Preset& p) {
  return policy::join_words(
      p.violence_protects,
      [](policy::ProtectedGroup g) {
        switch (g) {
          case policy::ProtectedGroup::users:
            return std::string_view("anyone using the centre");
          case policy::ProtectedGroup::volunteers:
            return std::string_view("volunteers");
          case policy::ProtectedGroup::staff:
            return std::string_view("staff");
        }
        return std::string_view("");
      },
      "or");
}

// How long records of category `c` are kept, as the policy says.
std::string kept_words(const policy::Preset& p, RecordCategory c) {
  if (p.keeps_indefinitely(c)) return "kept without a time limit";
  return fmt::format("destroyed once nobody has used them for {} years", p.unused_years);
}

std::string heading_lines(const app::Centre& c, std::string_view title, Day today) {
  const auto& p = c.preset;
  return fmt::format(
      "# {}: {}\n\nWritten by Haven on {} from version {} of the centre's confidentiality policy (last reviewed "
      "{}) and from the records Haven keeps. It is written again whenever it is asked for, so it always matches the "
      "policy in force; it is never edited by hand.\n\n",
      c.name, title, format_day_words(today), p.version, format_day_words(p.last_reviewed));
}

std::string record_of_processing(const app::Centre& c, Day today) {
  const auto& p = c.preset;
  std::string md = heading_lines(c, "record of processing activities", today);
  auto add = [&md](const std::string& text) { md += text; };

  add("## Who is responsible\n\n");
  add(
      fmt::format("{} ({}) decides why and how the personal data below is used, and answers for it. Its records "
                  "are kept in Haven, on the centre's own server.\n\n",
                  p.centre_name, p.short_name));

  add("## Why the centre holds personal data\n\n");
  add("- To arrange and run supported contact and handovers for the children of separated families: each case from "
      "referral to closure, its sessions and who attended.\n");
  add(
      fmt::format("- To keep children and others safe: concerns about a child's welfare or about violence are "
                  "written down, and {} or {} may be told when the policy's exceptions apply.\n",
                  agencies(p.welfare.agencies), agencies(p.violence.agencies)));
  if (p.attendance_to_referring_agencies)
    add(fmt::format("- To tell a referring agency, when it asks, the dates and times a family attended{}.\n",
                    p.mirror_to_other_side ? ", sending the same statement to the other side" : ""));
  add(
      fmt::format("- To answer people who ask for their own records, including a child's request made through "
                  "their local authority until they are {}.\n",
                  p.subject_access_until_age));
  add(fmt::format("- To make sure nobody sees a family's information before {} DBS check is recorded for them.\n",
                  policy::dbs_words(p.dbs_minimum_level)));
  add("- To keep the accident book.\n");
  add("- To show that the centre keeps its promises: the audit trail, the register of what left the centre, the "
      "record of who has been told of the policy, and the breach log.\n");
  add("- To report the centre's figures to NACCC, as counts that name nobody.\n\n");

  add("## Whose personal data\n\n");
  add("- Children who come to the centre.\n- Their parents, and others named in a family's contact plan.\n"
      "- Referrers: solicitors, Cafcass officers, social workers and others who refer a family, and parents who "
      "refer themselves.\n- Volunteers and staff.\n\n");

  add("## What personal data\n\n");
  for (const auto& [item, name] : EnumNames<policy::Item>::table) {
    std::string_view words = describe(item);
    std::string note;
    if (item == policy::Item::address || item == policy::Item::phone || item == policy::Item::email) {
      auto field = parse_enum<policy::ContactField>(name);
      if (field && p.is_sealed(*field)) note = ": sealed, and passed on only with the parent's permission";
    }
    if (item == policy::Item::concern_record)
      note = ": may include information about health, abuse and alleged offences";
    add(fmt::format("- {}{}\n", capitalised(std::string(words)), note));
  }
  add("- For volunteers and staff: their name, role, DBS check (level, date and sealed certificate number) and "
      "sign-in details.\n\n");

  add("## Who receives it\n\n");
  if (p.attendance_to_referring_agencies)
    add(fmt::format("- Referring agencies: the dates and times a family attended, and nothing else (clause 3){}.\n",
                    p.mirror_to_other_side ? "; the other side's referrer receives the same statement" : ""));
  add(fmt::format(
      "- {}: what a concern about a child's welfare needs, decided by the safeguarding lead or "
      "management, with the reason recorded{} (exception E1).\n",
      capitalised(agencies(p.welfare.agencies)), p.welfare.management_review ? " and reviewed by management" : ""));
  add(fmt::format("- {}: the same, for physical violence towards {} (exception E2).\n",
                  capitalised(agencies(p.violence.agencies)), protected_words(p)));
  add(
      fmt::format("- A parent's {}: only someone that parent has given permission for, recorded with the date "
                  "(clause 4){}.\n",
                  sealed_words(p),
                  p.former_partner_with_permission
                      ? "; the other parent only with the parent's own permission, never while a violence concern "
                        "stands or the parents must not meet"
                      : "; never the other parent"));
  add("- The person themselves, or the local authority acting for a child, when they ask for their own records.\n");
  add("- NACCC: counts only.\n");
  add("- Nobody else. No report of any kind is written for family court proceedings (clause 2).\n\n");

  add("## How long it is kept\n\n");
  std::map<std::string, std::vector<std::string>> held_in;
  for (const auto& t : store::family_tables()) held_in[std::string(t.category)].push_back(table_words(t.table));
  for (const auto& [category, name] : EnumNames<RecordCategory>::table) {
    std::string where;
    if (auto it = held_in.find(std::string(name)); it != held_in.end())
      where = fmt::format(" Held as: {}.", policy::join_words(it->second, [](const std::string& s) { return s; }));
    add(fmt::format("- {}: {}.{}\n", capitalised(std::string(policy::category_words(category))),
                    kept_words(p, category), where));
  }
  add("\nDestruction is proposed by one member of management and approved by another; each family's key is "
      "destroyed with its records, so no copy, backup included, can be read again; a certificate of destruction "
      "records counts and dates, never names (clause 8).\n\n");

  add("## How it is kept safe\n\n");
  add("- Each family's records are encrypted under a key of their own.\n");
  add(fmt::format("- {} are sealed: opened only for the people the policy allows, each time recorded.\n",
                  capitalised(sealed_words(p))));
  add("- Every look at a family's records, and every change, is written in an audit trail that cannot be altered "
      "without it showing.\n");
  add(
      fmt::format("- Nobody sees family information before {} DBS check is recorded for them; checks are renewed "
                  "every {} years.\n",
                  policy::dbs_words(p.dbs_minimum_level), p.dbs_recheck_years));
  add("- On a contact day volunteers see only first names, times and whether parents must be kept apart; they "
      "cannot print or export.\n");
  add("- Email from Haven carries no family's information: only a notice, a reference or a sign-in code.\n\n");

  add("## Transfers abroad\n\n");
  add("None. Personal data leaves the centre only to the recipients above.\n");
  return md;
}

std::string appropriate_policy(const app::Centre& c, Day today) {
  const auto& p = c.preset;
  std::string md = heading_lines(c, "appropriate policy document", today);
  auto add = [&md](const std::string& text) { md += text; };

  add("## What this document covers\n\n");
  add(
      fmt::format("To keep children and others safe, {} writes down concerns about children's welfare and about "
                  "violence, which may include information about health, abuse and alleged offences. The Data "
                  "Protection Act 2018 allows this without consent under Schedule 1, paragraph 18 (safeguarding of "
                  "children and of individuals at risk), where the centre has a document like this one saying how "
                  "it looks after that information.\n\n",
                  p.short_name));

  add("## How each principle is kept\n\n");
  add("### Lawful, fair and open\n\n");
  add("The centre's confidentiality policy, published without sign-in, tells families, referrers and volunteers what "
      "is kept and who may see it; who has been told of each version is recorded (clause 9).\n\n");
  add("### Used only for its purpose\n\n");
  add(
      fmt::format("Safeguarding records are used to keep children and others safe. They leave the centre only to {} "
                  "for a child's welfare, or to {} for violence; each time the safeguarding lead or management "
                  "decides, the reason is recorded, and management review it.\n\n",
                  agencies(p.welfare.agencies), agencies(p.violence.agencies)));
  add("### No more than is needed\n\n");
  add("Volunteers never see concerns beyond their own session's family, nor anyone's address or phone number. A "
      "copy of a person's records leaves out what is about other people, and says so.\n\n");
  add("### Accurate\n\n");
  add("Corrections are recorded beside what they correct, with who made them and when; nothing is silently "
      "overwritten.\n\n");
  add("### Kept no longer than needed\n\n");
  add(
      fmt::format("Safeguarding records are {}; child protection records are {}. A child may ask for their records "
                  "until they are {}.\n\n",
                  kept_words(p, RecordCategory::safeguarding_records),
                  kept_words(p, RecordCategory::child_protection_records), p.subject_access_until_age));
  add("### Secure\n\n");
  add(
      fmt::format("Records are encrypted under each family's own key. Concerns are opened only for the safeguarding "
                  "lead, management and those the policy allows, after {} DBS check, and every opening is in the "
                  "audit trail.\n\n",
                  policy::dbs_words(p.dbs_minimum_level)));
  add("### Accountable\n\n");
  add("The audit trail, the register of everything that left the centre, the breach log and this document show how "
      "the centre keeps these rules.\n\n");

  add("## Retention and erasure\n\n");
  for (auto category : {RecordCategory::safeguarding_records, RecordCategory::child_protection_records})
    add(fmt::format("- {}: {}.\n", capitalised(std::string(policy::category_words(category))),
                    kept_words(p, category)));
  add("- Records to be destroyed are proposed by one member of management and approved by another. Each family's "
      "key is destroyed with them, so no copy or backup can be read again, and a certificate records counts and "
      "dates, never names.\n\n");

  add("## Review\n\n");
  add(
      fmt::format("This document is written again from every new version of the policy, so it is reviewed whenever "
                  "the policy is: at least every {} months. The centre keeps it while it holds safeguarding "
                  "information, and for at least six months after it stops.\n",
                  p.review_interval_months));
  return md;
}

}  // namespace

Document write_document(const app::Centre& c, DocumentKind kind, Day today) {
  switch (kind) {
    case DocumentKind::record_of_processing:
      return {"Record of processing activities", "record-of-processing-" + c.preset.version,
              record_of_processing(c, today)};
    case DocumentKind::appropriate_policy:
      return {"Appropriate policy document", "appropriate-policy-" + c.preset.version, appropriate_policy(c, today)};
  }
  return {};
}

Result<Document> document(app::Workspace& ws, const app::Centre& c, const access::Staff& as, DocumentKind kind,
                          const std::string& version) {
  HAVEN_TRY(permit, access::require(ws, c, as, policy::Action::keep_data_protection_records));
  const app::Centre* from = &c;
  if (!version.empty() && version != c.preset.version) {
    HAVEN_TRY(earlier, ws.centre(c.id, version));
    from = earlier;
  }
  HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
    HAVEN_CHECK(ws.audit().append_committed({{c.id, as.id, "read_" + std::string(name_of(kind)), "centre:" + c.id,
                                              "policy_version", std::string(permit.clause_id()), "allow"}}));
    return true;
  }));
  auto written = write_document(*from, kind, london_today());
  if (from != &c) {
    // Under its heading, a line that says this is not the document in force.
    auto heading_end = written.markdown.find('\n');
    written.markdown.insert(heading_end == std::string::npos ? written.markdown.size() : heading_end + 1,
                            fmt::format("\nThis copy is written from policy version {}, which is no longer in force; "
                                        "the version in force is {}.\n\n",
                                        version, c.preset.version));
  }
  return written;
}

Result<std::string> document_pdf(const Document& d) { return pdf::from_markdown(d.title, d.markdown); }

}  // namespace haven::dataprotection
