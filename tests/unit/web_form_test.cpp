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
