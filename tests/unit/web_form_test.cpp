// Reading a submitted HTML form: decoding, trimming, required fields and length limits.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "web/form.hpp"
#include "web/page_support.hpp"
#include "web/qr_code.hpp"

namespace haven::web {
namespace {

TEST(Form, DecodesPlusAsSpaceAndPercentEscapes) {
  auto form = Form::parse("room=Blue+room&note=caf%C3%A9+%26+cake&empty=&csrf=a-b_c");
  ASSERT_TRUE(form);
  EXPECT_EQ(*form->text("room", "the room", true), "Blue room");
  EXPECT_EQ(*form->text("note", "the note", true), "café & cake");
  EXPECT_EQ(form->raw("csrf"), "a-b_c");
  EXPECT_EQ(form->raw("absent"), "");
}

TEST(Form, TrimsAndChecksRequiredFields) {
  auto form = Form::parse("first_name=+++&surname=+Ashdown+");
  ASSERT_TRUE(form);
  auto missing = form->text("first_name", "a first name", true);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(missing.error().message, "Enter a first name");
  EXPECT_EQ(*form->text("surname", "a surname", false), "Ashdown");
  EXPECT_EQ(*form->text("absent", "anything", false), "");
}

TEST(Form, RefusesOverlongValuesNamingTheField) {
  auto form = Form::parse("room=" + std::string(101, 'x'));
  ASSERT_TRUE(form);
  auto room = form->text("room", "the room", true, 100);
  ASSERT_FALSE(room);
  EXPECT_EQ(room.error().message, "The room must be 100 characters or fewer");
  EXPECT_TRUE(form->text("room", "the room", true, 101));
}

TEST(Form, CheckboxesAreOnlyTickedByYes) {
  auto form = Form::parse("must_not_meet=yes&update_service=on");
  ASSERT_TRUE(form);
  EXPECT_TRUE(form->checked("must_not_meet"));
  EXPECT_FALSE(form->checked("update_service"));
  EXPECT_FALSE(form->checked("absent"));
}

TEST(Form, AMalformedBodyIsAClearError) {
  auto form = Form::parse("room=%zz");
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().kind, ErrorKind::invalid_input);
  EXPECT_TRUE(Form::parse(""));
}

}  // namespace
}  // namespace haven::web

namespace haven::web {
namespace {

// The error summary links to the field that failed: the last one whose reading failed.
TEST(Form, RemembersTheFieldThatFailed) {
  auto form = Form::parse("surname=Ashdown&party=uncle");
  ASSERT_TRUE(form);
  EXPECT_TRUE(form->failed_field().empty());
  EXPECT_TRUE(form->text("surname", "a surname", true));
  EXPECT_TRUE(form->failed_field().empty()) << "a field read well is not remembered";
  EXPECT_FALSE(form->text("first_name", "a first name", true));
  EXPECT_EQ(form->failed_field(), "first_name");
  EXPECT_FALSE(form->choice<records::Party>("party", "Choose a party"));
  EXPECT_EQ(form->failed_field(), "party");
}

// Dates on pages read in words, whatever form they were stored in; a time is the London time.
TEST(Form, ReadsADateFromItsDayMonthAndYearNamingWhatIsWrong) {
  auto form = Form::parse("on_day=5&on_month=12&on_year=2026&late_day=31&late_month=2&late_year=2026&bad_day=x");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->date("on", "the date it happened").value_or(Day{}), *parse_day("2026-12-05"));
  auto late = form->date("late", "the date it happened");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "The date it happened must be a real date");
  EXPECT_EQ(form->failed_field(), "late_day") << "the error summary links to the day field";
  auto missing = form->date("gone", "the date of the review");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "Enter the date of the review");
  EXPECT_FALSE(form->date("bad", "the date")) << "letters are not a day";
}

// A date that may be left out is nothing when all three fields are empty, and checked as any
// other date when one of them is typed.
TEST(Form, AnOptionalDateIsNothingOnlyWhenAllItsFieldsAreEmpty) {
  auto form = Form::parse("dob_day=&dob_month=&dob_year=&half_day=4&half_month=&half_year=");
  ASSERT_TRUE(form);
  auto none = form->optional_date("dob", "the date of birth");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto half = form->optional_date("half", "the date of birth");
  ASSERT_FALSE(half) << "a day without its month and year is a mistake, not nothing";
  EXPECT_EQ(form->failed_field(), "half_day");
}

// A date-input directive in a template becomes a GOV.UK date input whose fields show the values
// named; everything around it, and a directive without a name, is left as it was.
TEST(Form, ADateInputDirectiveBecomesThreeLabelledFields) {
  std::string html = expand_date_inputs(
      R"(<p>before</p>{{!date-input name="on" legend="When it happened" small}}<p>after</p>{{!date-input legend="x"}})");
  EXPECT_TRUE(html.starts_with("<p>before</p><div class=\"govuk-form-group\">")) << html;
  EXPECT_NE(html.find("<p>after</p>{{!date-input legend=\"x\"}}"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">When it happened</legend>)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(aria-describedby="on-hint")"), std::string::npos);
  EXPECT_NE(html.find(R"(<div class="govuk-hint" id="on-hint">For example, 27 11 2026</div>)"), std::string::npos);
  for (const char* part : {"day", "month", "year"}) {
    EXPECT_NE(html.find(fmt::format(R"(<label class="govuk-label govuk-date-input__label" for="on_{}">)", part)),
              std::string::npos);
    EXPECT_NE(html.find(fmt::format(
                  R"(id="on_{0}" name="on_{0}" type="text" inputmode="numeric" value="{{{{form.on_{0}}}}}")", part)),
              std::string::npos)
        << part;
  }
  std::string shown = expand_date_inputs(R"({{!date-input name="move" values="move" legend="New date" hint=""}})");
  EXPECT_NE(shown.find(R"(value="{{move_year}}")"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("govuk-hint"), std::string::npos) << "hint=\"\" leaves the hint out";
  EXPECT_EQ(shown.find("aria-describedby"), std::string::npos);
  EXPECT_EQ(shown.find("legend--s"), std::string::npos);
}

TEST(Form, ChoicesSentAreKeptWhenTheFormIsShownAgain) {
  auto form = Form::parse("step=closed&outcome=withdrawn&agree=yes");
  ASSERT_TRUE(form);
  std::string page =
      R"(<input type="radio" name="step" value="reviewed"><input type="radio" name="step" value="closed">)"
      R"(<select id="o" name="outcome"><option value="">Choose</option><option value="other" selected>)"
      R"(Other</option><option value="withdrawn">Withdrawn</option></select>)"
      R"(<input type="checkbox" name="agree" value="yes"><select name="untouched"><option value="a" selected>A</option></select>)";
  EXPECT_EQ(
      keep_choices(page, *form),
      R"(<input type="radio" name="step" value="reviewed"><input type="radio" name="step" value="closed" checked>)"
      R"(<select id="o" name="outcome"><option value="">Choose</option><option value="other">)"
      R"(Other</option><option value="withdrawn" selected>Withdrawn</option></select>)"
      R"(<input type="checkbox" name="agree" value="yes" checked><select name="untouched"><option value="a" selected>A</option></select>)");
}

TEST(Words, StoredDaysAndTimesReadAsPeopleSayThem) {
  EXPECT_EQ(day_in_words("2026-11-23"), "23 November 2026");
  EXPECT_EQ(day_in_words("2026-11-23T14:21:15Z"), "23 November 2026") << "the day of a longer stored text";
  EXPECT_EQ(time_in_words("2026-11-23T14:21:15Z"), "23 November 2026 at 2:21pm") << "GMT in November";
  EXPECT_EQ(time_in_words("2026-07-01T09:05:00Z"), "1 July 2026 at 10:05am") << "British Summer Time";
  EXPECT_EQ(time_in_words("2026-07-01 09:00"), "1 July 2026 at 9am") << "already a London time";
  EXPECT_EQ(day_in_words(""), "");
  EXPECT_EQ(time_in_words("soon"), "soon") << "text that is no date is left as it is";
}

TEST(Words, TimesOfDayAreWrittenAndReadAsPeopleWriteThem) {
  EXPECT_EQ(clock_words("14:15"), "2:15pm");
  EXPECT_EQ(clock_words("10:00"), "10am");
  EXPECT_EQ(clock_words("09:05"), "9:05am");
  EXPECT_EQ(clock_words("12:00"), "midday");
  EXPECT_EQ(clock_words("12:30"), "12:30pm");
  EXPECT_EQ(clock_words("00:00"), "midnight");
  EXPECT_EQ(clock_words("00:45"), "12:45am");
  EXPECT_EQ(clock_words(""), "");
  EXPECT_EQ(clock_words("25:00"), "25:00") << "not a time: left as it is";

  for (auto [typed, meant] : {std::pair{"2:15pm", "14:15"}, std::pair{"2.15 PM", "14:15"}, std::pair{"10am", "10:00"},
                              std::pair{" 10 am ", "10:00"}, std::pair{"12pm", "12:00"}, std::pair{"12am", "00:00"},
                              std::pair{"midday", "12:00"}, std::pair{"Noon", "12:00"}, std::pair{"14:15", "14:15"},
                              std::pair{"9:05", "09:05"}, std::pair{"midnight", "00:00"}})
    EXPECT_EQ(parse_clock(typed).value_or("none"), meant) << typed;
  for (const char* wrong : {"13pm", "0am", "2:60pm", "14", "24:00", "2:5pm", "ten", "", "1:15:00"})
    EXPECT_FALSE(parse_clock(wrong).has_value()) << wrong;
}

// The finder pattern a camera looks for: a dark 7x7 ring, a light ring, a dark 3x3 centre.
bool finder_at(const std::vector<std::vector<bool>>& m, std::size_t top, std::size_t left) {
  for (std::size_t y = 0; y < 7; ++y)
    for (std::size_t x = 0; x < 7; ++x) {
      bool ring = y == 0 || y == 6 || x == 0 || x == 6;
      bool centre = y >= 2 && y <= 4 && x >= 2 && x <= 4;
      if (m[top + y][left + x] != (ring || centre)) return false;
    }
  return true;
}

TEST(QrCode, ASecondFactorsLinkIsDrawnAsAReadableSymbol) {
  std::string uri = "otpauth://totp/Haven:mgmt.ola?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Haven&digits=6&period=30";
  auto m = qr_modules(uri);
  ASSERT_FALSE(m.empty());
  std::size_t width = m.size();
  EXPECT_EQ((width - 21) % 4, 0u) << "a QR symbol is 21 modules wide and grows by 4 a version";
  EXPECT_GE(width, 33u) << "a link of this length needs version 4 or above at level M";
  for (const auto& row : m) EXPECT_EQ(row.size(), width);
  EXPECT_TRUE(finder_at(m, 0, 0));
  EXPECT_TRUE(finder_at(m, 0, width - 7));
  EXPECT_TRUE(finder_at(m, width - 7, 0));
  EXPECT_FALSE(finder_at(m, width - 7, width - 7)) << "three finders only, so the symbol has one way up";

  auto svg = qr_svg(uri, "A code for \"your\" app");
  std::size_t dark = 0, squares = 0;
  for (const auto& row : m) dark += std::count(row.begin(), row.end(), true);
  for (auto at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
  EXPECT_EQ(squares, dark) << "one square for each dark module";
  EXPECT_NE(svg.find(fmt::format("viewBox=\"0 0 {0} {0}\"", width + 8)), std::string::npos) << "a quiet zone of 4";
  EXPECT_NE(svg.find("aria-label=\"A code for &quot;your&quot; app\""), std::string::npos);
  EXPECT_TRUE(qr_svg(std::string(4000, 'x'), "too long").empty()) << "beyond what a symbol holds";
}

}  // namespace
}  // namespace haven::web
