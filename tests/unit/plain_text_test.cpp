// plain_text_test.cpp: the one trimming and case-folding every importer uses.
#include <gtest/gtest.h>

#include "plugin/core/plain_text.hpp"

namespace psp {

TEST(PlainText, TrimmedDropsSpacesAndTabsAtBothEndsOnly) {
    EXPECT_EQ(trimmed("  E000123\t "), "E000123");
    EXPECT_EQ(trimmed("Patrol Squad 1"), "Patrol Squad 1");
    EXPECT_EQ(trimmed(" \t "), "");
    EXPECT_EQ(trimmed(""), "");
    // A line break is not trimmed: an importer reports it as a control character.
    EXPECT_EQ(trimmed("E000123\n"), "E000123\n");
}

TEST(PlainText, AsciiLowercasedLeavesOtherBytesAlone) {
    EXPECT_EQ(ascii_lowercased("Sworn"), "sworn");
    EXPECT_EQ(ascii_lowercased("TRUE"), "true");
    // UTF-8 bytes are not letters to fold: "É" stays as it came.
    EXPECT_EQ(ascii_lowercased("\xC3\x89quipe"), "\xC3\x89quipe");
}

}  // namespace psp
