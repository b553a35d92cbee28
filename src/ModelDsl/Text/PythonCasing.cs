using System;
using System.Globalization;
using System.Text;

namespace ModelDsl.Text;

/// <summary>The parts of Python's <c>str.lower</c> that .NET's invariant casing does not do by itself.</summary>
internal static class PythonCasing
{
    /// <summary>Unicode simple lower-case mapping (what Python applies, apart from U+0130 and final sigma).</summary>
    public static int SimpleLower(int codePoint) =>
        codePoint < 0x10000
            ? char.ToLowerInvariant((char)codePoint)
            : Rune.ToLowerInvariant(new Rune(codePoint)).Value;

    /// <summary>
    /// CPython's Final_Sigma test for the capital sigma at <paramref name="index"/>: preceded by a cased letter
    /// (skipping case-ignorable characters) and not followed by one.
    /// </summary>
    public static bool IsFinalSigma(string text, int index)
    {
        int j = index;
        int before;
        do
        {
            if (j == 0)
            {
                return false;
            }

            before = ReadCodePointBefore(text, ref j);
        }
        while (IsCaseIgnorable(before));

        if (!IsCased(before))
        {
            return false;
        }

        j = index + 1;
        while (j < text.Length)
        {
            int after = WordSplitter.ReadCodePoint(text, ref j);
            if (!IsCaseIgnorable(after))
            {
                return !IsCased(after);
            }
        }

        return true;
    }

    private static int ReadCodePointBefore(string s, ref int index)
    {
        char c = s[--index];
        if (char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(s[index - 1]))
        {
            index--;
            return char.ConvertToUtf32(s[index], c);
        }

        return c;
    }

    // Unicode Case_Ignorable: Mn, Me, Cf, Lm, Sk, and Word_Break MidLetter, MidNumLet and Single_Quote.
    private static bool IsCaseIgnorable(int codePoint)
    {
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol)
        {
            return true;
        }

        return codePoint is 0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019
            or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }

    // Unicode Cased: Lu, Ll, Lt, and the Other_Uppercase / Other_Lowercase characters that are not already
    // case-ignorable (ordinals, Roman numerals, circled and squared letters).
    private static bool IsCased(int codePoint)
    {
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter)
        {
            return true;
        }

        return codePoint is 0xAA or 0xBA
            or (>= 0x2160 and <= 0x217F)
            or (>= 0x24B6 and <= 0x24E9)
            or (>= 0x1F130 and <= 0x1F149)
            or (>= 0x1F150 and <= 0x1F169)
            or (>= 0x1F170 and <= 0x1F189);
    }
}
