using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// <see cref="KerasInitializer"/> on plain TorchSharp modules: the ranges and statistics of Keras's
/// glorot_uniform and uniform(-0.05, 0.05), orthogonality the way Keras's Orthogonal makes it, the bias
/// conventions, and reproducibility under <c>manual_seed</c>.
/// </summary>
// Runs alone: SameSeed_GivesTheSameParameters_AnotherSeedOthers needs torch's process-wide generator to itself.
[Collection(TrainingCollection.Name)]
public sealed class KerasInitializerTests
{
    // A float32 QR gives an orthonormal basis to about 1e-6; the statistics below use thousands of draws.
    private const double OrthogonalTolerance = 1e-5;

    [Fact]
    public void Embedding_IsUniformOverPlusMinus005()
    {
        manual_seed(1);
        using var embedding = nn.Embedding(2000, 64);

        KerasInitializer.Apply(embedding);

        AssertUniform(embedding.weight!, limit: 0.05);
    }

    [Fact]
    public void Linear_KernelIsGlorotUniform_BiasIsZero()
    {
        manual_seed(2);
        using var linear = nn.Linear(300, 100);

        KerasInitializer.Apply(linear);

        // Keras's kernel is [300, 100]: fan_in 300, fan_out 100.
        AssertUniform(linear.weight!, limit: Math.Sqrt(6.0 / (300 + 100)));
        Assert.All(Reference.Values(linear.bias!), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Lstm_GlorotInputKernel_OrthogonalRecurrentKernel_ForgetBiasOne_RecurrentBiasZero()
    {
        const int features = 64;
        const int hidden = 32;
        manual_seed(3);
        using var lstm = nn.LSTM(features, hidden, batchFirst: true);

        KerasInitializer.Apply(lstm);

        AssertUniform(Reference.Parameter(lstm, "weight_ih_l0"), limit: Math.Sqrt(6.0 / (features + (4 * hidden))));
        AssertKerasOrthogonal(Reference.Parameter(lstm, "weight_hh_l0"), gates: 4);
        var expectedBias = Enumerable.Range(0, 4 * hidden).Select(i => i / hidden == 1 ? 1.0 : 0.0);
        Assert.Equal(expectedBias, Reference.Values(Reference.Parameter(lstm, "bias_ih_l0")));
        Assert.All(Reference.Values(Reference.Parameter(lstm, "bias_hh_l0")), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Gru_GlorotInputKernel_OrthogonalRecurrentKernel_BothBiasesZero()
    {
        const int features = 40;
        const int hidden = 30;
        manual_seed(4);
        using var gru = nn.GRU(features, hidden, batchFirst: true);

        KerasInitializer.Apply(gru);

        AssertUniform(Reference.Parameter(gru, "weight_ih_l0"), limit: Math.Sqrt(6.0 / (features + (3 * hidden))));
        AssertKerasOrthogonal(Reference.Parameter(gru, "weight_hh_l0"), gates: 3);
        Assert.All(Reference.Values(Reference.Parameter(gru, "bias_ih_l0")), v => Assert.Equal(0.0, v));
        Assert.All(Reference.Values(Reference.Parameter(gru, "bias_hh_l0")), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void SimpleRnn_RecurrentKernelIsSquareOrthogonal_BiasesZero()
    {
        const int features = 100;
        const int hidden = 40;
        manual_seed(5);
        using var rnn = nn.RNN(features, hidden, batchFirst: true);

        KerasInitializer.Apply(rnn);

        AssertUniform(Reference.Parameter(rnn, "weight_ih_l0"), limit: Math.Sqrt(6.0 / (features + hidden)));
        using var whh = Reference.Parameter(rnn, "weight_hh_l0").detach().to_type(ScalarType.Float64);
        AssertIdentity(whh.t().matmul(whh), "WᵀW");
        AssertIdentity(whh.matmul(whh.t()), "WWᵀ");
        Assert.All(Reference.Values(Reference.Parameter(rnn, "bias_ih_l0")), v => Assert.Equal(0.0, v));
        Assert.All(Reference.Values(Reference.Parameter(rnn, "bias_hh_l0")), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void StackedBidirectionalLstm_EveryLayerAndDirectionIsAKerasCell()
    {
        const int features = 6;
        const int hidden = 5;
        manual_seed(6);
        using var lstm = nn.LSTM(features, hidden, numLayers: 2, batchFirst: true, bidirectional: true);

        KerasInitializer.Apply(lstm);

        foreach (var suffix in new[] { "l0", "l0_reverse", "l1", "l1_reverse" })
        {
            // The second layer reads both directions of the first: 2·H features.
            var inputs = suffix.StartsWith("l0", StringComparison.Ordinal) ? features : 2 * hidden;
            AssertUniform(Reference.Parameter(lstm, $"weight_ih_{suffix}"), limit: Math.Sqrt(6.0 / (inputs + (4 * hidden))), statistics: false);
            AssertKerasOrthogonal(Reference.Parameter(lstm, $"weight_hh_{suffix}"), gates: 4);
            var bias = Reference.Values(Reference.Parameter(lstm, $"bias_ih_{suffix}"));
            Assert.Equal(Enumerable.Range(0, 4 * hidden).Select(i => i / hidden == 1 ? 1.0 : 0.0), bias);
            Assert.All(Reference.Values(Reference.Parameter(lstm, $"bias_hh_{suffix}")), v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void NestedModules_AreAllReached_AndUnknownModulesKeepTheirParameters()
    {
        manual_seed(7);
        using var model = new Outer();
        using var normBefore = model.Inner.Norm.weight!.detach().clone();

        KerasInitializer.Apply(model);

        AssertUniform(model.Embedding.weight!, limit: 0.05, statistics: false);
        Assert.Equal(
            Enumerable.Range(0, 4 * Outer.Hidden).Select(i => i / Outer.Hidden == 1 ? 1.0 : 0.0),
            Reference.Values(Reference.Parameter(model.Inner.Lstm, "bias_ih_l0")));
        AssertKerasOrthogonal(Reference.Parameter(model.Inner.Lstm, "weight_hh_l0"), gates: 4);
        Assert.All(Reference.Values(model.Inner.Head.bias!), v => Assert.Equal(0.0, v));
        AssertUniform(model.Inner.Head.weight!, limit: Math.Sqrt(6.0 / (Outer.Hidden + 3)), statistics: false);
        Assert.Equal(Reference.Values(normBefore), Reference.Values(model.Inner.Norm.weight!));
    }

    [Fact]
    public void SameSeed_GivesTheSameParameters_AnotherSeedOthers()
    {
        var first = Initialized(constructionSeed: 10, initializationSeed: 42);
        var again = Initialized(constructionSeed: 11, initializationSeed: 42);
        var other = Initialized(constructionSeed: 10, initializationSeed: 43);

        Assert.Equal(first.Keys, again.Keys);
        foreach (var name in first.Keys)
        {
            Assert.Equal(first[name], again[name]);
        }

        // Only the random parameters differ between seeds: not the biases, nor LayerNorm, which is left alone.
        foreach (var name in first.Keys.Where(n => n.Contains("weight", StringComparison.Ordinal) && !n.Contains("Norm", StringComparison.Ordinal)))
        {
            Assert.NotEqual(first[name], other[name]);
        }
    }

    [Fact]
    public void OutsideNoGrad_ParametersStayTrainableLeaves()
    {
        manual_seed(12);
        using var lstm = nn.LSTM(4, 3, batchFirst: true);

        // In-place initialisation of a parameter that requires grad throws unless gradients are off.
        KerasInitializer.Apply(lstm);

        Assert.All(lstm.parameters(), p => Assert.True(p.requires_grad));
        using var x = ones(2, 5, 4);
        var (y, h, c) = lstm.forward(x);
        using var loss = y.sum();
        loss.backward();
        Assert.All(lstm.parameters(), p => Assert.NotNull(p.grad));
        y.Dispose();
        h.Dispose();
        c.Dispose();
    }

    [Fact]
    public void NullModel_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => KerasInitializer.Apply(null!));
    }

    [Fact]
    public void ModelDslLayers_AreInitializedLikeTheirKerasNamesakes()
    {
        manual_seed(13);
        using var embedding = new global::ModelDsl.Layers.Embedding(500, 40);
        using var dense = new Dense(40, 30);
        using var lstm = new global::ModelDsl.Layers.LSTM(40, 8);

        KerasInitializer.Apply(embedding);
        KerasInitializer.Apply(dense);
        KerasInitializer.Apply(lstm);

        AssertUniform(embedding.weight, limit: 0.05);
        AssertUniform(dense.weight, limit: Math.Sqrt(6.0 / (40 + 30)), statistics: false);
        Assert.All(Reference.Values(dense.bias!), v => Assert.Equal(0.0, v));
        AssertUniform(FusedParameter(lstm, "weight_ih_l0"), limit: Math.Sqrt(6.0 / (40 + (4 * 8))), statistics: false);
        AssertKerasOrthogonal(FusedParameter(lstm, "weight_hh_l0"), gates: 4);
        Assert.Equal(
            Enumerable.Range(0, 4 * 8).Select(i => i / 8 == 1 ? 1.0 : 0.0),
            Reference.Values(FusedParameter(lstm, "bias_ih_l0")));
        Assert.All(Reference.Values(FusedParameter(lstm, "bias_hh_l0")), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Bidirectional_BothDirectionsAreInitialized()
    {
        manual_seed(14);
        using var bidirectional = new Bidirectional(new global::ModelDsl.Layers.GRU(40, 6));

        KerasInitializer.Apply(bidirectional);

        foreach (var direction in new RecurrentLayer[] { bidirectional.ForwardLayer, bidirectional.BackwardLayer })
        {
            AssertUniform(FusedParameter(direction, "weight_ih_l0"), limit: Math.Sqrt(6.0 / (40 + (3 * 6))), statistics: false);
            AssertKerasOrthogonal(FusedParameter(direction, "weight_hh_l0"), gates: 3);
            Assert.All(Reference.Values(FusedParameter(direction, "bias_ih_l0")), v => Assert.Equal(0.0, v));
            Assert.All(Reference.Values(FusedParameter(direction, "bias_hh_l0")), v => Assert.Equal(0.0, v));
        }
    }

    /// <summary>A layer's fused-kernel parameter whose name ends with <paramref name="suffix"/>, wherever the layer registered it.</summary>
    private static Tensor FusedParameter(nn.Module layer, string suffix) =>
        Assert.Single(layer.named_parameters(), p => p.name == suffix || p.name.EndsWith("." + suffix, StringComparison.Ordinal)).parameter;

    private static Dictionary<string, double[]> Initialized(int constructionSeed, int initializationSeed)
    {
        manual_seed(constructionSeed);
        using var model = new Outer();
        manual_seed(initializationSeed);
        KerasInitializer.Apply(model);
        return model.named_parameters().ToDictionary(p => p.name, p => Reference.Values(p.parameter));
    }

    /// <summary>
    /// Every value within ±<paramref name="limit"/>; with <paramref name="statistics"/>, also reaching close to the
    /// limit with a mean near 0 and the standard deviation of U(-limit, limit), limit/√3 (the tensor must be large).
    /// </summary>
    private static void AssertUniform(Tensor weight, double limit, bool statistics = true)
    {
        var values = Reference.Values(weight);
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0.0, limit));
        Assert.Contains(values, v => v != 0.0);
        if (!statistics)
        {
            return;
        }

        Assert.True(values.Length >= 2000, $"only {values.Length} values: too few for statistics");
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.True(values.Max(Math.Abs) > 0.98 * limit, $"largest |value| {values.Max(Math.Abs)} is far below the limit {limit}");
        Assert.InRange(mean, -0.05 * limit, 0.05 * limit);
        Assert.InRange(std / (limit / Math.Sqrt(3)), 0.95, 1.05);
    }

    /// <summary>
    /// Keras's Orthogonal over its recurrent kernel <c>[H, gates·H]</c> makes the rows of the whole matrix orthonormal;
    /// in torch's transposed <c>[gates·H, H]</c> that is <c>WᵀW = I_H</c>. A single gate's block is then not orthogonal
    /// (the blocks' <c>BᵀB</c> add up to I) unless there is only one gate.
    /// </summary>
    private static void AssertKerasOrthogonal(Tensor weightHh, int gates)
    {
        using var scope = NewDisposeScope();
        var hidden = weightHh.shape[1];
        Assert.Equal(gates * hidden, weightHh.shape[0]);
        var w = weightHh.detach().to_type(ScalarType.Float64);
        AssertIdentity(w.t().matmul(w), "WᵀW over the whole recurrent kernel");
        if (gates > 1)
        {
            var block = w.narrow(0, 0, hidden);
            var blockGram = block.t().matmul(block);
            var distance = (blockGram - eye(hidden, dtype: ScalarType.Float64)).abs().max().item<double>();
            Assert.True(distance > 0.1, $"the first gate's block alone is orthogonal (max |BᵀB - I| = {distance}); Keras orthogonalises the whole matrix");
        }
    }

    private static void AssertIdentity(Tensor gram, string what)
    {
        using var scope = NewDisposeScope();
        var size = gram.shape[0];
        var distance = (gram - eye(size, dtype: ScalarType.Float64)).abs().max().item<double>();
        Assert.True(distance < OrthogonalTolerance, $"{what} is not the identity: max |difference| = {distance}");
    }

    /// <summary>Two levels of TorchSharp modules, one of a kind the initializer does not know (LayerNorm).</summary>
    private sealed class Outer : nn.Module
    {
        public const int Hidden = 7;

        // Fields, not properties: RegisterComponents registers a module's fields by their names.
        public readonly TorchSharp.Modules.Embedding Embedding;
        public readonly InnerBlock Inner;

        public Outer()
            : base(nameof(Outer))
        {
            Embedding = nn.Embedding(300, 9);
            Inner = new InnerBlock();
            RegisterComponents();
        }
    }

    private sealed class InnerBlock : nn.Module
    {
        public readonly TorchSharp.Modules.LSTM Lstm;
        public readonly TorchSharp.Modules.Linear Head;
        public readonly TorchSharp.Modules.LayerNorm Norm;

        public InnerBlock()
            : base(nameof(InnerBlock))
        {
            Lstm = nn.LSTM(9, Outer.Hidden, batchFirst: true);
            Head = nn.Linear(Outer.Hidden, 3);
            Norm = nn.LayerNorm(3);
            RegisterComponents();
        }
    }
}
