#include "policy/preset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace haven::policy {

namespace {

// Reads one TOML table strictly: every key read is remembered, and finish() reports the rest as
// unknown. Errors are collected (not thrown) so a centre sees every problem in one pass.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string_view source,
              std::vector<std::string>& errors)
      : table_(table), prefix_(std::move(prefix)), source_(source), errors_(errors) {}

  std::string dotted(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }

  int line_of(std::string_view key) const {
    if (const auto* node = table_.get(key)) return static_cast<int>(node->source().begin.line);
    return table_line();
  }

  void error_at(std::string_view key, const std::string& message) {
    errors_.push_back(fmt::format("{}:{}: {}: {}", source_, line_of(key), dotted(key), message));
  }

  std::string string(std::string_view key) {
    const auto* node = take(key);
    if (!node) return {};
    if (auto v = node->value<std::string>(); v && node->is_string()) {
      if (v->empty()) error_at(key, "must not be empty");
      return *v;
    }
    error_at(key, "must be a string");
    return {};
  }

  bool has(std::string_view key) const { return table_.get(key) != nullptr; }

  bool boolean(std::string_view key) {
    const auto* node = take(key);
    if (!node) return false;
    if (node->is_boolean()) return *node->value<bool>();
    error_at(key, "must be true or false");
    return false;
  }

  int integer(std::string_view key, int min, int max) {
    const auto* node = take(key);
    if (!node) return min;
    if (!node->is_integer()) {
      error_at(key, "must be a whole number");
      return min;
    }
    auto v = *node->value<int64_t>();
    if (v < min || v > max) {
      error_at(key, fmt::format("must be between {} and {}, not {}", min, max, v));
      return min;
    }
    return static_cast<int>(v);
  }

  Day date(std::string_view key) {
    const auto* node = take(key);
    if (!node) return {};
    if (!node->is_date()) {
      error_at(key, "must be a date written like 2026-01-31 (no quotes)");
      return {};
    }
    auto d = *node->value<toml::date>();
    return std::chrono::year_month_day{std::chrono::year{d.year}, std::chrono::month{d.month},
                                       std::chrono::day{d.day}};
  }

  template <class E>
  E enumeration(std::string_view key, E fallback) {
    auto text = string(key);
    if (text.empty()) return fallback;
    if (auto v = parse_enum<E>(text)) return *v;
    error_at(key, fmt::format("'{}' is not one of: {}", text, allowed_names<E>()));
    return fallback;
  }

  template <class E>
  std::vector<E> enum_list(std::string_view key, bool may_be_empty) {
    std::vector<E> out;
    const auto* node = take(key);
    if (!node) return out;
    const auto* array = node->as_array();
    if (!array) {
      error_at(key, "must be a list like [\"a\", \"b\"]");
      return out;
    }
    for (const auto& item : *array) {
      auto text = item.value<std::string>();
      auto v = text ? parse_enum<E>(*text) : std::nullopt;
      if (!v) {
        error_at(key, fmt::format("'{}' is not one of: {}", text.value_or("?"), allowed_names<E>()));
        continue;
      }
      if (std::find(out.begin(), out.end(), *v) != out.end())
        error_at(key, fmt::format("'{}' is listed twice", *text));
      else
        out.push_back(*v);
    }
    if (out.empty() && !may_be_empty && array->empty()) error_at(key, "must not be empty");
    return out;
  }

  // A list of sentences, each non-empty and at most `longest` characters.
  std::vector<std::string> text_list(std::string_view key, size_t longest) {
    std::vector<std::string> out;
    const auto* node = take(key);
    if (!node) return out;
    const auto* array = node->as_array();
    if (!array || array->empty()) {
      error_at(key, "must be a list of sentences like [\"...\", \"...\"]");
      return out;
    }
    for (const auto& item : *array) {
      auto text = item.value<std::string>();
      if (!text || !item.is_string() || text->find_first_not_of(" ") == std::string::npos)
        error_at(key, "each entry must be a sentence in quotes");
      else if (text->size() > longest)
        error_at(key, fmt::format("each entry must be at most {} characters", longest));
      else
        out.push_back(*text);
    }
    return out;
  }

  std::optional<TableReader> table(std::string_view key) {
    const auto* node = take(key);
    if (!node) return std::nullopt;
    if (const auto* t = node->as_table()) return TableReader(*t, dotted(key), source_, errors_);
    error_at(key, "must be a table");
    return std::nullopt;
  }

  // [[key]]: a list of tables, each read by `each`.
  template <class Fn>
  void tables(std::string_view key, Fn each) {
    const auto* node = take(key);
    if (!node) return;
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables() || array->empty()) {
      error_at(key, fmt::format("must be one or more [[{}]] tables", dotted(key)));
      return;
    }
    for (const auto& item : *array) {
      TableReader reader(*item.as_table(), dotted(key), source_, errors_);
      each(reader);
      reader.finish();
    }
  }

  // Reports every key present but never read.
  void finish() {
    for (const auto& [key, node] : table_) {
      if (used_.count(std::string(key.str()))) continue;
      errors_.push_back(fmt::format("{}:{}: {}: unknown setting", source_, node.source().begin.line,
                                    dotted(key.str())));
    }
  }

 private:
  int table_line() const {
    auto line = static_cast<int>(table_.source().begin.line);
    return line > 0 ? line : 1;
  }

  const toml::node* take(std::string_view key) {
    used_.insert(std::string(key));
    const auto* node = table_.get(key);
    if (!node)
      errors_.push_back(fmt::format("{}:{}: {}: missing setting", source_, table_line(), dotted(key)));
    return node;
  }

  const toml::table& table_;
  std::string prefix_;
  std::string_view source_;
  std::vector<std::string>& errors_;
  std::set<std::string> used_;
};

// Reads a required sub-table and closes it (unknown-key check) once `read` has run.
template <class Fn>
void section(TableReader& parent, std::string_view key, Fn read) {
  if (auto t = parent.table(key)) {
    read(*t);
    t->finish();
  }
}

ExceptionRule read_exception(TableReader& t) {
  ExceptionRule rule;
  rule.agencies = t.enum_list<Agency>("agencies", false);
  rule.management_review = t.boolean("management_review");
  if (!rule.management_review)
    t.error_at("management_review", "must be true: every exception disclosure is reviewed by management");
  return rule;
}

void check_contradictions(const Preset& p, TableReader& root, std::vector<std::string>& errors) {
  auto contradiction = [&](std::string_view table, std::string_view key, const std::string& why) {
    if (auto t = root.table(table)) t->error_at(key, "contradicts " + why);
  };
  if (p.mirror_to_other_side && !p.warn_requester)
    contradiction("attendance", "warn_requester",
                  "attendance.mirror_to_other_side = true: the requester must be warned first");
  if (p.mirror_to_other_side && !p.attendance_to_referring_agencies)
    contradiction("attendance", "mirror_to_other_side",
                  "attendance.to_referring_agencies = false: nothing is released to mirror");
  if (p.warn_requester && !p.mirror_to_other_side)
    contradiction("attendance", "warn_requester",
                  "attendance.mirror_to_other_side = false: there is nothing to warn about");
  if (!p.history.empty() && p.history.back().version != p.version)
    contradiction("policy", "version", "the last [[policy.history]] entry, which is version '" +
                                           p.history.back().version + "'");
  for (size_t i = 1; i < p.history.size(); ++i)
    if (p.history[i].adopted < p.history[i - 1].adopted)
      contradiction("policy", "history", "itself: versions must be listed oldest first");
  if (!p.history.empty() && p.last_reviewed < p.history.back().adopted)
    contradiction("policy", "last_reviewed", "the adoption date of the version in force");
  if (p.dbs_minimum_level == DbsLevel::none)
    contradiction("vetting", "dbs_minimum_level", "clause 6: every volunteer is DBS-checked");
  if (!p.needs_dbs_check(Role::volunteer))
    contradiction("vetting", "required_for", "clause 6: every volunteer is DBS-checked");
  if (p.needs_dbs_check(Role::administrator))
    contradiction("vetting", "required_for", "the administrator's role, which sees no family data");
  if (p.keeps_indefinitely(RecordCategory::family_records))
    contradiction("retention", "kept_indefinitely",
                  "retention.unused_years: family records are the records that expire");
  if (!p.keeps_indefinitely(RecordCategory::accident_book))
    contradiction("retention", "kept_indefinitely", "clause 8: the accident book is always kept");
  if (!p.assessments_need_approval && p.assessment_approver != Role::management)
    contradiction("premises", "approved_by", "premises.assessments_need_approval = false");
  if (p.assessment_approver == Role::volunteer || p.assessment_approver == Role::administrator)
    contradiction("premises", "approved_by", "clause 5: only management or a coordinator may agree");
  (void)errors;
}

}  // namespace

bool Preset::keeps_indefinitely(RecordCategory c) const {
  return std::find(kept_indefinitely.begin(), kept_indefinitely.end(), c) != kept_indefinitely.end();
}

bool Preset::is_sealed(ContactField f) const {
  return std::find(sealed_contact_fields.begin(), sealed_contact_fields.end(), f) !=
         sealed_contact_fields.end();
}

bool Preset::needs_dbs_check(Role r) const {
  return std::find(dbs_required_for.begin(), dbs_required_for.end(), r) != dbs_required_for.end();
}

bool Preset::is_exception_agency(const ExceptionRule& rule, Agency a) const {
  auto listed = [&rule](Agency x) { return std::find(rule.agencies.begin(), rule.agencies.end(), x) != rule.agencies.end(); };
  return listed(a) || listed(Agency::other_appropriate_agency);
}

Result<Preset> parse_preset(std::string_view toml_text, std::string_view source_name) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::invalid_input,
                fmt::format("{}:{}: {}", source_name, e.source().begin.line, e.description()));
  }

  std::vector<std::string> errors;
  Preset p;
  TableReader root(doc, "", source_name, errors);

  section(root, "centre", [&](TableReader& t) {
    p.id = t.string("id");
    p.centre_name = t.string("name");
    p.short_name = t.string("short_name");
  });
  section(root, "policy", [&](TableReader& t) {
    p.version = t.string("version");
    p.last_reviewed = t.date("last_reviewed");
    p.review_interval_months = t.integer("review_interval_months", 1, 12);
    p.keep_version_history = t.boolean("keep_version_history");
    t.tables("history", [&](TableReader& h) {
      p.history.push_back({h.string("version"), h.date("adopted"), h.string("summary")});
    });
  });
  section(root, "exceptions", [&](TableReader& t) {
    section(t, "welfare", [&](TableReader& w) { p.welfare = read_exception(w); });
    section(t, "violence", [&](TableReader& v) {
      p.violence = read_exception(v);
      p.violence_protects = v.enum_list<ProtectedGroup>("protects", false);
    });
  });
  section(root, "attendance", [&](TableReader& t) {
    p.attendance_to_referring_agencies = t.boolean("to_referring_agencies");
    p.mirror_to_other_side = t.boolean("mirror_to_other_side");
    p.warn_requester = t.boolean("warn_requester");
  });
  section(root, "contact_details", [&](TableReader& t) {
    p.sealed_contact_fields = t.enum_list<ContactField>("sealed", false);
    if (!p.is_sealed(ContactField::address) || !p.is_sealed(ContactField::phone))
      t.error_at("sealed", "must include address and phone (clause 4)");
    // Policies adopted before the setting existed say no, as Haven did then.
    p.former_partner_with_permission =
        t.has("former_partner_with_permission") && t.boolean("former_partner_with_permission");
  });
  section(root, "premises", [&](TableReader& t) {
    p.assessments_need_approval = t.boolean("assessments_need_approval");
    p.assessment_approver = t.enumeration<Role>("approved_by", Role::management);
  });
  section(root, "vetting", [&](TableReader& t) {
    p.dbs_minimum_level = t.enumeration<DbsLevel>("dbs_minimum_level", DbsLevel::enhanced);
    p.dbs_recheck_years = t.integer("recheck_years", 1, 10);
    // Versions adopted before this setting existed are read as they were enforced then: volunteers.
    p.dbs_required_for = t.has("required_for") ? t.enum_list<Role>("required_for", false) : std::vector{Role::volunteer};
  });
  section(root, "retention", [&](TableReader& t) {
    p.unused_years = t.integer("unused_years", 1, 100);
    p.kept_indefinitely = t.enum_list<RecordCategory>("kept_indefinitely", false);
    p.subject_access_until_age = t.integer("subject_access_until_age", 18, 120);
  });
  // Optional: a version written before it existed reviews families every three months.
  if (root.has("families"))
    section(root, "families",
            [&](TableReader& t) { p.family_review_months = t.integer("review_every_months", 1, 12); });
  section(root, "awareness", [&](TableReader& t) {
    p.audiences = t.enum_list<Audience>("audiences", false);
    p.available_on_request = t.boolean("available_on_request");
  });
  // Optional: a version written before it existed has no ground rules of its own.
  if (root.has("ground_rules"))
    section(root, "ground_rules", [&](TableReader& t) { p.ground_rules = t.text_list("rules", 400); });
  root.finish();

  if (errors.empty()) check_contradictions(p, root, errors);
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    return fail(ErrorKind::invalid_input, message);
  }
  return p;
}


Result<Preset> load_preset_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_preset(*text, std::filesystem::path(path).filename().string());
}

Result<std::string> resolve_preset_path(std::string_view name_or_path) {
  namespace fs = std::filesystem;
  fs::path given(name_or_path);
  if (fs::exists(given)) return given.string();
  for (const fs::path& dir : {fs::path("policies"), fs::path(HAVEN_SOURCE_DIR) / "policies",
                              fs::path("/usr/share/haven/policies")}) {
    auto candidate = dir / (std::string(name_or_path) + ".toml");
    if (fs::exists(candidate)) return candidate.string();
  }
  return fail(ErrorKind::not_found,
              fmt::format("no preset '{}': give a file path or one of birmingham, west-wilts",
                          name_or_path));
}

}  // namespace haven::policy
