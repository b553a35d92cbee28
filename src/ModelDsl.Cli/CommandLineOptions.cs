using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;

namespace ModelDsl.Cli;

/// <summary>
/// The options the commands of <see cref="ModelCommandLine"/> share, each with its own parsing and checks, so that a
/// bad value is one line naming the option, what it takes and what it got.
/// </summary>
internal static class CommandLineOptions
{
    /// <summary>Parses one option token into <paramref name="value"/>; <see langword="false"/> when it does not fit.</summary>
    public delegate bool TryParse<T>(string text, out T value);

    public static Option<string?> DataOption(bool required, string defaultNote = "") => FileOption(
        "--data",
        "Labelled texts: a CSV with the header 'review,sentiment' (sentiment 0 or 1), as Raschka's movie_data.csv; .csv or .csv.gz. "
            + "Or a Reuters R8 file (.txt; 'topic<TAB>text' lines, as r8-train-all-terms.txt; the 8 topics in sorted order are class ids 0 to 7)." + defaultNote,
        required);

    /// <summary><c>train</c>'s <c>--test-data</c>: a file of test texts in a format <c>--data</c> takes.</summary>
    public static Option<string?> TestDataOption() => FileOption(
        "--test-data",
        "Labelled texts to test on after training, in a format --data takes (e.g. R8's r8-test-all-terms.txt): never seen by the tokenizer "
            + "or training, evaluated once and written to test.json. Instead of --test-split.",
        required: false);

    private static Option<string?> FileOption(string name, string description, bool required)
    {
        var option = new Option<string?>(name)
        {
            Description = description,
            Required = required,
            HelpName = "file",
        };
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (string.IsNullOrEmpty(path))
            {
                result.AddError($"{name} needs a file name.");
            }
            else if (path.Contains('\0', StringComparison.Ordinal))
            {
                result.AddError($"{name} is not a usable file path (it contains a NUL character).");
            }
            else if (Directory.Exists(path))
            {
                result.AddError($"{name} names a folder, not a file: {Path.GetFullPath(path)}");
            }
            else if (!File.Exists(path))
            {
                result.AddError($"{name}: file not found: {Path.GetFullPath(path)}");
            }
        });
        return option;
    }

    public static Option<string> ModelOption(string defaultRun)
    {
        var option = new Option<string>("--model")
        {
            Description = "The run folder 'train' wrote (it holds manifest.json and model.mdsl).",
            DefaultValueFactory = _ => defaultRun,
            HelpName = "dir",
        };
        option.Validators.Add(result => ValidateFolder(result, "--model"));
        return option;
    }

    /// <summary>A folder option must name a path that is not a file (it need not exist yet).</summary>
    public static void ValidateFolder(OptionResult result, string name)
    {
        string? path = result.GetValueOrDefault<string?>();
        if (string.IsNullOrWhiteSpace(path))
        {
            result.AddError($"{name} needs a folder name, got '{path}'.");
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            result.AddError($"{name} is not a usable folder path: '{path}' ({ex.Message.TrimEnd('.')}).");
            return;
        }

        if (File.Exists(full))
        {
            result.AddError($"{name} names a file, not a folder: {full}");
        }
    }

    public static Option<int> PositiveOption(string name, int defaultValue, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseToken(result, name, "a positive whole number", (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value > 0),
    };

    public static Option<int?> LimitOption() =>
        OptionalPositiveOption("--limit", "a positive whole number", "Read only the first N texts of the file (of each file, with --test-data).");

    /// <summary>An optional whole number of at least 1; <paramref name="expected"/> says so in the error message.</summary>
    public static Option<int?> OptionalPositiveOption(string name, string expected, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result => ParseToken<int?>(result, name, expected, (string text, out int? value) =>
        {
            bool ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) && number > 0;
            value = number;
            return ok;
        }),
    };

    /// <summary>A fraction in [0, 1) of the reviews, such as a validation or test split.</summary>
    public static Option<double> FractionOption(string name, double defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        HelpName = "fraction",
        CustomParser = result => ParseToken(result, name, "a number in [0, 1)", (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0 && value < 1),
    };

    /// <summary>
    /// The value of an option's one token, or an error that names the option, what it takes and what it got
    /// (System.CommandLine's own conversion message names the .NET type instead).
    /// </summary>
    public static T ParseToken<T>(ArgumentResult result, string name, string expected, TryParse<T> tryParse)
    {
        if (result.Tokens.Count != 1)
        {
            // A missing or repeated value: the parser reports the arity error itself.
            return default!;
        }

        string text = result.Tokens[0].Value;
        if (tryParse(text, out T value))
        {
            return value;
        }

        result.AddError($"{name} must be {expected}, got '{text}'.");
        return default!;
    }
}
