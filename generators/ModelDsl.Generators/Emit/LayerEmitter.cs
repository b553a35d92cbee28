using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// Per layer kind: the module that holds its weights (ModelDsl's Keras-semantics layers in
/// <c>ModelDsl.Layers</c>, TorchSharp's own for Dropout and Flatten), how it is built, and its forward statements.
/// </summary>
internal static class LayerEmitter
{
    private const string Layers = "global::ModelDsl.Layers";

    /// <summary>The field's type, or <c>null</c> for layers without a module (Activation).</summary>
    public static string? FieldType(LayerSpec spec) => spec switch
    {
        EmbeddingSpec => $"{Layers}.Embedding",
        RecurrentSpec recurrent => RecurrentEmitter.FieldType(recurrent),
        BidirectionalSpec => $"{Layers}.Bidirectional",
        DenseSpec => $"{Layers}.Dense",
        DropoutSpec => "global::TorchSharp.Modules.Dropout",
        FlattenSpec => "global::TorchSharp.Modules.Flatten",
        _ => null,
    };

    /// <summary>The expression assigned to the field (target-typed where the field's type says what it builds).</summary>
    public static string? Construction(LayerPlan layer) => layer.Spec switch
    {
        EmbeddingSpec e => $"new({Arguments(Int(e.InputDim), Int(e.OutputDim), e.MaskZero ? "maskZero: true" : null, e.Trainable ? null : "trainable: false")})",
        RecurrentSpec r => $"new({RecurrentEmitter.Arguments(r, layer.Input)})",
        BidirectionalSpec b => $"new(new {RecurrentEmitter.FieldType(b.Layer)}({RecurrentEmitter.Arguments(b.Layer, layer.Input)}), {Layers}.BidirectionalMerge.{b.Merge})",
        DenseSpec d => $"new({Arguments(Int(layer.Input.Shape.Last.Size), Int(d.Units), d.Activation == Activation.Linear ? null : $"\"{d.Activation.KerasName()}\"", d.UseBias ? null : "useBias: false")})",
        DropoutSpec d => $"global::TorchSharp.torch.nn.Dropout({d.Rate.ToString("R", CultureInfo.InvariantCulture)})",
        FlattenSpec => "global::TorchSharp.torch.nn.Flatten()",
        _ => null,
    };

    public static IEnumerable<ForwardLine> Forward(LayerPlan layer, ForwardContext context)
    {
        var mapping = $"{layer.Input.Shape} -> {layer.Output.Shape}";
        var call = $"{context.Assign}{Call(layer, context.Source)};";
        return layer.Spec switch
        {
            EmbeddingSpec when layer.Mask == MaskRole.Computes => new[]
            {
                new ForwardLine($"var mask = {layer.FieldName}.ComputeMask({context.Source});", $"{layer.Input.Shape} bool, id 0 is padding"),
                new ForwardLine(call, mapping),
            },
            RecurrentSpec r => new[] { new ForwardLine(call, RecurrentEmitter.Comment(layer, r)) },
            BidirectionalSpec b => new[] { new ForwardLine(call, RecurrentEmitter.Comment(layer, b)) },
            DenseSpec d => new[] { new ForwardLine(call, mapping + (d.Activation == Activation.Linear ? "" : $", {d.Activation.KerasName()}")) },
            ActivationSpec a => new[] { new ForwardLine($"{context.Assign}{Activate(context.Source, a.Activation)};", $"{layer.Output.Shape}, {a.Activation.KerasName()}") },
            DropoutSpec => new[] { new ForwardLine(call, $"{layer.Output.Shape}, dropped only while training") },
            _ => new[] { new ForwardLine(call, mapping) },
        };
    }

    /// <summary>The layer's call; a layer reading the padding mask gets it as a second argument.</summary>
    private static string Call(LayerPlan layer, string source) =>
        layer.Mask == MaskRole.Reads ? $"{layer.FieldName}.forward({source}, mask)" : $"{layer.FieldName}.call({source})";

    private static string Activate(string expression, Activation activation) => activation switch
    {
        Activation.Relu => $"{expression}.relu()",
        Activation.Sigmoid => $"{expression}.sigmoid()",
        Activation.Softmax => $"{expression}.softmax(-1)",
        Activation.Tanh => $"{expression}.tanh()",
        _ => expression,
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Comma-separated arguments, leaving out the options that keep their defaults (<c>null</c>).</summary>
    private static string Arguments(params string?[] arguments) => string.Join(", ", arguments.Where(a => a is not null));
}
