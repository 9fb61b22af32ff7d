using System.Globalization;
using System.Text;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// One rule for every text a partner writes into a customer: trimmed; text that shows nothing (only spaces,
/// zero-width or formatting characters, combining marks with nothing to combine with) counts as blank; no control
/// characters; and lengths counted as a reader counts characters — an emoji, an accented letter or a flag is one,
/// however many UTF-16 code units it takes.
/// </summary>
public static class PartnerText
{
    /// <summary>The value trimmed, or null when it is absent or shows nothing.</summary>
    public static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || !ShowsSomething(trimmed) ? null : trimmed;
    }

    /// <summary>Characters as a reader counts them: extended grapheme clusters.</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    public static string TooLong(string field, int maxLength) =>
        $"{field} must be at most {maxLength} characters (counted as a reader counts them: an emoji or an accented letter is one).";

    /// <summary>What is wrong with a cleaned value of <paramref name="field"/>, or null when nothing is.</summary>
    public static ValidationError? Problem(string text, string field, int maxLength) =>
        text.Any(char.IsControl) ? CustomerErrors.Field(field, $"{field} must not contain control characters.")
        : Length(text) > maxLength ? CustomerErrors.Field(field, TooLong(field, maxLength))
        : null;

    private static bool ShowsSomething(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && !IsInvisible(rune))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Control or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        // Letters by category that render as blank space: Hangul fillers, the Braille blank.
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}
