using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Layers;

/// <summary>What a pool keeps of each window.</summary>
internal enum PoolKind
{
    Max,
    Average,
}

/// <summary><c>[MaxPooling1D(poolSize)]</c> and <c>[AveragePooling1D(poolSize)]</c>.</summary>
/// <param name="Strides">The step between windows, the pool size when the attribute leaves it at 0 (Keras's <c>strides=None</c>).</param>
internal sealed record Pooling1DSpec(PoolKind Pool, int PoolSize, int Strides, string Padding) : LayerSpec
{
    public override LayerKind LayerKind => Pooling1DKind.Instance;

    /// <summary>How the pool slides over time.</summary>
    public WindowRule Window => new(PoolSize, Strides, Dilation: 1, Padding);
}

/// <summary>
/// <c>MaxPooling1D</c> and <c>AveragePooling1D</c>: <c>[B, T, C] -> [B, T', C]</c>, T' by Keras's rule. No weights. Keras's
/// local pools do not support masking, so a padding mask reaching one ends there.
/// </summary>
internal sealed class Pooling1DKind : LayerKind<Pooling1DSpec>
{
    // Before Instance: its constructor reads them.
    private static readonly Dictionary<Type, PoolKind> Pools = new()
    {
        [typeof(MaxPooling1DAttribute)] = PoolKind.Max,
        [typeof(AveragePooling1DAttribute)] = PoolKind.Average,
    };

    public static readonly Pooling1DKind Instance = new();

    private Pooling1DKind()
        : base(arity: 1, wraps: null, Pools.Keys.ToArray())
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var pool = Pools.First(p => attribute.Is(p.Key)).Value;
        var name = KerasName(pool);
        var poolSize = parser.Positive(attribute, nameof(Pooling1DAttribute.PoolSize), $"{name} poolSize");
        var padding = parser.PaddingOption(attribute, nameof(Pooling1DAttribute.Padding), name, allowCausal: false);
        var size = attribute.Int(nameof(Pooling1DAttribute.PoolSize));
        var strides = attribute.TryGetNamed(nameof(Pooling1DAttribute.Strides), out var given) && given.Value is 0
            ? size
            : parser.PositiveOption(attribute, nameof(Pooling1DAttribute.Strides), $"{name} Strides", size);
        return poolSize && padding is not null && strides is not null ? new Pooling1DSpec(pool, size, strides.Value, padding) : null;
    }

    private static string KerasName(PoolKind pool) => pool == PoolKind.Max ? "MaxPooling1D" : "AveragePooling1D";

    public override string? PropertyType(Pooling1DSpec spec) => KerasName(spec);

    public override string KerasName(Pooling1DSpec spec) => KerasName(spec.Pool);

    public override string FieldBaseName(Pooling1DSpec spec) => spec.Pool == PoolKind.Max ? "max_pooling1d" : "average_pooling1d";

    public override string Display(Pooling1DSpec spec) => $"{KerasName(spec)}({Int(spec.PoolSize)})";

    public override string Describe(Pooling1DSpec spec) => WithOptions(Display(spec), Options(spec, OptionStyle.Attribute));

    /// <summary>The options that differ from Keras's defaults (strides equal to the pool size is the default).</summary>
    private static List<string> Options(Pooling1DSpec spec, OptionStyle style)
    {
        var options = new List<string>();
        AddIf(options, spec.Strides != spec.PoolSize, Option(style, nameof(Pooling1DAttribute.Strides), Int(spec.Strides)));
        AddIf(options, spec.Padding != Abstractions.Paddings.Valid, Option(style, nameof(Pooling1DAttribute.Padding), $"\"{spec.Padding}\""));
        return options;
    }

    public override ShapeResult Infer(Pooling1DSpec spec, IReadOnlyList<LayerInput> inputs) => spec.Window.OverTime(spec, inputs[0], channels: null);

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(Pooling1DSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(Pooling1DSpec spec) => null;

    public override RecurrentSource? SourceAfter(Pooling1DSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(Pooling1DSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(Pooling1DSpec spec) => null;

    public override Activation? LogitsActivation(Pooling1DSpec spec) => null;

    public override MaskUse Mask(Pooling1DSpec spec, TensorType output) => MaskUse.Stops;

    public override string? FieldType(Pooling1DSpec spec) => $"{LayersNamespace}.{KerasName(spec)}";

    public override string? Construction(Pooling1DSpec spec, TensorType input)
    {
        var options = Options(spec, OptionStyle.Constructor);
        options.Insert(0, Int(spec.PoolSize));
        return $"new({string.Join(", ", options)})";
    }

    public override string Call(Pooling1DSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(Pooling1DSpec spec, TensorType input, TensorType output, bool readsMask) =>
        Mapping(input, output, spec.Padding == Abstractions.Paddings.Valid ? null : new[] { $"{spec.Padding} padding" });

    public override string OnnxCall(Pooling1DSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
