using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// One mistake applied to a valid declaration, each with the id it must be reported under; plus random
/// replacements of one number, whose right diagnostic is not known but which must never crash or cascade.
/// </summary>
public static class Mutations
{
    /// <summary>An integer literal, not part of a name or a number, and not negated (replacing the 1 of -1 by -1 would write --1).</summary>
    private static readonly Regex Integer = new(@"(?<![\w.\-])\d+(?![\w.])", RegexOptions.Compiled);

    private static readonly Regex StringLiteral = new(@"""[^""\n]*""", RegexOptions.Compiled);

    private static readonly Gen<string> OddString = Gen.OneOf("null", "\"\"", "\"RELU\"", "\"softmax\"", "\"sigmod\"", "\" \"", "\"lstm\"", "\"concat\"", "\"float64\"");

    private static readonly Gen<string> ExtremeInteger = Gen.OneOf("0", "-1", "-2147483648", "2147483647", "1073741824", "2000000000", "65536");

    /// <summary>Mistakes any model can make in its class declaration.</summary>
    private static IEnumerable<Gen<FuzzCase>> ClassMistakes(Declaration d, string name, string kind)
    {
        // A graph model's partial properties need a partial class (CS0751, and then nothing can implement them: CS9248) and an
        // instance one (CS0708): the user's errors, which no generator could avoid.
        var graph = kind == "graph";
        yield return Gen.Const(FuzzCase.Expecting("MDSL0001", $"{kind}: not partial", (d with { Header = d.Header.Replace("partial ", "") }).Render())
            with { AllowedCompilerErrors = graph ? new[] { "CS0751", "CS9248" } : Array.Empty<string>() });
        yield return Gen.OneOf("public partial record", "public partial record class", "public abstract partial class", "public static partial class").Select(header =>
            FuzzCase.Expecting("MDSL0009", $"{kind}: {header}", (d with { Header = d.Header.Replace("public partial class", header) }).Render())
                with { AllowedCompilerErrors = graph && header.Contains("static") ? new[] { "CS0708" } : Array.Empty<string>() });
        yield return Gen.Const(FuzzCase.Expecting("MDSL0005", $"{kind}: base class", (d with { Header = d.Header + " : global::System.Exception" }).Render()));
        yield return Gen.Const(FuzzCase.Expecting("MDSL0006", $"{kind}: generic", (d with { Header = d.Header + "<T>" }).Render()));
        yield return Gen.OneOf($"public {name}() {{ }}", $"public {name}(int size) {{ }}").Select(ctor =>
            FuzzCase.Expecting("MDSL0019", $"{kind}: constructor", d.WithMembers(d.Members.Append(ctor)).Render()));
        yield return Gen.Const(FuzzCase.Expecting("MDSL0019", $"{kind}: primary constructor", (d with { Header = d.Header + "(int size)" }).Render()));
        // Only sequential models are named var: in a graph model the class would turn the user's own 'var' locals into
        // that type (CS0029, CS8136, …), the name's fault and not the generator's.
        yield return Gen.OneOf(graph ? new[] { "Summary", "Training", "Predict", "TrainingOptions", "nameof" } : new[] { "Summary", "Training", "Predict", "TrainingOptions", "var", "nameof" })
            .Select(clash => FuzzCase.Expecting("MDSL0020", $"{kind}: class named {clash}", (d with { Header = Names.Header(clash) }).Render()));
        yield return Gen.OneOf(
                "public int Fit;", "private readonly object? _training;", "protected override void Dispose(bool disposing) { }",
                "public void Evaluate() { }", "public static int TrainingOptions => 0;")
            .Select(member => FuzzCase.Expecting("MDSL0020", $"{kind}: member clash", d.WithMembers(d.Members.Append(member)).Render()));
        yield return Gen.OneOf("double.PositiveInfinity", "double.NaN", "double.NegativeInfinity").Select(value =>
            FuzzCase.Expecting("MDSL0018", $"{kind}: non-finite option", d.WithAttributes(d.Attributes.Select((a, i) => i == 0 ? Regex.Replace(a, @", ClipNorm = [\d.]+", "").Replace("[Model(", $"[Model(ClipNorm = {value}, ") : a)).Render()));
        yield return Gen.Const(new FuzzCase(
            $"{kind}: [Model] twice", new[] { (d with { Extra = $"[Model] {d.Header};" }).Render() }, null, true, new[] { "CS0579" }));
        yield return RandomNumber(d, kind);
        yield return RandomString(d, kind);
    }

    /// <summary>One string literal of the declaration (an activation, a loss, a merge mode, …) replaced by an odd one, or null.</summary>
    private static Gen<FuzzCase> RandomString(Declaration d, string kind)
    {
        var text = d.Render();
        var matches = StringLiteral.Matches(text);
        return matches.Count == 0
            ? Gen.Const(FuzzCase.Unjudged($"{kind}: as is", text))
            : Gen.Select(Gen.Int[0, matches.Count - 1], OddString, (index, value) =>
            {
                var before = text.Substring(0, matches[index].Index);
                // A lone null in new[] { … } leaves the array without a type (CS0826): the user's code would not compile at all.
                var typed = value == "null" && before.EndsWith("new[] { ", StringComparison.Ordinal) ? "(string?)null" : value;
                return FuzzCase.Unjudged($"{kind}: string replaced", before + typed + text.Substring(matches[index].Index + matches[index].Length));
            });
    }

    /// <summary>One integer literal of the declaration replaced by an extreme value.</summary>
    private static Gen<FuzzCase> RandomNumber(Declaration d, string kind)
    {
        var text = d.Render();
        var matches = Integer.Matches(text);
        return matches.Count == 0
            ? Gen.Const(FuzzCase.Unjudged($"{kind}: as is", text))
            : Gen.Select(Gen.Int[0, matches.Count - 1], ExtremeInteger, (index, value) =>
                FuzzCase.Unjudged($"{kind}: number replaced", text.Substring(0, matches[index].Index) + value + text.Substring(matches[index].Index + matches[index].Length)));
    }

    public static Gen<FuzzCase> Sequential(Declaration d, string name)
    {
        var layers = d.Attributes.Skip(1).ToList();
        var model = d.Attributes[0];
        var input = layers[0];
        var output = layers[layers.Count - 1];
        Declaration With(IEnumerable<string> newLayers) => d.WithAttributes(new[] { model }.Concat(newLayers));

        var mistakes = ClassMistakes(d, name, "sequential").ToList();
        mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0002", "sequential: no [Input]", With(layers.Skip(1)).Render())));
        mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0003", "sequential: [Input] below a layer", With(new[] { layers[1], input }.Concat(layers.Skip(2))).Render())));
        mistakes.Add(Gen.OneOf("0", "-3").Select(units => FuzzCase.Expecting(
            "MDSL0012", "sequential: output size not positive", With(layers.Take(layers.Count - 1).Append(Regex.Replace(output, @"Dense\(\d+", $"Dense({units}"))).Render())));
        mistakes.Add(Gen.OneOf("1.5", "-0.1", "double.NaN").Select(rate => FuzzCase.Expecting(
            "MDSL0013", "sequential: dropout rate", With(layers.Take(layers.Count - 1).Append($"[Dropout({rate})]").Append(output)).Render())));
        mistakes.Add(Gen.OneOf("[Input(0)]", "[Input(null)]", "[Input]", "[Input(-5)]").Select(bad => FuzzCase.Expecting(
            "MDSL0014", "sequential: input shape", With(new[] { bad }.Concat(layers.Skip(1))).Render())));
        mistakes.Add(Gen.Const(FuzzCase.Expecting(
            "MDSL0015", "sequential: learning rate", d.WithAttributes(new[] { Regex.Replace(model, @", LearningRate = [\d.]+", "").Replace("[Model(", "[Model(LearningRate = -1, ") }.Concat(layers)).Render())));
        mistakes.Add(Gen.Const(FuzzCase.Expecting(
            "MDSL0010", "sequential: unknown activation", With(layers.Take(layers.Count - 1).Append("[Dense(3, Activation = \"sigmod\")]")).Render())));
        // Right after a recurrent layer (Dropout and Activation pass its output on) the fix is ReturnSequences there: MDSL0101;
        // else the rank: MDSL0100.
        var above = layers.Take(layers.Count - 1).LastOrDefault(l => !l.StartsWith("[Dropout", StringComparison.Ordinal) && !l.StartsWith("[Activation", StringComparison.Ordinal)) ?? "";
        var afterRecurrent = Regex.IsMatch(above, @"^\[(SimpleRNN|GRU|LSTM)\(");
        mistakes.Add(Gen.Const(FuzzCase.Expecting(
            afterRecurrent ? "MDSL0101" : "MDSL0100", "sequential: recurrent layer given rank 2",
            With(layers.Take(layers.Count - 1).Append("[LSTM(4)]").Append(output)).Render())));
        return Gen.OneOf<FuzzCase>(mistakes.ToArray());
    }

    public static Gen<FuzzCase> Graph(Declaration d, string name)
    {
        var text = d.Render();
        var mistakes = ClassMistakes(d, name, "graph").ToList();
        mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0014", "graph: [Input(null)]", ReplaceFirst(text, new Regex(@"\[Input\(\d+\)\]"), "[Input(null)]"))));
        mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0301", "graph: parameter without [Input]", ReplaceFirst(text, new Regex(@"\[Input\(\d+\)\] "), ""))));
        mistakes.Add(Gen.OneOf("Training", "TrainingOptions").Select(forward => FuzzCase.Expecting(
            "MDSL0020", "graph: [Forward] named like a generated member", Regex.Replace(text, @"(?<=\[Forward\]\s*Tensor )[@\w]+", forward))));
        mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0302", "graph: property of the wrong type", ReplaceFirst(text, new Regex(@"partial Dense "), "partial Embedding "))));
        var parameters = Regex.Matches(text, @"\[Input\((\d+)\)\] Tensor ([@\w]+)");
        if (parameters.Count == 2)
        {
            var first = parameters[0].Groups[2].Value.TrimStart('@');
            var twin = char.IsUpper(first[0]) ? char.ToLowerInvariant(first[0]) + first.Substring(1) : char.ToUpperInvariant(first[0]) + first.Substring(1);
            mistakes.Add(Gen.Const(FuzzCase.Expecting(
                "MDSL0304", "graph: inputs differing only in case",
                Regex.Replace(text, $@"(?<![\w@]){Regex.Escape(parameters[1].Groups[2].Value)}(?!\w)", twin))));
            mistakes.Add(Gen.Const(FuzzCase.Expecting("MDSL0305", "graph: the project's own ModelDsl.Ops", text, ProjectOps)));
        }

        if (text.Contains("axis: 1)", StringComparison.Ordinal))
        {
            mistakes.Add(Gen.Const(FuzzCase.Expecting(
                "MDSL0311", "graph: concatenated length past int", Regex.Replace(text, @"\[Input\(\d+\)\]", "[Input(2000000000)]"))));
        }

        return Gen.OneOf<FuzzCase>(mistakes.ToArray());
    }

    /// <summary>
    /// A <c>ModelDsl.Ops</c> declared in the project, with every member the library's has (so the user's code binds) and
    /// a defaulted Tensor parameter, which once overflowed the compiler's stack.
    /// </summary>
    private const string ProjectOps = """
        namespace ModelDsl
        {
            using System.Collections.Generic;
            using static TorchSharp.torch;

            public static class Ops
            {
                public static Tensor Dot(Tensor a, Tensor b, int axes, Tensor? unused = null) => a;
                public static Tensor Dot(Tensor a, Tensor b, (int A, int B) axes) => a;
                public static Tensor Softmax(Tensor x, int axis = -1) => x;
                public static Tensor Concatenate(Tensor a, Tensor b, int axis = -1) => a;
                public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, int axis = -1) => tensors[0];
                public static Tensor Add(Tensor a, Tensor b) => a;
            }
        }
        """;

    private static string ReplaceFirst(string text, Regex pattern, string replacement) => pattern.Replace(text, replacement, 1);
}
