// Classifies sentences with a trained ImdbLstm read from its model archive:
//   dotnet run --project samples/ImdbClassifier -- artifacts/runs/ImdbLstm/model.mdsl "a wonderful film" "dull and far too long"
// Without sentences after the path, reads one sentence per line from standard input.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ImdbClassifier;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: ImdbClassifier <model.mdsl> [sentence ...]   (no sentence: one per line on standard input)");
    return args.Length == 0 ? 2 : 0;
}

string[] sentences = args.Length > 1 ? args[1..] : ReadLines(Console.In);
try
{
    using var predictor = ImdbLstm.LoadPredictor(args[0]);
    float[] positive = predictor.PredictPositive(sentences);
    for (int i = 0; i < sentences.Length; i++)
    {
        string label = positive[i] >= 0.5f ? "positive" : "negative";
        Console.WriteLine($"{positive[i].ToString("0.0000", CultureInfo.InvariantCulture)}  {label}  {sentences[i]}");
    }

    return 0;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
{
    // A missing or damaged file, or a model of another declaration: the message names what and where.
    Console.Error.WriteLine($"ImdbClassifier: {ex.Message}");
    return 1;
}

static string[] ReadLines(TextReader input)
{
    var lines = new List<string>();
    while (input.ReadLine() is { } line)
    {
        if (line.Trim().Length > 0)
        {
            lines.Add(line);
        }
    }

    return lines.ToArray();
}
