// Sealed fields open only with a permit for their own family and item, and only with the
// right key; the key store refuses a master key that is not its own.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "policy/decision.hpp"
#include "support/temp_workspace.hpp"

namespace haven::crypto {
namespace {

using policy::Item;

class SealedTest : public ::testing::Test {
 protected:
  policy::Permit permit_for(const std::string& family, Item item, policy::Action action = policy::Action::view) {
    policy::AccessRequest r;
    r.action = action;
    r.actor = {"stf_c", "ctr_1", policy::Role::coordinator, policy::DbsLevel::enhanced, std::chrono::floor<std::chrono::days>(now()) - std::chrono::days{30}, false, false, {}, {}, {}};
    r.item = item;
    r.family_id = family;
    auto d = dp_.decide(r);
    EXPECT_TRUE(d.permit);
    return *d.permit;
  }
  // A cipher for `family` from a key store of this test's own.
  FamilyCipher cipher(const std::string& family) {
    auto made = keys_->create_family_cipher(family);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }
  policy::Preset preset_ = haven::testing::shipped_preset("birmingham");
  policy::DecisionPoint dp_{preset_};
  haven::testing::TempDir dir_;
  std::unique_ptr<KeyStore> keys_ = std::move(*KeyStore::open(dir_.file("t.keys"), dir_.file("t.master"), true));
  FamilyCipher a_ = cipher("fam_a");
};

TEST_F(SealedTest, OpensWithItsOwnPermitAndKey) {
  auto field = a_.seal(Item::address, "per_1", "14 Larkspur Row");
  EXPECT_EQ(field.ciphertext().find("Larkspur"), std::string::npos);
  auto opened = a_.open(permit_for("fam_a", Item::address), field);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, "14 Larkspur Row");
}

TEST_F(SealedTest, RefusesAPermitForAnotherFamilyOrItem) {
  auto field = a_.seal(Item::address, "per_1", "14 Larkspur Row");
  auto other_family = a_.open(permit_for("fam_b", Item::address), field);
  ASSERT_FALSE(other_family);
  EXPECT_EQ(other_family.error().kind, ErrorKind::denied);
  EXPECT_FALSE(a_.open(permit_for("fam_a", Item::phone), field));
  // Another family's cipher refuses the field even with a permit for that other family.
  auto b = cipher("fam_b");
  auto wrong_cipher = b.open(permit_for("fam_b", Item::address), field);
  ASSERT_FALSE(wrong_cipher);
  EXPECT_EQ(wrong_cipher.error().kind, ErrorKind::denied);
}

// A parent's permit in the portal reaches their own details, not another person's of the family,
// whatever the code that asks; a member of staff's reaches the family's people as decided.
TEST_F(SealedTest, AParentsPermitOpensTheirOwnDetailsOnly) {
  policy::AccessRequest r;
  r.actor.kind = policy::ActorKind::parent;
  r.actor.id = "per_1";
  r.actor.centre_id = "ctr_1";
  r.actor.family_id = "fam_a";
  r.item = Item::first_name;
  r.purpose = policy::Purpose::subject_access;
  r.centre_id = "ctr_1";
  r.family_id = "fam_a";
  r.facts.subject_person_id = "per_1";
  auto d = dp_.decide(r);
  ASSERT_TRUE(d.permit) << d.reason;
  EXPECT_EQ(d.permit->person(), "per_1");
  auto own = a_.open(*d.permit, a_.seal(Item::first_name, "per_1", "Imogen"));
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(*own, "Imogen");
  auto other = a_.open(*d.permit, a_.seal(Item::first_name, "per_2", "Jasper"));
  ASSERT_FALSE(other) << "the other parent's name, under her permit";
  EXPECT_EQ(other.error().kind, ErrorKind::denied);
  auto staff = permit_for("fam_a", Item::first_name);
  EXPECT_TRUE(staff.person().empty());
  EXPECT_TRUE(a_.open(staff, a_.seal(Item::first_name, "per_2", "Jasper")));
}

// A permit to write a record (a new note, an arrival) is not one to read what is stored.
TEST_F(SealedTest, RefusesAPermitGivenForWriting) {
  auto field = a_.seal(Item::session_note, "not_1", "Marcus arrived on time");
  auto written = a_.open(permit_for("fam_a", Item::session_note, policy::Action::record), field);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::denied);
  EXPECT_TRUE(a_.open(permit_for("fam_a", Item::session_note, policy::Action::export_copy), field));
}

TEST_F(SealedTest, WrongKeyOrMovedCiphertextFailsIntegrity) {
  auto field = a_.seal(Item::phone, "per_1", "01632 960001");
  // The same family id under a rotated key: the old ciphertext fails its integrity check.
  auto rotated = keys_->begin_rotation("fam_a");
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->fingerprint(), a_.fingerprint());
  auto wrong_key = rotated->open(permit_for("fam_a", Item::phone), field);
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error().kind, ErrorKind::integrity);
  // The same ciphertext copied onto another person's row does not open.
  EXPECT_FALSE(a_.open(permit_for("fam_a", Item::phone), Item::phone, "per_2", field.ciphertext()));
  // A flipped character is caught.
  auto text = field.ciphertext();
  text[text.size() / 2] = text[text.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(a_.open(permit_for("fam_a", Item::phone), Item::phone, "per_1", text));
}

TEST_F(SealedTest, SameValueSealsDifferentlyEachTime) {
  auto a = a_.seal(Item::surname, "per_1", "Pemberton");
  auto b = a_.seal(Item::surname, "per_1", "Pemberton");
  EXPECT_NE(a.ciphertext(), b.ciphertext());
}

TEST(BlindIndex, NormalisesNamesAndDependsOnKeyAndCentre) {
  auto key = SecretKey::random();
  EXPECT_EQ(blind_index(key, "ctr_1", "Joanna  Pemberton"), blind_index(key, "ctr_1", " joanna pemberton "));
  EXPECT_NE(blind_index(key, "ctr_1", "Joanna Pemberton"), blind_index(key, "ctr_1", "Joanne Pemberton"));
  EXPECT_NE(blind_index(key, "ctr_1", "Joanna Pemberton"), blind_index(key, "ctr_2", "Joanna Pemberton"));
  EXPECT_NE(blind_index(key, "ctr_1", "Joanna Pemberton"), blind_index(SecretKey::random(), "ctr_1", "Joanna Pemberton"));
}

TEST_F(SealedTest, FamilyKeysSurviveReopeningAndNeedTheirMasterKey) {
  haven::testing::TempDir dir;
  std::string keys = dir.file("k.keys"), master = dir.file("k.master");
  std::string hex, sealed;
  {
    auto store = KeyStore::open(keys, master, true);
    ASSERT_TRUE(store) << store.error().message;
    auto cipher = (*store)->create_family_cipher("fam_a");
    ASSERT_TRUE(cipher);
    hex = cipher->fingerprint();
    sealed = cipher->seal(Item::address, "per_1", "14 Larkspur Row").ciphertext();
    EXPECT_FALSE((*store)->family_cipher("fam_missing"));
  }
  {
    auto store = KeyStore::open(keys, master, false);
    ASSERT_TRUE(store) << store.error().message;
    auto cipher = (*store)->family_cipher("fam_a");
    ASSERT_TRUE(cipher);
    EXPECT_EQ(cipher->fingerprint(), hex);
    EXPECT_EQ(cipher->open(permit_for("fam_a", Item::address), Item::address, "per_1", sealed).value(), "14 Larkspur Row");
  }
  // Another master key is refused rather than producing garbage.
  std::filesystem::remove(master);
  {
    std::ofstream out(master);
    out << SecretKey::random().to_hex() << "\n";
  }
  auto wrong = KeyStore::open(keys, master, false);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::integrity);
}

TEST(KeyStore, MasterKeyFileIsPrivate) {
  haven::testing::TempDir dir;
  ASSERT_TRUE(KeyStore::open(dir.file("k.keys"), dir.file("k.master"), true));
  auto perms = std::filesystem::status(dir.file("k.master")).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

TEST(Signatures, VerifyOnlyTheSignedMessage) {
  haven::testing::TempDir dir;
  auto store = KeyStore::open(dir.file("k.keys"), dir.file("k.master"), true);
  ASSERT_TRUE(store);
  auto sig = (*store)->sign("checkpoint 64");
  EXPECT_TRUE(verify_signature((*store)->public_key_hex(), "checkpoint 64", sig));
  EXPECT_FALSE(verify_signature((*store)->public_key_hex(), "checkpoint 65", sig));
}

}  // namespace
}  // namespace haven::crypto
