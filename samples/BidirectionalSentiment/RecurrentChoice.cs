using System;
using System.Collections.Generic;

namespace BidirectionalSentiment;

/// <summary>Reads <c>--recurrent SimpleRNN|GRU|LSTM</c> out of the arguments and leaves the rest for the model's command line.</summary>
internal static class RecurrentChoice
{
    public const string Lstm = "LSTM";
    public const string Gru = "GRU";
    public const string SimpleRnn = "SimpleRNN";
    private const string Option = "--recurrent";

    public static (string Recurrent, string[] Arguments) Take(string[] args)
    {
        var rest = new List<string>(args.Length);
        var recurrent = Lstm;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == Option)
            {
                recurrent = i + 1 < args.Length ? args[++i] : string.Empty;
            }
            else if (args[i].StartsWith(Option + "=", StringComparison.Ordinal))
            {
                recurrent = args[i][(Option.Length + 1)..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (recurrent, rest.ToArray());
    }

    /// <summary>Says what --recurrent accepts; exit code 2, as the generated command line uses for usage errors.</summary>
    public static int Usage(string given)
    {
        Console.Error.WriteLine($"--recurrent must be {SimpleRnn}, {Gru} or {Lstm} (case as written), got '{given}'.");
        return 2;
    }
}
