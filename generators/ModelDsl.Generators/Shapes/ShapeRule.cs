using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// What a layer sees when its output shape is computed: its input and, when that input is a recurrent
/// layer's output passed on unchanged (possibly through Dropout or Activation), that recurrent layer.
/// </summary>
internal sealed record LayerInput(TensorType Type, RecurrentSource? Source);

/// <summary>
/// The recurrent layer whose output reaches a layer unchanged, with its index in the stack and its own input.
/// <see cref="Wrapper"/> is the <c>[Bidirectional]</c> around it, when there is one: that is the layer the output comes from.
/// </summary>
internal sealed record RecurrentSource(RecurrentSpec Spec, int Index, TensorType Input, BidirectionalSpec? Wrapper = null)
{
    /// <summary>The layer whose output this is, as messages name it.</summary>
    public LayerSpec Layer => Wrapper ?? (LayerSpec)Spec;

    public bool ReturnsSequences => Spec.ReturnSequences;

    /// <summary>What the layer would output with <c>ReturnSequences = true</c>.</summary>
    public TensorType OutputWithSequences() =>
        RecurrentLayerKind.Output(Spec with { ReturnSequences = true }, Wrapper?.OutputUnits ?? Spec.Units, Input);
}

/// <summary>Why a layer cannot take its input. <see cref="ReportAt"/> moves the report to the layer that must change.</summary>
internal sealed record ShapeError(DiagnosticDescriptor Descriptor, EquatableArray<string> MessageArgs, int? ReportAt = null)
{
    public static ShapeError Create(DiagnosticDescriptor descriptor, params string[] messageArgs) =>
        new(descriptor, messageArgs.ToEquatableArray());
}

/// <summary>A layer's output type, or the reason it has none.</summary>
internal readonly struct ShapeResult
{
    private ShapeResult(TensorType? output, ShapeError? error)
    {
        Output = output;
        Error = error;
    }

    public TensorType? Output { get; }

    public ShapeError? Error { get; }

    public static implicit operator ShapeResult(TensorType output) => new(output, null);

    public static implicit operator ShapeResult(ShapeError error) => new(null, error);
}

/// <summary>Checks shared by several layers' shape rules.</summary>
internal static class CommonShapeChecks
{
    /// <summary>Layers with float weights cannot read token ids; Keras would cast them silently, which is never what was meant.</summary>
    public static ShapeError? RequireFloat(LayerSpec layer, TensorType input) =>
        input.ElementType == ElementType.Float32
            ? null
            : ShapeError.Create(Diagnostics.DiagnosticDescriptors.LayerNeedsFloatInput, layer.Display(), input.Shape.ToString(), input.ElementType.KerasName());

    /// <summary>
    /// How a rank-2 float input <c>[B, N]</c> becomes the sequence <c>[B, T, F]</c> a layer expects, for MDSL0100: token ids
    /// want an Embedding, features a time axis. Empty for other ranks, where there is no single fix to name.
    /// </summary>
    public static string SequenceFix(TensorType input)
    {
        if (input.Shape.Rank != 2)
        {
            return "";
        }

        var size = input.Shape.Last.IsKnown ? input.Shape.Last.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Dimension.Unknown";
        return $"; for token ids, add [Embedding] before it (and leave DType at int64), or for features add a time axis, e.g. [Input({size}, 1, DType = \"float32\")] for {(input.Shape.Last.IsKnown ? size : "T")} steps of one value";
    }

    public static ShapeError? RequireKnownLast(LayerSpec layer, TensorType input) =>
        input.Shape.Last.IsKnown
            ? null
            : ShapeError.Create(Diagnostics.DiagnosticDescriptors.FeatureSizeMustBeKnown, layer.Display(), input.ToString());
}
