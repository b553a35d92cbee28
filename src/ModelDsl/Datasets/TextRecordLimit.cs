using System;
using System.Globalization;
using System.Threading;

namespace ModelDsl.Datasets;

/// <summary>
/// The largest single record the text readers accept: a CSV record of <see cref="MovieReviews"/>, a line of the corpus
/// readers, one review file of aclImdb. A bigger one (a 1 GB "review", <c>/dev/zero</c>, a binary file given as text)
/// is refused with a message naming the file and line, instead of growing a buffer until the process runs out of
/// memory. The longest real review in the IMDb data is under 14,000 characters.
/// </summary>
internal static class TextRecordLimit
{
    /// <summary>16 Mi characters (or bytes, for readers that count bytes).</summary>
    public const int Default = 16 << 20;

    private static readonly AsyncLocal<int?> Lowered = new();

    /// <summary>The limit in force on this asynchronous flow.</summary>
    public static int Current => Lowered.Value ?? Default;

    /// <summary>
    /// Sets the limit to <paramref name="limit"/> for the current asynchronous flow until the result is disposed, so a
    /// test can prove the refusal with a few megabytes instead of gigabytes.
    /// </summary>
    internal static IDisposable LowerForTesting(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        int? previous = Lowered.Value;
        Lowered.Value = limit;
        return new Restore(previous);
    }

    /// <summary>The sentence the readers put in their message, e.g. "longer than 16,777,216 characters, the limit for one record".</summary>
    public static string Exceeded(int limit, string unit) =>
        $"longer than {limit.ToString("N0", CultureInfo.InvariantCulture)} {unit}, the limit for one record (is this the right file?)";

    private sealed class Restore : IDisposable
    {
        private readonly int? _previous;

        public Restore(int? previous) => _previous = previous;

        public void Dispose() => Lowered.Value = _previous;
    }
}
