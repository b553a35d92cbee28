using System.Collections.Generic;
using System.Linq;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// The member names a generated model class declares besides its layer fields (which step around taken names).
/// A user member or a class with one of these names would clash with the generated code.
/// </summary>
internal static class GeneratedNames
{
    private static readonly string[] Common =
    {
        "forward", "Summary", "TrainingOptions", "Training", "Fit", "Evaluate", "Predict", "Dispose", "_training", "Logits", "ResetStates", "Layers",
        "ExportOnnx", "WriteOnnxGraph",
        "Save", "Load", "LoadPredictor",
    };

    /// <summary>A stack's one input, as <c>forward</c> names it.</summary>
    public const string StackInput = "input";

    /// <summary>A stack's input signature property.</summary>
    public const string StackSignature = "InputSignature";

    /// <summary>A sequential model's: <see cref="Common"/>, its input signature, <c>RunAsync</c> and <c>Until</c>.</summary>
    public static IReadOnlyCollection<string> Sequential { get; } = new HashSet<string>(Common.Concat(new[] { StackSignature, "RunAsync", "Until" }));

    /// <summary>A graph model's: <see cref="Common"/> and one signature property per input.</summary>
    public static IReadOnlyCollection<string> Graph(IEnumerable<string> signatureProperties) => new HashSet<string>(Common.Concat(signatureProperties));

    /// <summary>What a generated member of this name is, for messages.</summary>
    public static string Describe(string name) => name switch
    {
        "forward" => "the module's forward method",
        "Dispose" => "the Dispose(bool) override that releases the training session",
        "_training" => "the field holding the training session",
        StackSignature => "the input signature property",
        "Logits" => "the method training reads logits from",
        "RunAsync" => "the command-line entry point",
        "ExportOnnx" => "the ONNX export method",
        "WriteOnnxGraph" => "the method that writes the forward pass into an ONNX graph",
        _ when name.EndsWith("Signature", System.StringComparison.Ordinal) => "an input signature property",
        _ => $"the {name} member",
    };

    /// <summary>
    /// <c>Sentence1Signature</c> for input <c>sentence1</c>. Inputs whose names differ only in their first letter's case
    /// (<c>a</c>, <c>A</c>) would share one; the later one gets a number, and the parser reports the clash.
    /// </summary>
    public static string SignatureProperty(string input) => KerasNames.Pascal(input) + "Signature";

    /// <summary>The signature property of each input, numbered where two would share one.</summary>
    public static IReadOnlyList<string> SignatureProperties(IEnumerable<string> inputs)
    {
        var used = new HashSet<string>();
        var names = new List<string>();
        foreach (var input in inputs)
        {
            var baseName = SignatureProperty(input);
            var name = baseName;
            for (var i = 2; !used.Add(name); i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Add(name);
        }

        return names;
    }
}
