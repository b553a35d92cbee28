using System;
using System.Linq;
using ModelDsl.Tests.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// Keras's unmasked single-layer expectations reproduced with TorchSharp's own fused RNN, GRU and LSTM and the bias
/// conventions of <see cref="KerasConformance.SetConstants"/>: evidence, independent of ModelDsl's layers, that the
/// mapping of Keras's weights onto libtorch's (one bias vs two, the forget gate's 1) is the right one. The raw kernels run
/// with gradients on, i.e. libtorch's training kernels, which are right on every CPU; what libtorch runs without gradients
/// is not always right (<see cref="RawKernelTests"/>), which is why ModelDsl's layers check it.
/// </summary>
public sealed class FusedKernelConventionTests
{
    public static TheoryData<string> Cases => new(
        KerasReferenceValues.SimpleRnn.Concat(KerasReferenceValues.Gru).Concat(KerasReferenceValues.Lstm)
            .Where(c => c.Mask is null)
            .Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void LibtorchKernel_WithKerasConstants_GivesKerasOutput(string name)
    {
        var keras = KerasReferenceValues.Recurrent(name);
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        long features = keras.InputShape[^1];
        var units = keras.Layer.Units;
        var bias = keras.Layer.UseBias;
        var x = KerasConformance.Arange(keras.InputShape);

        // Keras's go_backwards reads the steps last to first and returns them in that (processing) order.
        var input = keras.Layer.GoBackwards ? x.flip(1) : x;
        Tensor steps;
        switch (keras.Layer.Kind)
        {
            case KerasRecurrentKind.SimpleRNN:
                {
                    using var rnn = nn.RNN(features, units, bias: bias, batchFirst: true);
                    KerasConformance.SetConstants(rnn, keras.Layer, keras.Layer.Constants);
                    steps = rnn.forward(input, null).Item1;
                    break;
                }

            case KerasRecurrentKind.GRU:
                {
                    using var gru = nn.GRU(features, units, bias: bias, batchFirst: true);
                    KerasConformance.SetConstants(gru, keras.Layer, keras.Layer.Constants);
                    steps = gru.forward(input, null).Item1;
                    break;
                }

            default:
                {
                    using var lstm = nn.LSTM(features, units, bias: bias, batchFirst: true);
                    KerasConformance.SetConstants(lstm, keras.Layer, keras.Layer.Constants);
                    steps = lstm.forward(input, null).Item1;
                    break;
                }
        }

        var y = keras.Layer.ReturnSequences ? steps : steps.select(1, -1);
        Reference.AssertClose(keras.Expected, y, KerasConformance.Tolerance);
    }
}
