using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// Builds ModelDsl layers the way a Keras test builds its layers: same arguments, every weight set to the test's
/// constants through the fused kernel's parameters, the same <c>arange</c> inputs.
/// </summary>
internal static class KerasConformance
{
    /// <summary>Keras's tests compare float32 outputs printed to about 7 significant digits.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The ModelDsl layer with the Keras layer's arguments, reading <paramref name="inputSize"/> features per step.</summary>
    public static RecurrentLayer Build(KerasRecurrentLayer keras, long inputSize)
    {
        var options = new RecurrentOptions
        {
            ReturnSequences = keras.ReturnSequences,
            GoBackwards = keras.GoBackwards,
            UseBias = keras.UseBias,
        };
        return keras.Kind switch
        {
            KerasRecurrentKind.SimpleRNN => new global::ModelDsl.Layers.SimpleRNN(inputSize, keras.Units, options),
            KerasRecurrentKind.GRU => new global::ModelDsl.Layers.GRU(inputSize, keras.Units, options),
            KerasRecurrentKind.LSTM => new global::ModelDsl.Layers.LSTM(inputSize, keras.Units, options),
            _ => throw new ArgumentOutOfRangeException(nameof(keras), keras.Kind, "unknown kind"),
        };
    }

    /// <summary>
    /// Sets every parameter of <paramref name="layer"/> to what Keras's constant initializers give the layer
    /// <paramref name="keras"/> describes. libtorch adds two bias vectors where Keras's SimpleRNN and LSTM have one, so
    /// <c>bias_hh</c> is 0 for those; Keras's GRU (reset_after) has an input and a recurrent bias, both the constant.
    /// Fails when the layer has a parameter this does not know, which would otherwise keep a random value.
    /// </summary>
    public static void SetConstants(nn.Module layer, KerasRecurrentLayer keras, KerasConstants constants)
    {
        using var noGrad = no_grad();
        var parameters = layer.named_parameters().ToList();
        var expected = keras.UseBias
            ? new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" }
            : new[] { "weight_ih_l0", "weight_hh_l0" };
        var found = parameters.Select(p => Suffix(p.name)).ToList();
        if (!found.OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(expected.OrderBy(n => n, StringComparer.Ordinal)))
        {
            throw new XunitException(
                $"{layer.GetName()} has parameters [{string.Join(", ", parameters.Select(p => p.name))}]; " +
                $"expected one fused kernel's [{string.Join(", ", expected)}]");
        }

        foreach (var (name, parameter) in parameters)
        {
            switch (Suffix(name))
            {
                case "weight_ih_l0":
                    parameter.fill_(constants.Kernel);
                    break;
                case "weight_hh_l0":
                    parameter.fill_(constants.RecurrentKernel);
                    break;
                case "bias_ih_l0":
                    parameter.fill_(constants.Bias);
                    if (keras.Kind == KerasRecurrentKind.LSTM && keras.UnitForgetBias)
                    {
                        // libtorch's gate order i, f, g, o is Keras's i, f, c, o: the forget block is the second.
                        using var forget = parameter.narrow(0, keras.Units, keras.Units);
                        forget.fill_(1.0);
                    }

                    break;
                case "bias_hh_l0":
                    parameter.fill_(keras.Kind == KerasRecurrentKind.GRU ? constants.Bias : 0.0);
                    break;
            }
        }
    }

    /// <summary><c>np.arange(N).reshape(shape).astype("float32")</c>.</summary>
    public static Tensor Arange(int[] shape) =>
        arange(shape.Aggregate(1L, (product, size) => product * size), dtype: ScalarType.Float32)
            .reshape(shape.Select(s => (long)s).ToArray());

    /// <summary>A Keras mask <c>[B, T]</c> as a bool tensor, or <c>null</c>.</summary>
    public static Tensor? Mask(bool[,]? mask) =>
        mask is null
            ? null
            : tensor(mask.Cast<bool>().ToArray(), new long[] { mask.GetLength(0), mask.GetLength(1) });

    /// <summary>The part of a parameter name after the last submodule prefix (<c>lstm.weight_ih_l0</c> -> <c>weight_ih_l0</c>).</summary>
    private static string Suffix(string name) => name[(name.LastIndexOf('.') + 1)..];
}
