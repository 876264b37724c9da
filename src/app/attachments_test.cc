// What a file on the case record is: its type read from its bytes, its name checked, its
// checksum the SHA-256 of the bytes, its download name safe in a header.
#include "app/attachments.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

const std::string kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

TEST(Attachments, TheTypeIsReadFromTheBytes) {
  EXPECT_EQ(sniffContentType("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(sniffContentType(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "image/png");
  EXPECT_EQ(sniffContentType("\xff\xd8\xff\xe0JFIF"), "image/jpeg");
  EXPECT_EQ(sniffContentType(std::string("PK\x03\x04", 4) + "[Content_Types].xml word/document.xml"),
            kDocx);
  EXPECT_EQ(sniffContentType("From: Ada <a@example.org>\r\nSubject: Boiler\r\n\r\nStill broken"),
            "message/rfc822");
  EXPECT_EQ(sniffContentType("Phoned the resident: \xc2\xa3" "50 agreed.\n"), "text/plain");
  // An email needs a header line first; text that merely mentions one is text.
  EXPECT_EQ(sniffContentType("Note: she said From: the housing officer\n"), "text/plain");
}

TEST(Attachments, WhatCharterDoesNotKeepHasNoType) {
  EXPECT_EQ(sniffContentType(""), "");
  EXPECT_EQ(sniffContentType(std::string("PK\x03\x04", 4) + "xl/workbook.xml"), "");  // a spreadsheet
  EXPECT_EQ(sniffContentType(std::string("MZ\x90\0", 4)), "");                       // a program
  EXPECT_EQ(sniffContentType(std::string("text with a NUL \0 byte", 22)), "");
  EXPECT_EQ(sniffContentType("bad UTF-8 \xc3\x28"), "");
  EXPECT_EQ(sniffContentType("truncated \xe2\x82"), "");
}

TEST(Attachments, ChecksumIsSha256OfTheBytes) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Attachments, NamesAreCheckedAndMadeSafeForDownload) {
  EXPECT_TRUE(checkAttachmentName("Letter from Ada 2025-06-02.pdf"));
  for (const char* bad : {"", ".env", " lead", "a/b", "..\\x", "quote\".txt", "tab\t.txt"}) {
    auto s = checkAttachmentName(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().field, "name");
    EXPECT_EQ(s.error().rule, "format");
  }
  EXPECT_FALSE(checkAttachmentName(std::string(201, 'a')));
  EXPECT_EQ(safeFileName("Letter from Ada.pdf"), "Letter_from_Ada.pdf");
  EXPECT_EQ(safeFileName("a\"b\r\n.pdf"), "a_b__.pdf");
}

}  // namespace
}  // namespace charter
