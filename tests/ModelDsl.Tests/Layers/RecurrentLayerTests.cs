using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

/// <summary>
/// What SimpleRNN, GRU and LSTM share: Keras semantics over the fused kernel, masks, direction, dropout
/// through the cell loop. xunit runs these facts once per subclass (one per layer kind).
/// </summary>
public abstract class RecurrentLayerTests
{
    private protected const int Batch = 6;
    private protected const int Steps = 6;
    private protected const int Features = 3;
    private protected const int Units = 4;

    // One row per kind of mask: none masked, padded at the start (Keras pad_sequences' default), one real
    // token, holes, nothing real, padded at the end.
    private static readonly bool[][] MaskRows =
    {
        new[] { true, true, true, true, true, true },
        new[] { false, false, false, true, true, true },
        new[] { false, false, false, false, false, true },
        new[] { true, false, true, false, false, true },
        new[] { false, false, false, false, false, false },
        new[] { true, true, false, false, false, false },
    };

    private readonly int _seed;

    private protected RecurrentLayerTests(int seed) => _seed = seed;

    /// <summary>The Keras name printed in messages, e.g. <c>LSTM</c>.</summary>
    private protected abstract string KindName { get; }

    /// <summary>The gate blocks stacked in each kernel weight.</summary>
    private protected abstract int Gates { get; }

    private protected abstract RecurrentLayer Create(long inputSize, long units, RecurrentOptions? options = null);

    /// <summary>The float64 loop over <paramref name="layer"/>'s own parameters.</summary>
    private protected abstract RecurrentReference Reference(RecurrentLayer layer);

    [Fact]
    public void Parameters_AreTheFusedKernels_UnderCell()
    {
        using var layer = Create(Features, Units);
        using var noBias = Create(Features, Units, new RecurrentOptions { UseBias = false });

        Assert.Equal(
            new[] { "cell.bias_hh_l0", "cell.bias_ih_l0", "cell.weight_hh_l0", "cell.weight_ih_l0" },
            layer.named_parameters().Select(p => p.name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        Assert.Equal(new long[] { Gates * Units, Features }, Numerics.Reference.Parameter(layer, "cell.weight_ih_l0").shape);
        Assert.Equal(
            new[] { "cell.weight_hh_l0", "cell.weight_ih_l0" },
            noBias.named_parameters().Select(p => p.name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sequences_EqualTheFloat64Loop_InProcessingOrder(bool goBackwards)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 1);
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = true, GoBackwards = goBackwards });
        var x = randn(Batch, Steps, Features);

        var y = layer.forward(x);

        Numerics.Reference.AssertClose(Reference(layer).Run(Numerics.Reference.Sequences(x), goBackwards), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LastStep_IsTheStateAfterTheLastStepRead(bool goBackwards)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 2);
        var layer = Create(Features, Units, new RecurrentOptions { GoBackwards = goBackwards });
        var x = randn(Batch, Steps, Features);

        var y = layer.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var loop = Reference(layer).Run(Numerics.Reference.Sequences(x), goBackwards);
        Numerics.Reference.AssertClose(Numerics.Reference.LastStep(loop), y);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MaskedBatch_EqualsEachRowRunUnpadded(bool returnSequences, bool goBackwards)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 3);
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = returnSequences, GoBackwards = goBackwards });

        // Padded steps hold noise, not zeros: a masked step must be skipped, not merely harmless.
        var x = randn(Batch, Steps, Features);
        var mask = Mask();

        var y = layer.forward(x, mask);

        TensorAssert.Close(ExpectedFromUnpaddedRows(layer, x, returnSequences, goBackwards), y, 1e-6);
    }

    [Fact]
    public void GoBackwardsWithMask_ReadsTheRealTokensLastToFirst()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 4);
        var layer = Create(Features, Units, new RecurrentOptions { GoBackwards = true });
        var x = randn(Batch, Steps, Features);

        var y = layer.forward(x, Mask());

        // Row 3's real tokens are steps 0, 2 and 5: the loop reads 5, 2, 0 and stops.
        var row = Numerics.Reference.Sequences(x.index_select(0, tensor(new long[] { 3 })).index_select(1, tensor(new long[] { 5, 2, 0 })));
        var loop = Reference(layer).Run(row);
        Numerics.Reference.AssertClose(Numerics.Reference.LastStep(loop), y.narrow(0, 3, 1));
    }

    [Fact]
    public void AllTrueMask_EqualsNoMask()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 5);
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = true });
        var x = randn(Batch, Steps, Features);

        TensorAssert.Close(layer.forward(x), layer.forward(x, ones(Batch, Steps, dtype: ScalarType.Bool)), 1e-6);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void CellLoop_EqualsTheFusedKernel(bool returnSequences, bool goBackwards, bool masked)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 6);
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = returnSequences, GoBackwards = goBackwards });
        var x = randn(Batch, Steps, Features);
        var mask = masked ? Mask() : null;
        var fused = layer.forward(x, mask);

        // Training mode with no dropout would take the fused kernel; forcing the loop proves it against libtorch.
        layer.train();
        layer.ForceCellLoop = true;
        var loop = layer.forward(x, mask);

        TensorAssert.Close(fused, loop, 1e-5);
    }

    [Fact]
    public void CellLoopWithoutBias_EqualsTheFusedKernel()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 7);
        var layer = Create(Features, Units, new RecurrentOptions { UseBias = false, ReturnSequences = true });
        var x = randn(Batch, Steps, Features);
        var fused = layer.forward(x);

        layer.ForceCellLoop = true;

        TensorAssert.Close(fused, layer.forward(x), 1e-5);
    }

    [Fact]
    public void Dropout_OutsideTraining_IsTheFusedKernel()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 8);
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = true, Dropout = 0.5, RecurrentDropout = 0.5 });
        layer.eval();
        var x = randn(Batch, Steps, Features);

        var y = layer.forward(x);

        Numerics.Reference.AssertClose(Reference(layer).Run(Numerics.Reference.Sequences(x)), y);
        TensorAssert.Close(y, layer.forward(x), 0);
    }

    [Fact]
    public void Dropout_InTraining_DiffersBetweenCalls_AndGradientsFlow()
    {
        using var scope = NewDisposeScope();
        manual_seed(_seed + 9);
        var layer = Create(Features, Units, new RecurrentOptions { Dropout = 0.3, RecurrentDropout = 0.3 });
        layer.train();
        var x = randn(Batch, Steps, Features);

        var first = layer.forward(x, Mask());
        var second = layer.forward(x, Mask());
        Assert.True(TensorAssert.MaxDifference(first, second) > 1e-4, "two training calls drew the same dropout masks");

        first.square().sum().backward();
        foreach (var (name, parameter) in layer.named_parameters())
        {
            Assert.NotNull(parameter.grad);
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"no gradient reached {name}");
        }
    }

    [Fact]
    public void InputDropoutMask_IsOnePerSequence()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 10);
        const int rows = 32;
        var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = true, Dropout = 0.5 });
        layer.train();
        var x = randn(rows, Steps, Features);

        // Feature 0 changed at every step. With the same seed both calls draw the same masks, so a row whose
        // feature 0 is dropped gives the same output at every step, and a row that keeps it differs at every
        // step; a mask drawn per step would mix the two within a row.
        var changed = x.clone();
        changed.select(2, 0).add_(1.0);
        manual_seed(_seed + 11);
        var y = layer.forward(x);
        manual_seed(_seed + 11);
        var yChanged = layer.forward(changed);

        AssertEachRowAllSameOrAllDifferent(y, yChanged, firstStep: 0);
    }

    [Fact]
    public void RecurrentDropoutMask_IsOnePerSequence()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(_seed + 12);
        const int rows = 32;
        var options = new RecurrentOptions { ReturnSequences = true, RecurrentDropout = 0.5 };
        var withUnit0 = Create(Features, Units, options);
        var without = Create(Features, Units, options);
        without.load_state_dict(withUnit0.state_dict());

        // Only state unit 0 feeds the recurrent kernel of the first layer; the second has none. A row whose
        // unit 0 is dropped then runs exactly like the second layer at every step, a row that keeps it
        // differs from step 1 on (the state is zero before step 0).
        var recurrentWeight = Numerics.Reference.Parameter(withUnit0, "cell.weight_hh_l0");
        recurrentWeight.narrow(1, 1, Units - 1).zero_();
        Numerics.Reference.Parameter(without, "cell.weight_hh_l0").zero_();
        withUnit0.train();
        without.train();
        var x = randn(rows, Steps, Features);

        manual_seed(_seed + 13);
        var y = withUnit0.forward(x);
        manual_seed(_seed + 13);
        var yWithout = without.forward(x);

        AssertEachRowAllSameOrAllDifferent(y, yWithout, firstStep: 1);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Forward_LeavesOnlyItsOutput_AndTheLayerUsableAfterTheScopeEnds(bool training, bool returnSequences)
    {
        manual_seed(_seed + 14);
        using var layer = Create(Features, Units, new RecurrentOptions { ReturnSequences = returnSequences, GoBackwards = true, Dropout = 0.2, RecurrentDropout = 0.2 });
        layer.train(training);
        using var x = randn(Batch, Steps, Features);
        using var mask = Mask();
        for (var round = 0; round < 2; round++)
        {
            using var scope = NewDisposeScope();
            var before = scope.DisposablesCount;

            var y = layer.forward(x, mask);

            Assert.Equal(before + 1, scope.DisposablesCount);
            Assert.True(scope.Contains(y));
            y.sum().backward();
        }
    }

    [Fact]
    public void WrongInput_NamesTheLayerAndBothShapes()
    {
        using var scope = NewDisposeScope();
        var layer = Create(128, 32);

        var error = Assert.Throws<ArgumentException>(() => layer.forward(zeros(32, 40, 64)));
        Assert.Equal($"{KindName}(32): expects [batch, time, 128] float32, got [32, 40, 64] float32", error.Message);

        Assert.Throws<ArgumentException>(() => layer.forward(zeros(32, 128)));
        var typeError = Assert.Throws<ArgumentException>(() => layer.forward(zeros(32, 40, 128, dtype: ScalarType.Int64)));
        Assert.Contains("[32, 40, 128] int64", typeError.Message);
    }

    [Fact]
    public void WrongMask_NamesItsShape()
    {
        using var scope = NewDisposeScope();
        var layer = Create(Features, Units);

        var error = Assert.Throws<ArgumentException>(() => layer.forward(zeros(2, 5, Features), ones(2, 4, dtype: ScalarType.Bool)));

        Assert.Contains("[2, 5] bool", error.Message);
        Assert.Contains("[2, 4] bool", error.Message);
        Assert.Throws<ArgumentException>(() => layer.forward(zeros(2, 5, Features), ones(2, 5)));
    }

    [Fact]
    public void UnsupportedActivation_NamesTheLayerAndTheSupportedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(Features, 32, new RecurrentOptions { Activation = Activations.Sigmoid }));

        Assert.Contains($"{KindName}(32)", error.Message);
        Assert.Contains("'sigmoid'", error.Message);
        Assert.Contains("supported: tanh", error.Message);
    }

    [Fact]
    public void Reversed_IsTheSameKindAndSize_ReadingTheOtherWay_WithFreshWeights()
    {
        var options = new RecurrentOptions { ReturnSequences = true, Dropout = 0.25, RecurrentDropout = 0.125 };
        using var layer = Create(Features, Units, options);

        using var reversed = layer.Reversed();

        Assert.Equal(layer.GetType(), reversed.GetType());
        Assert.Equal((layer.InputSize, layer.Units), (reversed.InputSize, reversed.Units));
        Assert.Equal(options with { GoBackwards = true }, reversed.Options);
        Assert.False(reversed.Reversed().Options.GoBackwards);
        Assert.True(TensorAssert.MaxDifference(
            Numerics.Reference.Parameter(layer, "cell.weight_ih_l0"),
            Numerics.Reference.Parameter(reversed, "cell.weight_ih_l0")) > 0);
    }

    private protected static Tensor Mask() =>
        tensor(MaskRows.SelectMany(r => r).ToArray(), new long[] { Batch, Steps });

    // Each row of the masked batch as the layer computes it alone on that row's real steps (no mask), put at
    // the positions the padded batch reports them: processing order, zeros where masked or with no real step.
    private static double[] ExpectedFromUnpaddedRows(RecurrentLayer layer, Tensor x, bool returnSequences, bool goBackwards)
    {
        var expected = new double[Batch * (returnSequences ? Steps : 1) * Units];
        for (var b = 0; b < Batch; b++)
        {
            var real = Enumerable.Range(0, Steps).Where(t => MaskRows[b][t]).Select(t => (long)t).ToArray();
            if (real.Length == 0)
            {
                continue;
            }

            using var row = x.narrow(0, b, 1).index_select(1, tensor(real));
            using var output = layer.forward(row);
            var values = TensorAssert.Values(output);
            if (!returnSequences)
            {
                Array.Copy(values, 0, expected, b * Units, Units);
                continue;
            }

            // Output i belongs to the i-th real step read: forward, step real[i]; backward, real[len-1-i],
            // which sits at Steps-1-real[len-1-i] once time is reversed.
            for (var i = 0; i < real.Length; i++)
            {
                var position = goBackwards ? Steps - 1 - real[real.Length - 1 - i] : real[i];
                Array.Copy(values, i * Units, expected, ((b * Steps) + position) * Units, Units);
            }
        }

        return expected;
    }

    private static void AssertEachRowAllSameOrAllDifferent(Tensor a, Tensor b, int firstStep)
    {
        var difference = a.sub(b).abs().amax(new long[] { 2 });
        var rows = (int)a.shape[0];
        var (same, different) = (0, 0);
        for (var row = 0; row < rows; row++)
        {
            var steps = TensorAssert.Values(difference[row]).Skip(firstStep).ToArray();
            if (steps.All(d => d == 0))
            {
                same++;
            }
            else if (steps.All(d => d > 1e-7))
            {
                different++;
            }
            else
            {
                Assert.Fail($"row {row} changed at some steps only: {string.Join(", ", steps)}");
            }
        }

        Assert.True(same > 0 && different > 0, $"expected both dropped and kept rows, got {same} and {different}");
    }
}
