// The centre's policy (clauses 9 and 10): the text in force with every clause anchored, its
// version history, each reader's own acknowledgement and, for management, who has not yet
// acknowledged it. The audit view: the chain's verification and its latest entries (ids,
// field names and clauses only).
#include <fmt/format.h>

#include <sstream>

#include "audit/audit_log.hpp"
#include "governance/lifecycle.hpp"
#include "governance/oversight.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"
#include "records/families.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

// The rendered policy, block by block: "# " a title, "## " a section, "### 4. Title" a clause
// (anchored as #clause-4), "- " a list item, anything else a paragraph.
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

Result<Page> policy_page(http::Request&, const Viewer& v) {
  const auto& preset = v.centre->preset;
  auto page = make_page("Confidentiality policy", "policy");
  auto& d = page.data;
  d.set("name", preset.centre_name);
  d.set("version", preset.version);
  d.set("blocks", policy_blocks(policy::render_markdown(preset)));
  auto review = policy::review_status(preset, *parse_day(today_london()));
  d.set("review_due", format_day_words(review.due_on));
  d.set("review_overdue", review.overdue);
  d.set("acknowledged", governance::has_acknowledged(*v.ws, *v.centre, v.staff));
  HAVEN_TRY(versions, governance::versions(*v.ws, *v.centre));
  ViewList history;
  for (const auto& ver : versions)
    history.push_back(ViewObject{{"version", ver.version}, {"adopted_at", day_in_words(ver.adopted_at)}});
  d.set("versions", history);
  if (may(v, policy::Action::record_awareness)) {
    auto outstanding = governance::unacknowledged(*v.ws, *v.centre, v.staff);
    if (outstanding) {
      std::map<std::string, int> by_audience;
      for (const auto& o : *outstanding) ++by_audience[o.audience];
      ViewList rows;
      for (const auto& [audience, count] : by_audience)
        rows.push_back(ViewObject{{"audience", plain_words(audience)}, {"count", std::to_string(count)}});
      d.set("outstanding", rows);
      d.set("show_outstanding", true);
      d.set("all_told", rows.empty());
    }
  }
  return page;
}

Result<Outcome> acknowledge(http::Request&, const Form&, const Viewer& v) {
  HAVEN_CHECK(governance::acknowledge_own_reading(*v.ws, *v.centre, v.staff));
  return Redirect{"/policy", "acknowledged"};
}

Result<Page> audit_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(trail, governance::audit_trail(*v.ws, *v.centre, v.staff, 100));
  const auto& report = trail.report;
  auto page = make_page("Audit trail", "audit");
  auto& d = page.data;
  d.set("ok", report.ok);
  d.set("entries_count", std::to_string(report.entries));
  d.set("checkpoints", std::to_string(report.checkpoints));
  if (!report.ok) {
    if (report.first_broken) d.set("first_broken", std::to_string(*report.first_broken));
    d.set("problem", report.problem);
  }
  ViewList rows;
  for (const auto& e : trail.recent) {
    rows.push_back(ViewObject{{"seq", std::to_string(e.seq)},
                              {"at", time_in_words(e.at)},
                              {"actor", e.actor_id},
                              {"action", e.action},
                              {"resource", e.resource},
                              {"fields", e.fields},
                              {"clause", e.clause},
                              {"outcome", e.outcome}});
  }
  d.set("entries", rows);
  return page;
}

}  // namespace

void add_governance_pages(Site& site) {
  site.page("/policy", policy_page);
  site.action("/policy/acknowledgements", acknowledge, policy_page);
  site.page("/audit", audit_page);
}

}  // namespace haven::web
