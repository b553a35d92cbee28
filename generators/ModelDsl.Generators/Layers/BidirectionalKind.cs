using System;
using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Bidirectional(merge)]</c> written directly above a recurrent layer, which it runs forward and backward.</summary>
/// <param name="Layer">The wrapped layer, as declared: the forward direction (the backward one is its reversed copy).</param>
internal sealed record BidirectionalSpec(RecurrentSpec Layer, BidirectionalMergeKind Merge) : LayerSpec
{
    public override LayerKind LayerKind => BidirectionalKind.Instance;

    /// <summary>Output features per step: both directions side by side for <c>concat</c>, one direction's otherwise.</summary>
    public int OutputUnits => Merge == BidirectionalMergeKind.Concat ? 2 * Layer.Units : Layer.Units;
}

/// <summary>
/// <c>Bidirectional</c> reads a sequence as its wrapped layer does and outputs what that layer outputs, with
/// <c>2·units</c> features for <c>concat</c> and <c>units</c> for the element-wise merges. Unmerged (graph
/// models only), each of its two outputs has the shape of the wrapped layer's.
/// </summary>
internal sealed class BidirectionalKind : LayerKind<BidirectionalSpec>
{
    public static readonly BidirectionalKind Instance = new();

    private BidirectionalKind()
        : base(arity: 1, wraps: next => next.IsRecurrent, typeof(BidirectionalAttribute))
    {
    }

    /// <summary>
    /// <c>[Bidirectional]</c> together with <paramref name="wrapped"/>, the attribute written directly below it (<c>null</c>
    /// when there is none). <c>merge: null</c>, which yields two tensors, is allowed only where <see cref="LayerParser.AllowUnmerged"/>.
    /// </summary>
    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        if (wrapped is null || !wrapped.IsRecurrent)
        {
            parser.Report(DiagnosticDescriptors.BidirectionalNeedsRecurrentLayer, attribute.Location, wrapped is null ? "nothing" : $"[{wrapped.Name}]");
            return null;
        }

        var layer = RecurrentLayerKind.Instance.Read(wrapped, null, parser) as RecurrentSpec;
        var merge = ReadMerge(attribute, wrapped, layer, parser);
        return layer is null || merge is null ? null : new BidirectionalSpec(layer, merge.Value);
    }

    private static BidirectionalMergeKind? ReadMerge(AttributeArguments bidirectional, AttributeArguments wrapped, RecurrentSpec? layer, LayerParser parser)
    {
        var position = bidirectional.Position(nameof(BidirectionalAttribute.Merge));
        var location = bidirectional.ConstructorArgumentLocation(position);
        if (bidirectional.Constructor(position).Value is not string name)
        {
            if (parser.AllowUnmerged)
            {
                return BidirectionalMergeKind.None;
            }

            var shown = layer is null ? wrapped.Name : $"{layer.KerasName}({layer.Units.ToString(CultureInfo.InvariantCulture)})";
            parser.Report(DiagnosticDescriptors.UnmergedBidirectionalInSequentialModel, location, shown, KerasVocabulary.List(KerasVocabulary.Merges.Keys));
            return null;
        }

        if (KerasVocabulary.Merges.TryGetValue(name, out var merge))
        {
            return merge;
        }

        parser.ReportUnknown(nameof(BidirectionalAttribute.Merge), name, KerasVocabulary.Merges.Keys, location);
        return null;
    }

    public override bool IsStateful(LayerSpec spec) => ((BidirectionalSpec)spec).Layer.Stateful;

    public override string? PropertyType(BidirectionalSpec spec) => "Bidirectional";

    public override string KerasName(BidirectionalSpec spec) => "Bidirectional";

    public override string FieldBaseName(BidirectionalSpec spec) => "bidirectional";

    public override string Display(BidirectionalSpec spec) => $"Bidirectional({spec.Layer.Display()}{MergeArgument(spec)})";

    public override string Describe(BidirectionalSpec spec) => $"Bidirectional({spec.Layer.Describe()}{MergeArgument(spec)})";

    /// <summary>The merge as <c>[Bidirectional]</c> is written, left out for the default <c>concat</c>.</summary>
    private static string MergeArgument(BidirectionalSpec layer) => layer.Merge switch
    {
        BidirectionalMergeKind.Concat => "",
        BidirectionalMergeKind.None => ", merge: null",
        _ => $", merge: \"{layer.Merge.KerasName()}\"",
    };

    public override ShapeResult Infer(BidirectionalSpec spec, IReadOnlyList<LayerInput> inputs) =>
        RecurrentLayerKind.CheckSequence(spec, inputs[0]) is { } error
            ? error
            : RecurrentLayerKind.Output(spec.Layer, spec.OutputUnits, inputs[0].Type);

    /// <summary><c>ForwardBoth</c> gives each direction as the wrapped layer outputs it; an unmerged layer has no one output for <c>call</c>.</summary>
    public override (LayerSpec Spec, ShapeError? Error) AsCalled(BidirectionalSpec spec, LayerCallKind call, string property) => call switch
    {
        LayerCallKind.ForwardBoth => (spec with { Merge = BidirectionalMergeKind.None }, null),
        _ when spec.Merge == BidirectionalMergeKind.None => (spec, ShapeError.Create(DiagnosticDescriptors.BidirectionalWithoutMerge, property, "call")),
        _ => (spec, null),
    };

    public override int? VocabularySize(BidirectionalSpec spec) => null;

    public override RecurrentSource? SourceAfter(BidirectionalSpec spec, int index, LayerInput input) => new(spec.Layer, index, input.Type, spec);

    public override Dim? WeightSizingDim(BidirectionalSpec spec, TensorType input) => input.Shape.Last;

    public override Activation? OutputActivation(BidirectionalSpec spec) => spec.Layer.Activation;

    public override Activation? LogitsActivation(BidirectionalSpec spec) => null;

    public override MaskUse Mask(BidirectionalSpec spec, TensorType output) => MaskUse.Reads | (spec.Layer.ReturnSequences ? MaskUse.Passes : MaskUse.None);

    public override string? FieldType(BidirectionalSpec spec) => $"{LayersNamespace}.Bidirectional";

    public override string? Construction(BidirectionalSpec spec, TensorType input) =>
        $"new(new {RecurrentLayerKind.Instance.FieldType(spec.Layer)}({RecurrentLayerKind.Arguments(spec.Layer, input)}), {LayersNamespace}.BidirectionalMerge.{spec.Merge})";

    public override string Call(BidirectionalSpec spec, LayerCallKind call, string field, string source, string? mask) =>
        call == LayerCallKind.ForwardBoth ? $"{field}.ForwardBoth({source}{(mask is null ? "" : ", " + mask)})" : ModuleCall(field, source, mask);

    public override string Comment(BidirectionalSpec spec, TensorType input, TensorType output, bool readsMask)
    {
        var merged = spec.Merge switch
        {
            BidirectionalMergeKind.Sum => "summed",
            BidirectionalMergeKind.Mul => "multiplied",
            BidirectionalMergeKind.Ave => "averaged",
            _ => "concatenated",
        };
        var notes = new List<string> { spec.Layer.ReturnSequences ? $"forward and backward {merged}" : $"forward and backward last steps {merged}" };
        AddIf(notes, readsMask, "padding skipped");
        AddIf(notes, RecurrentLayerKind.HasDropout(spec.Layer), "dropout while training");
        return Mapping(input, output, notes);
    }

    public override string OnnxCall(BidirectionalSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask, call == LayerCallKind.ForwardBoth ? "WriteOnnxBoth" : "WriteOnnx");
}
