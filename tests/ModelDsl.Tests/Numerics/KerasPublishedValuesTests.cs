using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// The GRU and LSTM outputs Keras's own tests assert (keras/src/layers/rnn/gru_test.py and lstm_test.py): constant
/// weights (kernel 0.01, recurrent kernel 0.02, bias 0.03, the LSTM's forget-gate bias 1 with unit_forget_bias) over
/// <c>arange</c> inputs, so they can be set here without any Keras weight layout. Keras checks them to 1e-5. The LSTM
/// sizes here (2, 3, 4 units) are ones this CPU's oneDNN inference kernel gets wrong, so these also pass through the
/// kernel check's correct route.
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

    [Theory]
    [InlineData(true, false, true, new[] { 0.6288687, 0.86899155, 0.9460773 })]
    [InlineData(true, true, true, new[] { 0.35622165, 0.74789524, 0.8872726 })]
    [InlineData(false, false, true, new[] { 0.57019705, 0.8661914, 0.9459622 })]
    [InlineData(false, false, false, new[] { 0.54986924, 0.86226785, 0.9443936 })]
    public void Lstm_Correctness(bool unitForgetBias, bool goBackwards, bool useBias, double[] lastStepPerRow)
    {
        using var scope = NewDisposeScope();
        var lstm = Constant(new LSTM(4, 3, new RecurrentOptions { GoBackwards = goBackwards, UseBias = useBias }), unitForgetBias);
        var sequence = arange(72, dtype: ScalarType.Float32).reshape(3, 6, 4);

        var output = lstm.forward(sequence);

        ModelDsl.Tests.Layers.TensorAssert.Close(lastStepPerRow.SelectMany(v => Enumerable.Repeat(v, 3)).ToArray(), output, Tolerance);
    }

    [Fact]
    public void Lstm_Stateful_SecondCallContinues()
    {
        using var scope = NewDisposeScope();
        var lstm = Constant(new LSTM(4, 4, new RecurrentOptions { Stateful = true }), unitForgetBias: true);
        var sequence = arange(24, dtype: ScalarType.Float32).reshape(2, 3, 4);

        lstm.forward(sequence);

        var expected = new[] { 0.3124785, 0.6863672 }.SelectMany(v => Enumerable.Repeat(v, 4)).ToArray();
        ModelDsl.Tests.Layers.TensorAssert.Close(expected, lstm.forward(sequence), Tolerance);
    }

    [Theory]
    [InlineData(false, new[] { true, true, true, false, true, true, false, false }, new[] { 0.11755939, 0.28556206 })]
    [InlineData(true, new[] { false, true, true, true, false, false, true, true }, new[] { 0.15341201, 0.3844719 })]
    public void Lstm_Masked_LastStateSkipsMaskedSteps(bool goBackwards, bool[] mask, double[] lastStepPerRow)
    {
        using var scope = NewDisposeScope();
        var lstm = Constant(new LSTM(3, 2, new RecurrentOptions { GoBackwards = goBackwards }), unitForgetBias: true);
        var sequence = arange(24, dtype: ScalarType.Float32).reshape(2, 4, 3);

        var output = lstm.forward(sequence, tensor(mask).reshape(2, 4));

        ModelDsl.Tests.Layers.TensorAssert.Close(lastStepPerRow.SelectMany(v => Enumerable.Repeat(v, 2)).ToArray(), output, Tolerance);
    }

    /// <summary>
    /// Keras's Constant initializers on an LSTM: libtorch's two biases add up to Keras's one, so it all goes in
    /// <c>bias_ih</c> (gate blocks i, f, g, o), with the forget block at 1 under unit_forget_bias, and <c>bias_hh</c> is 0.
    /// </summary>
    private static LSTM Constant(LSTM lstm, bool unitForgetBias)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in lstm.KernelParameters())
        {
            parameter.fill_(name.StartsWith("weight_ih") ? 0.01 : name.StartsWith("weight_hh") ? 0.02 : name.StartsWith("bias_ih") ? 0.03 : 0.0);
            if (unitForgetBias && name.StartsWith("bias_ih"))
            {
                parameter.narrow(0, lstm.Units, lstm.Units).fill_(1.0);
            }
        }

        return lstm;
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
