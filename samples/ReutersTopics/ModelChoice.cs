using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ReutersTopics;

/// <summary>
/// Reads <c>--model dense|simplernn|lstm|gru</c> (the model class) out of the arguments and leaves the rest for the
/// model's command line. <c>evaluate</c> and <c>predict</c> also take <c>--model</c> for a run folder: a value that is
/// not one of the four names stays in the arguments, and the run folder's manifest names the class it was trained with.
/// </summary>
internal static class ModelChoice
{
    public const string Dense = "dense";
    public const string SimpleRnn = "simplernn";
    public const string Lstm = "lstm";
    public const string Gru = "gru";
    private const string Option = "--model";

    private static readonly Dictionary<string, string> ByClassName = new(StringComparer.Ordinal)
    {
        [nameof(ReutersDense)] = Dense,
        [nameof(ReutersSimpleRnn)] = SimpleRnn,
        [nameof(ReutersLstm)] = Lstm,
        [nameof(ReutersGru)] = Gru,
    };

    public static IReadOnlyCollection<string> Names => ByClassName.Values;

    /// <summary>The chosen model (<see langword="null"/> when no <c>--model</c> names one) and the other arguments.</summary>
    public static (string? Model, string[] Arguments) Take(string[] args)
    {
        var rest = new List<string>(args.Length);
        string? model = null;
        for (var i = 0; i < args.Length; i++)
        {
            string? value = OptionValue(args, i);
            if (value is not null && IsName(value))
            {
                model = value.ToLowerInvariant();
                i += args[i] == Option ? 1 : 0;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (model, rest.ToArray());
    }

    /// <summary>
    /// The model a run folder was trained with, for <c>evaluate --model runs/x</c>: its <c>manifest.json</c>'s
    /// <c>model</c>, when the arguments name a folder that has one and the class is one of this sample's.
    /// </summary>
    public static string? FromRunFolder(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            string? folder = OptionValue(args, i);
            string manifest = folder is null ? string.Empty : Path.Combine(folder, "manifest.json");
            if (folder is null || !File.Exists(manifest))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(manifest));
                if (document.RootElement.TryGetProperty("model", out JsonElement name)
                    && name.ValueKind == JsonValueKind.String
                    && ByClassName.TryGetValue(name.GetString()!, out string? model))
                {
                    return model;
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                // The model's own command line reads the manifest again and reports what is wrong with it.
            }
        }

        return null;
    }

    private static bool IsName(string value) => Names.Contains(value.ToLowerInvariant());

    /// <summary>The value of <c>--model</c> when <paramref name="args"/>[<paramref name="i"/>] is <c>--model value</c> or <c>--model=value</c>.</summary>
    private static string? OptionValue(string[] args, int i) =>
        args[i] == Option && i + 1 < args.Length ? args[i + 1]
        : args[i].StartsWith(Option + "=", StringComparison.Ordinal) ? args[i][(Option.Length + 1)..]
        : null;
}
