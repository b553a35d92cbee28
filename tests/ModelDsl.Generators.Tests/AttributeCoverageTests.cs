using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Every option of every ModelDsl attribute reaches the generator: setting it to something other than its default
/// changes the generated code (or, for a value the model cannot take, its diagnostics). A property added to an
/// attribute without a case here fails <see cref="EverySettableProperty_HasACase"/>; a property the generator stops
/// reading (or reads under an old name) fails <see cref="SettingAProperty_ChangesWhatIsGenerated"/>.
/// </summary>
public sealed class AttributeCoverageTests
{
    private const string Usings = """
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        """;

    /// <summary>A model using the attribute, with <c>{0}</c> where the option goes (after a comma where there are other arguments).</summary>
    private static readonly Dictionary<Type, string> Models = new()
    {
        [typeof(ModelAttribute)] = "[Model({0})] [Input(40)] [Embedding(100, 8)] [LSTM(4)] [Dense(1)] public partial class M;",
        [typeof(InputAttribute)] = "[Model] [Input(40{0})] [Embedding(100, 8)] [LSTM(4)] [Dense(1)] public partial class M;",
        [typeof(EmbeddingAttribute)] = "[Model] [Input(40)] [Embedding(100, 8{0})] [LSTM(4)] [Dense(1)] public partial class M;",
        [typeof(DenseAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [LSTM(4)] [Dense(1{0})] public partial class M;",
        [typeof(SimpleRNNAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [SimpleRNN(4{0})] [Dense(1)] public partial class M;",
        [typeof(GRUAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [GRU(4{0})] [Dense(1)] public partial class M;",
        [typeof(LSTMAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [LSTM(4{0})] [Dense(1)] public partial class M;",
        [typeof(Conv1DAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [Conv1D(4, 3{0})] [GlobalMaxPooling1D] [Dense(1)] public partial class M;",
        [typeof(MaxPooling1DAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [MaxPooling1D(4{0})] [GlobalMaxPooling1D] [Dense(1)] public partial class M;",
        [typeof(AveragePooling1DAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [AveragePooling1D(4{0})] [GlobalMaxPooling1D] [Dense(1)] public partial class M;",
        [typeof(ConvLSTM2DAttribute)] = "[Model] [Input(3, 8, 8, 2, DType = \"float32\")] [ConvLSTM2D(4, 3, 3{0})] public partial class M;",
        [typeof(DropoutAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [Dropout(0.5{0})] [LSTM(4)] [Dense(1)] public partial class M;",
        [typeof(FlattenAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [Flatten{0}] [Dense(1)] public partial class M;",
        [typeof(GlobalMaxPooling1DAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [GlobalMaxPooling1D{0}] [Dense(1)] public partial class M;",
        [typeof(GlobalAveragePooling1DAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [GlobalAveragePooling1D{0}] [Dense(1)] public partial class M;",
        [typeof(ActivationAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [LSTM(4)] [Dense(1)] [Activation(\"sigmoid\"{0})] public partial class M;",
        [typeof(BidirectionalAttribute)] = "[Model] [Input(40)] [Embedding(100, 8)] [Bidirectional(\"concat\"{0})] [LSTM(4)] [Dense(1)] public partial class M;",
        [typeof(DotAttentionAttribute)] = """
            [Model]
            public partial class M
            {
                [Embedding(100, 8)] partial Embedding Embed { get; }
                [DotAttention{0}] partial DotAttention Attend { get; }

                [Forward]
                Tensor Forward([Input(5)] Tensor query, [Input(6)] Tensor values) => Attend.call(Embed.call(query), Embed.call(values));
            }
            """,
    };

    /// <summary>A value other than the default for each settable property, keyed by the type that declares it.</summary>
    private static readonly Dictionary<(Type, string), string> NonDefault = new()
    {
        [(typeof(ModelAttribute), nameof(ModelAttribute.Loss))] = "Loss = \"mse\"",
        [(typeof(ModelAttribute), nameof(ModelAttribute.FromLogits))] = "FromLogits = true",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Optimizer))] = "Optimizer = \"adam\"",
        [(typeof(ModelAttribute), nameof(ModelAttribute.LearningRate))] = "LearningRate = 0.5",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Metrics))] = "Metrics = new[] { \"accuracy\" }",
        [(typeof(ModelAttribute), nameof(ModelAttribute.ClipNorm))] = "ClipNorm = 1.0",
        [(typeof(ModelAttribute), nameof(ModelAttribute.WeightDecay))] = "WeightDecay = 0.1",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Momentum))] = "Momentum = 0.9",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Beta1))] = "Beta1 = 0.5",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Beta2))] = "Beta2 = 0.9",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Epsilon))] = "Epsilon = 1e-4",
        [(typeof(ModelAttribute), nameof(ModelAttribute.Initializer))] = "Initializer = \"torch\"",
        [(typeof(InputAttribute), nameof(InputAttribute.DType))] = ", DType = \"float32\"",
        [(typeof(EmbeddingAttribute), nameof(EmbeddingAttribute.MaskZero))] = ", MaskZero = true",
        [(typeof(EmbeddingAttribute), nameof(EmbeddingAttribute.Trainable))] = ", Trainable = false",
        [(typeof(DenseAttribute), nameof(DenseAttribute.Activation))] = ", Activation = \"relu\"",
        [(typeof(DenseAttribute), nameof(DenseAttribute.UseBias))] = ", UseBias = false",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.ReturnSequences))] = ", ReturnSequences = true",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.Activation))] = ", Activation = \"relu\"",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.UseBias))] = ", UseBias = false",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.GoBackwards))] = ", GoBackwards = true",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.Dropout))] = ", Dropout = 0.25",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.RecurrentDropout))] = ", RecurrentDropout = 0.25",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.Activation))] = ", Activation = \"relu\"",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.Padding))] = ", Padding = \"causal\"",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.Strides))] = ", Strides = 2",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.DilationRate))] = ", DilationRate = 2",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.UseBias))] = ", UseBias = false",
        [(typeof(Conv1DAttribute), nameof(Conv1DAttribute.KernelRegularizer))] = ", KernelRegularizer = \"l2(1e-4)\"",
        [(typeof(Pooling1DAttribute), nameof(Pooling1DAttribute.Strides))] = ", Strides = 1",
        [(typeof(Pooling1DAttribute), nameof(Pooling1DAttribute.Padding))] = ", Padding = \"same\"",
        [(typeof(ConvLSTM2DAttribute), nameof(ConvLSTM2DAttribute.Padding))] = ", Padding = \"same\"",
        [(typeof(ConvLSTM2DAttribute), nameof(ConvLSTM2DAttribute.ReturnSequences))] = ", ReturnSequences = true",
        [(typeof(ConvLSTM2DAttribute), nameof(ConvLSTM2DAttribute.RecurrentActivation))] = ", RecurrentActivation = \"sigmoid\"",
        [(typeof(ConvLSTM2DAttribute), nameof(ConvLSTM2DAttribute.UseBias))] = ", UseBias = false",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.RecurrentActivation))] = ", RecurrentActivation = \"hard_sigmoid\"",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.ResetAfter))] = ", ResetAfter = false",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.KernelRegularizer))] = ", KernelRegularizer = \"l2(1e-4)\"",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.RecurrentRegularizer))] = ", RecurrentRegularizer = \"l1(0.01)\"",
        [(typeof(DenseAttribute), nameof(DenseAttribute.KernelRegularizer))] = ", KernelRegularizer = \"l2(1e-4)\"",
        [(typeof(EmbeddingAttribute), nameof(EmbeddingAttribute.EmbeddingsRegularizer))] = ", EmbeddingsRegularizer = \"l2\"",
        [(typeof(RecurrentAttribute), nameof(RecurrentAttribute.Stateful))] = ", Stateful = true",
        [(typeof(InputAttribute), nameof(InputAttribute.BatchSize))] = ", BatchSize = 8",
        [(typeof(LayerAttribute), nameof(LayerAttribute.Name))] = ", Name = \"custom\"",
        [(typeof(FlattenAttribute), nameof(LayerAttribute.Name))] = "(Name = \"custom\")",
        [(typeof(GlobalMaxPooling1DAttribute), nameof(LayerAttribute.Name))] = "(Name = \"custom\")",
        [(typeof(GlobalAveragePooling1DAttribute), nameof(LayerAttribute.Name))] = "(Name = \"custom\")",
        [(typeof(DotAttentionAttribute), nameof(LayerAttribute.Name))] = "(Name = \"custom\")",
        [(typeof(DotAttentionAttribute), nameof(DotAttentionAttribute.ConcatQuery))] = "(ConcatQuery = true)",
        [(typeof(DotAttentionAttribute), nameof(DotAttentionAttribute.Scale))] = "(Scale = true)",
    };

    private static IEnumerable<Type> AttributeTypes() =>
        typeof(ModelAttribute).Assembly.GetExportedTypes().Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract);

    private static IEnumerable<PropertyInfo> SettableProperties(Type attribute) =>
        attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.DeclaringType != typeof(Attribute));

    [Fact]
    public void EverySettableProperty_HasACase()
    {
        var missing = AttributeTypes()
            .SelectMany(t => SettableProperties(t).Select(p => (Attribute: t, Property: p)))
            .Where(x => !NonDefault.ContainsKey((x.Property.DeclaringType!, x.Property.Name)) || !Models.ContainsKey(x.Attribute))
            .Select(x => $"{x.Attribute.Name}.{x.Property.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "No coverage case for: " + string.Join(", ", missing));
    }

    /// <summary>The generator reads a positional argument by the position of the constructor parameter named after the property it sets.</summary>
    [Fact]
    public void EveryConstructorParameter_IsNamedAfterThePropertyItSets()
    {
        var unmatched = AttributeTypes()
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (Attribute: t, Parameter: p)))
            .Where(x => x.Attribute.GetProperty(x.Parameter.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is null)
            .Select(x => $"{x.Attribute.Name}({x.Parameter.Name})")
            .ToList();
        Assert.True(unmatched.Count == 0, "Constructor parameters without a property of the same name: " + string.Join(", ", unmatched));
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in AttributeTypes().Where(Models.ContainsKey))
        {
            foreach (var property in SettableProperties(type))
            {
                data.Add(type.Name, property.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SettingAProperty_ChangesWhatIsGenerated(string attribute, string property)
    {
        var type = AttributeTypes().Single(t => t.Name == attribute);
        var declaring = type.GetProperty(property)!.DeclaringType!;
        var template = Models[type];
        var option = NonDefault.TryGetValue((type, property), out var own) ? own : NonDefault[(declaring, property)];

        var baseline = Generate(template.Replace("{0}", "", StringComparison.Ordinal));
        var changed = Generate(template.Replace("{0}", option, StringComparison.Ordinal));

        Assert.NotEqual(baseline, changed);
    }

    /// <summary>The generated source and the diagnostics' ids and messages: what the user sees.</summary>
    private static string Generate(string model)
    {
        var run = GeneratorHarness.Run(Usings + model);
        return string.Join("\n", run.Sources.Select(s => s.SourceText.ToString()))
            + string.Join("\n", run.Diagnostics.Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
    }
}
