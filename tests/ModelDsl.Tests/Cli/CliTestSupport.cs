// Helpers the command-line tests share: run a command into string writers, and small review files.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelDsl.Cli;
using Xunit;

namespace ModelDsl.Tests.Cli;

internal static class CliTestSupport
{
    private static readonly string[] PositiveWords = { "great", "wonderful", "loved", "excellent", "brilliant", "fun", "superb", "moving" };
    private static readonly string[] NegativeWords = { "awful", "boring", "hated", "terrible", "dull", "waste", "poor", "worst" };
    private static readonly string[] Filler = { "the", "movie", "film", "plot", "acting", "was", "and", "a", "story", "really", "cast", "it" };

    public static async Task<(int ExitCode, string Output, string Error)> Run(ModelDescription model, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = await ModelCommandLine.RunAsync(args, model, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static void AssertNoStackTrace((int ExitCode, string Output, string Error) run)
    {
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="count"/> short reviews, alternating positive and negative, each with three words of its
    /// sentiment among filler, some quoted with commas as in the real file.
    /// </summary>
    public static string ReviewsCsv(int count)
    {
        var csv = new StringBuilder("review,sentiment\n");
        for (int i = 0; i < count; i++)
        {
            bool positive = i % 2 == 0;
            string[] words = positive ? PositiveWords : NegativeWords;
            var text = new List<string>();
            for (int w = 0; w < 9; w++)
            {
                text.Add(w % 3 == 1 ? words[(i + w) % words.Length] : Filler[(i * 7 + w) % Filler.Length]);
            }

            string review = string.Join(' ', text);
            csv.Append(i % 5 == 0 ? $"\"{review}, truly\"" : review).Append(',').Append(positive ? '1' : '0').Append('\n');
        }

        return csv.ToString();
    }
}
