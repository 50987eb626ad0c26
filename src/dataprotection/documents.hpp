// The documents a centre is asked for about its personal data, written by Haven from the policy in
// force (the preset) and from the registry of the tables that hold family data
// (store/family_tables.hpp), never typed by hand, so they cannot fall behind either:
//
// - the record of processing activities (UK GDPR article 30): why the centre holds personal data,
//   whose, what, who receives it (clause by clause), how long each category is kept, how it is
//   kept safe;
// - the appropriate policy document for the safeguarding data the centre holds under the Data
//   Protection Act 2018, Schedule 1, paragraph 18: how each data-protection principle is kept, and
//   the retention and erasure of that data.
//
// Each is Markdown (pdf/markdown.hpp's subset) and can be printed as a PDF; each names the policy
// version it was written from. Reading one is decided as keeping the centre's data-protection
// records (coordinators and management) and audited; neither names any family.
//
// Thread-safety: write_document() is a pure function; document() is as safe as the Workspace given.
#pragma once
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::dataprotection {

enum class DocumentKind { record_of_processing, appropriate_policy };

struct Document {
  std::string title;      // "Record of processing activities"
  std::string file_name;  // "record-of-processing-2026.1", without an extension
  std::string markdown;
};

// The document for the centre as its policy stands, dated `today`.
[[nodiscard]] Document write_document(const app::Centre& c, DocumentKind kind, Day today);

// The same, for `as`: decided and audited. With `version` (one of the centre's policy versions,
// empty for the one in force), the document as that version wrote it, saying it is no longer in
// force; the registry of family tables is today's. not_found for a version the centre never had.
[[nodiscard]] Result<Document> document(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                        DocumentKind kind, const std::string& version = {});

// The document as a printable PDF.
[[nodiscard]] Result<std::string> document_pdf(const Document& d);

}  // namespace haven::dataprotection

namespace haven {
template <>
struct EnumNames<dataprotection::DocumentKind> {
  static constexpr std::array<std::pair<dataprotection::DocumentKind, std::string_view>, 2> table{{
      {dataprotection::DocumentKind::record_of_processing, "record_of_processing"},
      {dataprotection::DocumentKind::appropriate_policy, "appropriate_policy"},
  }};
};
}  // namespace haven
