using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// Valid graph models: layer properties wired by a [Forward] method, with one input (embedding, encoder, dense) or
/// two (a shared embedding and encoder, joined along time by Ops.Concatenate). Property, input and method names
/// are drawn from pools holding keywords, lower-case names and <c>Forward</c>, which once clashed in the output.
/// </summary>
public static class GraphDeclarations
{
    private static readonly Gen<string[]> PropertyNames =
        Gen.Shuffle(new[] { "Embed", "Encode", "Output", "output", "@class", "Head", "Forward", "lstm", "Classify", "@event" }, 3);

    private static readonly Gen<string[]> InputNames =
        Gen.Shuffle(new[] { "sentence", "tokens", "a", "b", "@in", "query", "x", "@event", "input", "Context" }, 2);

    private static readonly Gen<string> ForwardNames = Gen.OneOf("Forward", "Wire", "Run", "@return", "Call");

    public static readonly Gen<Declaration> Valid =
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
