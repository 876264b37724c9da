// The GMime parser (mail/mime_parser.h) on the real messages in tests/mail: a multipart with
// attachments, an HTML-only message, an ISO-8859-1 body and encoded-word headers, UTF-8
// encoded words, a multipart without its boundary, a message without From, and bytes that
// are not an email at all; and the app side of mail-in that needs no database: finding a case
// reference in a subject, making a sender's file name safe.
#include "mail/mime_parser.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "app/attachments.h"
#include "mail/html_text.h"

namespace charter::mail {
namespace {

std::string fixture(const std::string& name) {
  const char* src = std::getenv("CHARTER_SOURCE_DIR");
  std::ifstream in(std::string(src != nullptr ? src : ".") + "/tests/mail/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MimeParser, MultipartWithAttachmentsGivesTextAndEachFile) {
  auto m = parseMessage(fixture("multipart_attachment.eml"));
  EXPECT_EQ(m.problem_rule, "");
  EXPECT_EQ(m.message_id, "20261207091355.4821@mail.example.org");
  EXPECT_EQ(m.from_name, "Amina Khan");
  EXPECT_EQ(m.from_address, "amina.khan@example.org");
  EXPECT_EQ(m.subject, "Damp in my bedroom, still not fixed");
  // Quoted-printable soft line breaks undone.
  EXPECT_NE(m.text.find("The mould is back on the wall"), std::string::npos) << m.text;
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].name, "doctor letter.pdf");
  EXPECT_EQ(m.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(m.attachments[0].bytes.substr(0, 5), "%PDF-");  // base64 decoded
  EXPECT_EQ(m.attachments[1].name, "setup.exe");
  EXPECT_EQ(m.attachments[1].bytes.substr(0, 2), "MZ");
}

TEST(MimeParser, HtmlOnlyIsReadAsText) {
  auto m = parseMessage(fixture("html_only.eml"));
  EXPECT_EQ(m.problem_rule, "");
  EXPECT_EQ(m.from_name, "Mr. Peter O'Neill");
  EXPECT_NE(m.text.find("until 3\u00a0am & the caretaker has not replied."), std::string::npos)
      << m.text;
  EXPECT_NE(m.text.find("Monday\nTuesday"), std::string::npos) << m.text;
  EXPECT_EQ(m.text.find("alert"), std::string::npos);      // no script
  EXPECT_EQ(m.text.find("color"), std::string::npos);      // no style
  EXPECT_EQ(m.text.find("Ignore me"), std::string::npos);  // no head
  EXPECT_EQ(m.text.find('<'), std::string::npos);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParser, OtherCharsetsAreConvertedToUtf8) {
  auto m = parseMessage(fixture("latin1.eml"));
  EXPECT_EQ(m.problem_rule, "");
  EXPECT_EQ(m.from_name, "Ren\u00e9e Dupr\u00e9");
  EXPECT_EQ(m.subject, "R\u00e9paration du chauffage");
  EXPECT_NE(m.text.find("d\u00e9cembre"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("\u00a340"), std::string::npos) << m.text;
}

TEST(MimeParser, EncodedWordsAreDecoded) {
  auto m = parseMessage(fixture("encoded_subject.eml"));
  EXPECT_EQ(m.subject, "Cwyn \u2013 the boiler is broken");
  EXPECT_EQ(m.from_name, "Si\u00f4n Jones");
  EXPECT_EQ(m.from_address, "sion.jones@example.cymru");
}

TEST(MimeParser, AMultipartWithoutBoundaryIsMalformed) {
  auto m = parseMessage(fixture("malformed.eml"));
  EXPECT_EQ(m.problem_rule, "malformed");
  EXPECT_NE(m.problem.find("no boundary"), std::string::npos) << m.problem;
  EXPECT_EQ(m.message_id, "malformed-1@example.org");  // still read, for the log
}

TEST(MimeParser, NoFromAddressIsNamed) {
  auto m = parseMessage(fixture("no_from.eml"));
  EXPECT_EQ(m.problem_rule, "no-from");
  EXPECT_EQ(m.subject, "Anonymous note");
}

TEST(MimeParser, BytesThatAreNotAnEmailAreMalformed) {
  EXPECT_EQ(parseMessage("").problem_rule, "malformed");
  EXPECT_EQ(parseMessage("just a line of text\n").problem_rule, "malformed");
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919 + 13) % 256);
  EXPECT_EQ(parseMessage(noise).problem_rule, "malformed");
}

TEST(MimeParser, AnAttachedEmailIsKeptWhole) {
  const std::string raw =
      "From: A <a@example.org>\r\nSubject: Fwd: old\r\nMessage-ID: <fwd-1@example.org>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
      "--b\r\nContent-Type: message/rfc822\r\n\r\n"
      "From: B <b@example.org>\r\nSubject: The first one\r\n\r\nOld text.\r\n"
      "--b--\r\n";
  auto m = parseMessage(raw);
  EXPECT_EQ(m.problem_rule, "");
  EXPECT_EQ(m.text.substr(0, 10), "See below.");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].name, "The first one.eml");
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
  EXPECT_NE(m.attachments[0].bytes.find("Old text."), std::string::npos);
}

TEST(HtmlText, BlocksBreakLinesAndEntitiesAreDecoded) {
  EXPECT_EQ(htmlToText("<div>One</div><div>Two &pound;5</div>"), "One\nTwo \u00a35");
  EXPECT_EQ(htmlToText(""), "");
  EXPECT_EQ(htmlToText("<p>  lots   of\n space </p>"), "lots of space");
}

}  // namespace
}  // namespace charter::mail

namespace charter {
namespace {

TEST(MailIn, TheSubjectsCaseReferenceIsFound) {
  EXPECT_EQ(caseReferenceIn("Re: Your complaint CH-000123 acknowledged"), 123);
  EXPECT_EQ(caseReferenceIn("RE: [ch-42] still waiting"), 42);
  EXPECT_EQ(caseReferenceIn("CH-7"), 7);
  EXPECT_EQ(caseReferenceIn("No reference here"), 0);
  EXPECT_EQ(caseReferenceIn("ARCH-000123"), 0);    // part of a word
  EXPECT_EQ(caseReferenceIn("CH-000123abc"), 0);   // not a whole reference
  EXPECT_EQ(caseReferenceIn("CH-000000"), 0);
  EXPECT_EQ(caseReferenceIn("CH-x CH-9"), 9);      // the first that is one
}

TEST(MailIn, SendersFileNamesAreMadeSafe) {
  EXPECT_EQ(mailFileName("doctor letter.pdf", "attachment-1"), "doctor letter.pdf");
  EXPECT_EQ(mailFileName("../../etc/passwd", "attachment-1"), "_.._etc_passwd");
  EXPECT_EQ(mailFileName(".hidden", "attachment-1"), "hidden");
  EXPECT_EQ(mailFileName("", "attachment-2"), "attachment-2");
  EXPECT_EQ(mailFileName("photo\xc3\xa9.jpg", "a"), "photo__.jpg");
  EXPECT_EQ(mailFileName(std::string(300, 'a') + ".pdf", "a").size(), 200u);
  EXPECT_TRUE(checkAttachmentName(mailFileName(std::string(300, 'a') + ".pdf", "a")));
}

}  // namespace
}  // namespace charter
