// Reading a submitted HTML form: decoding, trimming, required fields and length limits.
#include <gtest/gtest.h>

#include "web/form.hpp"
#include "web/page_support.hpp"

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
  EXPECT_EQ(time_in_words("2026-11-23T14:21:15Z"), "23 November 2026 at 14:21") << "GMT in November";
  EXPECT_EQ(time_in_words("2026-07-01T09:05:00Z"), "1 July 2026 at 10:05") << "British Summer Time";
  EXPECT_EQ(time_in_words("2026-07-01 09:05"), "1 July 2026 at 09:05") << "already a London time";
  EXPECT_EQ(day_in_words(""), "");
  EXPECT_EQ(time_in_words("soon"), "soon") << "text that is no date is left as it is";
}

}  // namespace
}  // namespace haven::web
