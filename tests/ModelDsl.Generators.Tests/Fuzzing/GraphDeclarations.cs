using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// Valid graph models: layer properties wired by a [Forward] method, with one input (embedding, encoder, dense),
/// two (a shared embedding and encoder, joined along time by Ops.Concatenate), or attention between two sentences
/// (Ops.Dot, Ops.Softmax, Ops.Concatenate on features, DotAttention, Dropout, ForwardBoth of an unmerged
/// Bidirectional). Property, input and method names are drawn from pools holding keywords, lower-case names and
/// <c>Forward</c>, which once clashed in the output.
/// </summary>
public static class GraphDeclarations
{
    private static readonly Gen<string[]> PropertyNames =
        Gen.Shuffle(new[] { "Embed", "Encode", "Output", "output", "@class", "Head", "Forward", "lstm", "Classify", "@event" }, 3);

    private static readonly Gen<string[]> InputNames =
        Gen.Shuffle(new[] { "sentence", "tokens", "a", "b", "@in", "query", "x", "@event", "input", "Context" }, 2);

    private static readonly Gen<string> ForwardNames = Gen.OneOf("Forward", "Wire", "Run", "@return", "Call");

    public static readonly Gen<Declaration> Valid = Gen.Frequency<Declaration>((3, Encoders()), (2, Attention()));

    private static Gen<Declaration> Encoders() =>
        from ns in Names.Namespace
        from container in Names.Container
        from name in Names.Class
        from properties in PropertyNames.Where(p => !p.Contains(name)) // a member named like its class is the user's own error (CS0542)
        from inputs in InputNames.Where(i => !i.Intersect(properties).Any())
        from forward in ForwardNames.Where(f => !properties.Contains(f) && !inputs.Contains(f))
        from twoInputs in Gen.Bool
        from recurrent in Gen.OneOf("SimpleRNN", "GRU", "LSTM")
        from bidirectional in Gen.Bool
        from vocabulary in Gen.Int[2, 3000]
        from width in Gen.Int[1, 32]
        from units in Gen.Int[1, 32]
        from outputs in Gen.Int[1, 8]
        from lengths in Gen.Int[1, 30].Array[2]
        select Build(ns, container, name, properties, inputs, forward, twoInputs, recurrent, bidirectional, vocabulary, width, units, outputs, lengths);

    /// <summary>DESIGN.md's attention between two sentences, with its sizes, names and layer choices drawn at random.</summary>
    private static Gen<Declaration> Attention() =>
        from ns in Names.Namespace
        from container in Names.Container
        from name in Names.Class
        from properties in Gen.Shuffle(new[] { "Embed", "Encode", "Output", "output", "@class", "Attend", "Drop", "lstm", "Head", "@event" }, 5)
            .Where(p => !p.Contains(name))
        from inputs in Gen.Shuffle(new[] { "sentence1", "sentence2", "question", "passage", "@in", "x" }, 2)
            .Where(i => !i.Intersect(properties).Any())
        from forward in ForwardNames.Where(f => !properties.Contains(f))
        from recurrent in Gen.OneOf("GRU", "LSTM", "SimpleRNN")
        from unmerged in Gen.Bool
        from attention in Gen.OneOf("", "ConcatQuery = true", "Scale = true", "ConcatQuery = true, Scale = true")
        from sizes in Gen.Int[1, 24].Array[5]
        select BuildAttention(ns, container, name, properties, inputs, forward, recurrent, unmerged, attention, sizes);

    private static Declaration BuildAttention(
        string? ns, string? container, string name, string[] p, string[] inputs, string forward, string recurrent, bool unmerged, string attention, int[] sizes)
    {
        var (embed, encode, output, attend, drop) = (p[0], p[1], p[2], p[3], p[4]);
        var members = new List<string>
        {
            $"[Embedding({sizes[0] + 1}, {sizes[1]})] partial Embedding {embed} {{ get; }}",
            $"[Bidirectional(merge: {(unmerged ? "null" : "\"concat\"")})] [{recurrent}({sizes[2]}, ReturnSequences = true)] partial Bidirectional {encode} {{ get; }}",
            $"[DotAttention{(attention.Length == 0 ? "" : $"({attention})")}] partial DotAttention {attend} {{ get; }}",
            $"[Dropout(0.{sizes[3] % 10})] partial Dropout {drop} {{ get; }}",
            $"[Dense({sizes[4]}, Activation = \"tanh\")] partial Dense {output} {{ get; }}",
            "",
            "[Forward]",
            $"Tensor {forward}([Input({sizes[3]})] Tensor {inputs[0]}, [Input({sizes[4]})] Tensor {inputs[1]})",
            "{",
        };
        if (unmerged)
        {
            members.Add($"    var (ahead, behind) = {encode}.ForwardBoth({embed}.call({inputs[0]}));");
            members.Add("    var h1 = Ops.Concatenate(new[] { ahead, behind }, axis: 2);");
        }
        else
        {
            members.Add($"    var h1 = {encode}.call({embed}.call({inputs[0]}));");
        }

        if (unmerged)
        {
            members.Add($"    var (ahead2, behind2) = {encode}.ForwardBoth({embed}.call({inputs[1]}));");
            members.Add($"    var h2 = {drop}.call(Ops.Concatenate(new[] {{ ahead2, behind2 }}, axis: -1));");
        }
        else
        {
            members.Add($"    var h2 = {drop}.call({encode}.call({embed}.call({inputs[1]})));");
        }

        members.Add("    var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));");
        members.Add("    var context = Ops.Dot(weights, h1, axes: (2, 1));");
        members.Add($"    var attended = {attend}.call(context, h1);");
        members.Add($"    return {output}.call(Ops.Concatenate(attended, context));");
        members.Add("}");
        return new Declaration(ns, container, new[] { "[Model(Loss = \"mse\", Optimizer = \"rmsprop\")]" }, Names.Header(name), members);
    }

    private static Declaration Build(
        string? ns, string? container, string name, string[] properties, string[] inputs, string forward, bool twoInputs,
        string recurrent, bool bidirectional, int vocabulary, int width, int units, int outputs, int[] lengths)
    {
        var (embed, encode, head) = (properties[0], properties[1], properties[2]);
        var encoderType = bidirectional ? "Bidirectional" : recurrent;
        var encoderAttributes = (bidirectional ? "[Bidirectional(merge: \"concat\")] " : "") + $"[{recurrent}({units}{(twoInputs ? ", ReturnSequences = true" : "")})]";
        var members = new List<string>
        {
            $"[Embedding({vocabulary}, {width})] partial Embedding {embed} {{ get; }}",
            $"{encoderAttributes} partial {encoderType} {encode} {{ get; }}",
            $"[Dense({outputs})] partial Dense {head} {{ get; }}",
            "",
            "[Forward]",
        };

        if (twoInputs)
        {
            members.Add($"Tensor {forward}([Input({lengths[0]})] Tensor {inputs[0]}, [Input({lengths[1]})] Tensor {inputs[1]})");
            members.Add("{");
            members.Add($"    var first = {encode}.call({embed}.call({inputs[0]}));");
            members.Add($"    var second = {encode}.call({embed}.call({inputs[1]}));");
            members.Add($"    return {head}.call(Ops.Concatenate(first, second, axis: 1));");
            members.Add("}");
        }
        else
        {
            members.Add($"Tensor {forward}([Input({lengths[0]})] Tensor {inputs[0]}) => {head}.call({encode}.call({embed}.call({inputs[0]})));");
        }

        return new Declaration(ns, container, new[] { "[Model(Loss = \"mse\", Optimizer = \"adam\")]" }, Names.Header(name), members);
    }
}
