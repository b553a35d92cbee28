using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// The GRU outputs Keras's own tests assert (keras/src/layers/rnn/gru_test.py): constant weights (kernel 0.01, recurrent
/// kernel 0.02, bias 0.03) over <c>arange</c> inputs, so they can be set here without any Keras weight layout. Keras
/// checks them to 1e-5.
/// </summary>
public sealed class KerasPublishedValuesTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(true, false, true, new[] { 0.5217289, 0.6371659, 0.39384964 })]
    [InlineData(true, true, true, new[] { 0.24406259, 0.611516, 0.3928808 })]
    [InlineData(false, false, true, new[] { 0.51447755, 0.6426879, 0.40208298 })]
    [InlineData(true, false, false, new[] { 0.49988455, 0.64701194, 0.4103359 })]
    public void Gru_Correctness(bool resetAfter, bool goBackwards, bool useBias, double[] lastStepPerRow)
    {
        using var scope = NewDisposeScope();
        var gru = Constant(new GRU(4, 3, new RecurrentOptions { ResetAfter = resetAfter, GoBackwards = goBackwards, UseBias = useBias }));
        var sequence = arange(72, dtype: ScalarType.Float32).reshape(3, 6, 4);

        var output = gru.forward(sequence);

        var expected = lastStepPerRow.SelectMany(v => Enumerable.Repeat(v, 3)).ToArray();
        ModelDsl.Tests.Layers.TensorAssert.Close(expected, output, Tolerance);
    }

    [Fact]
    public void Gru_Stateful_SecondCallContinues_ResetStartsOver()
    {
        using var scope = NewDisposeScope();
        var gru = Constant(new GRU(4, 4, new RecurrentOptions { Stateful = true }));
        var sequence = arange(24, dtype: ScalarType.Float32).reshape(2, 3, 4);
        var expected = new[] { 0.29542392, 0.5885018 }.SelectMany(v => Enumerable.Repeat(v, 4)).ToArray();

        gru.forward(sequence);
        ModelDsl.Tests.Layers.TensorAssert.Close(expected, gru.forward(sequence), Tolerance);
        gru.ResetStates();
        gru.forward(sequence);
        ModelDsl.Tests.Layers.TensorAssert.Close(expected, gru.forward(sequence), Tolerance);
    }

    [Theory]
    [InlineData(false, new[] { 0.19393763, 0.30818558 })]
    [InlineData(true, new[] { 0.11669192, 0.28380975 })]
    public void Gru_Masked_LastStateSkipsMaskedSteps(bool goBackwards, double[] lastStepPerRow)
    {
        using var scope = NewDisposeScope();
        var gru = Constant(new GRU(3, 2, new RecurrentOptions { GoBackwards = goBackwards }));
        var sequence = arange(24, dtype: ScalarType.Float32).reshape(2, 4, 3);
        var mask = tensor(new[] { true, true, false, true, true, false, false, true }).reshape(2, 4);

        var output = gru.forward(sequence, mask);

        ModelDsl.Tests.Layers.TensorAssert.Close(lastStepPerRow.SelectMany(v => Enumerable.Repeat(v, 2)).ToArray(), output, Tolerance);
    }

    /// <summary>Keras's Constant initializers: every input weight 0.01, recurrent weight 0.02, bias 0.03 (both of reset_after's biases).</summary>
    private static GRU Constant(GRU gru)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in gru.KernelParameters())
        {
            parameter.fill_(name.StartsWith("weight_ih") ? 0.01 : name.StartsWith("weight_hh") ? 0.02 : 0.03);
        }

        return gru;
    }
}
