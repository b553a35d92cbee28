using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;

namespace ModelDsl.Tests.Conformance;

/// <summary>The Keras recurrent layer a case builds.</summary>
internal enum KerasRecurrentKind
{
    SimpleRNN,
    GRU,
    LSTM,
}

/// <summary>The <c>initializers.Constant</c> values a Keras test gives the kernel, the recurrent kernel and the bias.</summary>
internal sealed record KerasConstants(double Kernel, double RecurrentKernel, double Bias)
{
    /// <summary>What every Keras RNN correctness test uses: kernel 0.01, recurrent kernel 0.02, bias 0.03.</summary>
    public static KerasConstants Standard { get; } = new(0.01, 0.02, 0.03);
}

/// <summary>A recurrent layer as a Keras test constructs it; what the test does not pass keeps Keras's default.</summary>
internal sealed record KerasRecurrentLayer(KerasRecurrentKind Kind, int Units)
{
    public bool ReturnSequences { get; init; }

    public bool GoBackwards { get; init; }

    public bool UseBias { get; init; } = true;

    /// <summary>
    /// LSTM only. Keras's default <c>unit_forget_bias=True</c> builds the bias as
    /// <c>[constant(H), ones(H), constant(2H)]</c>: the forget gate's bias is exactly 1, not 1 + the constant.
    /// </summary>
    public bool UnitForgetBias { get; init; } = true;

    public KerasConstants Constants { get; init; } = KerasConstants.Standard;
}

/// <summary>One assertion of a Keras test on a single recurrent layer, over <c>np.arange(N).reshape(InputShape)</c> in float32.</summary>
/// <param name="Name">How the case reads in test output: the Keras constructor call.</param>
/// <param name="Source">The Keras file and test method the values come from.</param>
/// <param name="Expected">What Keras asserts: <c>double[,]</c> for the last step, <c>double[,,]</c> for every step.</param>
internal sealed record KerasRecurrentCase(string Name, string Source, KerasRecurrentLayer Layer, int[] InputShape, Array Expected)
{
    /// <summary>The <c>mask</c> the test passes, <c>[B, T]</c>; <c>null</c> without one.</summary>
    public bool[,]? Mask { get; init; }

    public override string ToString() => Name;
}

/// <summary>One assertion of Keras's Bidirectional test.</summary>
/// <param name="Expected">The merged output, or the forward half for <see cref="BidirectionalMerge.None"/>.</param>
internal sealed record KerasBidirectionalCase(
    string Name, string Source, KerasRecurrentLayer Layer, BidirectionalMerge Merge, int[] InputShape, Array Expected)
{
    /// <summary>The constants of an explicit <c>backward_layer</c>; <c>null</c> when Keras copies the forward layer.</summary>
    public KerasConstants? BackwardConstants { get; init; }

    /// <summary>The backward half, for <see cref="BidirectionalMerge.None"/>.</summary>
    public Array? ExpectedBackward { get; init; }

    public bool[,]? Mask { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// Expected outputs from Keras 3's own RNN layer tests (keras-team/keras, <c>keras/src/layers/rnn/</c>), with the
/// layer arguments and inputs that produce them. Every test builds its layers with
/// <see cref="KerasConstants.Standard"/> unless a case says otherwise.
/// </summary>
/// <remarks>
/// Not carried over: <c>unroll=True</c> variants (the same values as the loop they repeat), <c>stateful</c>,
/// <c>initial_state</c> and <c>return_state</c> (ModelDsl has no such arguments), GRU <c>reset_after=False</c>
/// (libtorch computes only reset-after), and masked <c>return_sequences</c> with Keras's default
/// <c>zero_output_for_mask=False</c>, where Keras repeats the previous output at a masked step while ModelDsl's
/// contract (<see cref="RecurrentLayer.forward(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor?)"/>) outputs zeros;
/// the <c>zero_output_for_mask=True</c> variant of the same test is carried over.
/// </remarks>
internal static class KerasReferenceValues
{
    private const string SimpleRnnTest = "keras/src/layers/rnn/simple_rnn_test.py (commit 4e66d1b3)";
    private const string GruTest = "keras/src/layers/rnn/gru_test.py (commit 03313da2)";
    private const string LstmTest = "keras/src/layers/rnn/lstm_test.py (commit 12ada9a3)";
    private const string BidirectionalTest = "keras/src/layers/rnn/bidirectional_test.py (commit 17dff27b)";

    // test_masking's masks: steps are skipped in the middle (SimpleRNN, GRU, Bidirectional) or at the end (LSTM).
    private static readonly bool[,] MiddleMask = { { true, true, false, true }, { true, false, false, true } };
    private static readonly bool[,] TrailingMask = { { true, true, true, false }, { true, true, false, false } };
    private static readonly bool[,] LeadingMask = { { false, true, true, true }, { false, false, true, true } };

    public static IReadOnlyList<KerasRecurrentCase> SimpleRnn { get; } =
    [
        // simple_rnn_test.py, SimpleRNNTest.test_correctness: SimpleRNN(4) on arange(24).reshape((2, 3, 4)).
        new(
            "SimpleRNN(4)",
            $"{SimpleRnnTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 4),
            [2, 3, 4],
            Rows([0.405432, 0.405432, 0.405432, 0.405432], [0.73605347, 0.73605347, 0.73605347, 0.73605347])),

        // simple_rnn_test.py, SimpleRNNTest.test_correctness: SimpleRNN(4, go_backwards=True).
        new(
            "SimpleRNN(4, go_backwards=True)",
            $"{SimpleRnnTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 4) { GoBackwards = true },
            [2, 3, 4],
            Rows([0.11144729, 0.11144729, 0.11144729, 0.11144729], [0.5528889, 0.5528889, 0.5528889, 0.5528889])),

        // simple_rnn_test.py, SimpleRNNTest.test_masking: SimpleRNN(4, unroll=True) on arange(24).reshape((2, 4, 3)).
        new(
            "SimpleRNN(4), mask",
            $"{SimpleRnnTest}, SimpleRNNTest.test_masking",
            new(KerasRecurrentKind.SimpleRNN, 4),
            [2, 4, 3],
            Rows([0.32951632, 0.32951632, 0.32951632, 0.32951632], [0.61799484, 0.61799484, 0.61799484, 0.61799484]))
        { Mask = MiddleMask },

        // simple_rnn_test.py, SimpleRNNTest.test_masking: SimpleRNN(2, return_sequences=True, zero_output_for_mask=True).
        new(
            "SimpleRNN(2, return_sequences=True, zero_output_for_mask=True), mask",
            $"{SimpleRnnTest}, SimpleRNNTest.test_masking",
            new(KerasRecurrentKind.SimpleRNN, 2) { ReturnSequences = true },
            [2, 4, 3],
            Sequences(
                [[0.0599281, 0.0599281], [0.15122814, 0.15122814], [0.0, 0.0], [0.32394567, 0.32394567]],
                [[0.3969304, 0.3969304], [0.0, 0.0], [0.0, 0.0], [0.608085, 0.608085]]))
        { Mask = MiddleMask },

        // simple_rnn_test.py, SimpleRNNTest.test_masking: SimpleRNN(4, go_backwards=True) with the mask.
        new(
            "SimpleRNN(4, go_backwards=True), mask",
            $"{SimpleRnnTest}, SimpleRNNTest.test_masking",
            new(KerasRecurrentKind.SimpleRNN, 4) { GoBackwards = true },
            [2, 4, 3],
            Rows([0.07376196, 0.07376196, 0.07376196, 0.07376196], [0.43645123, 0.43645123, 0.43645123, 0.43645123]))
        { Mask = MiddleMask },
    ];

    public static IReadOnlyList<KerasRecurrentCase> Gru { get; } =
    [
        // gru_test.py, GRUTest.test_correctness: GRU(3) on arange(72).reshape((3, 6, 4)); Keras 3's default
        // reset_after=True has an input and a recurrent bias, both Constant(0.03).
        new(
            "GRU(3)",
            $"{GruTest}, GRUTest.test_correctness",
            new(KerasRecurrentKind.GRU, 3),
            [3, 6, 4],
            Rows([0.5217289, 0.5217289, 0.5217289], [0.6371659, 0.6371659, 0.6371659], [0.39384964, 0.39384964, 0.3938496])),

        // gru_test.py, GRUTest.test_correctness: GRU(3, go_backwards=True).
        new(
            "GRU(3, go_backwards=True)",
            $"{GruTest}, GRUTest.test_correctness",
            new(KerasRecurrentKind.GRU, 3) { GoBackwards = true },
            [3, 6, 4],
            Rows([0.24406259, 0.24406259, 0.24406259], [0.611516, 0.611516, 0.611516], [0.3928808, 0.3928808, 0.3928808])),

        // gru_test.py, GRUTest.test_correctness: GRU(3, use_bias=False).
        new(
            "GRU(3, use_bias=False)",
            $"{GruTest}, GRUTest.test_correctness",
            new(KerasRecurrentKind.GRU, 3) { UseBias = false },
            [3, 6, 4],
            Rows([0.49988455, 0.49988455, 0.49988455], [0.64701194, 0.64701194, 0.64701194], [0.4103359, 0.4103359, 0.4103359])),

        // gru_test.py, GRUTest.test_masking: GRU(2, unroll=True) on arange(24).reshape((2, 4, 3)).
        new(
            "GRU(2), mask",
            $"{GruTest}, GRUTest.test_masking",
            new(KerasRecurrentKind.GRU, 2),
            [2, 4, 3],
            Rows([0.19393763, 0.19393763], [0.30818558, 0.30818558]))
        { Mask = MiddleMask },

        // gru_test.py, GRUTest.test_masking: GRU(2, return_sequences=True, zero_output_for_mask=True).
        new(
            "GRU(2, return_sequences=True, zero_output_for_mask=True), mask",
            $"{GruTest}, GRUTest.test_masking",
            new(KerasRecurrentKind.GRU, 2) { ReturnSequences = true },
            [2, 4, 3],
            Sequences(
                [[0.03606692, 0.03606692], [0.09497581, 0.09497581], [0.0, 0.0], [0.19393763, 0.19393763]],
                [[0.16051409, 0.16051409], [0.0, 0.0], [0.0, 0.0], [0.30818558, 0.30818558]]))
        { Mask = MiddleMask },

        // gru_test.py, GRUTest.test_masking: GRU(2, go_backwards=True) with the mask.
        new(
            "GRU(2, go_backwards=True), mask",
            $"{GruTest}, GRUTest.test_masking",
            new(KerasRecurrentKind.GRU, 2) { GoBackwards = true },
            [2, 4, 3],
            Rows([0.11669192, 0.11669192], [0.28380975, 0.28380975]))
        { Mask = MiddleMask },
    ];

    public static IReadOnlyList<KerasRecurrentCase> Lstm { get; } =
    [
        // lstm_test.py, LSTMTest.test_correctness: LSTM(3) on arange(72).reshape((3, 6, 4)), unit_forget_bias=True.
        new(
            "LSTM(3)",
            $"{LstmTest}, LSTMTest.test_correctness",
            new(KerasRecurrentKind.LSTM, 3),
            [3, 6, 4],
            Rows([0.6288687, 0.6288687, 0.6288687], [0.86899155, 0.86899155, 0.86899155], [0.9460773, 0.9460773, 0.9460773])),

        // lstm_test.py, LSTMTest.test_correctness: LSTM(3, go_backwards=True).
        new(
            "LSTM(3, go_backwards=True)",
            $"{LstmTest}, LSTMTest.test_correctness",
            new(KerasRecurrentKind.LSTM, 3) { GoBackwards = true },
            [3, 6, 4],
            Rows([0.35622165, 0.35622165, 0.35622165], [0.74789524, 0.74789524, 0.74789524], [0.8872726, 0.8872726, 0.8872726])),

        // lstm_test.py, LSTMTest.test_correctness: LSTM(3, unit_forget_bias=False): the forget bias is the constant too.
        new(
            "LSTM(3, unit_forget_bias=False)",
            $"{LstmTest}, LSTMTest.test_correctness",
            new(KerasRecurrentKind.LSTM, 3) { UnitForgetBias = false },
            [3, 6, 4],
            Rows([0.57019705, 0.57019705, 0.57019705], [0.8661914, 0.8661914, 0.8661914], [0.9459622, 0.9459622, 0.9459622])),

        // lstm_test.py, LSTMTest.test_correctness: LSTM(3, use_bias=False).
        new(
            "LSTM(3, use_bias=False)",
            $"{LstmTest}, LSTMTest.test_correctness",
            new(KerasRecurrentKind.LSTM, 3) { UseBias = false },
            [3, 6, 4],
            Rows([0.54986924, 0.54986924, 0.54986924], [0.86226785, 0.86226785, 0.86226785], [0.9443936, 0.9443936, 0.9443936])),

        // lstm_test.py, LSTMTest.test_masking: LSTM(2, unroll=True) on arange(24).reshape((2, 4, 3)), trailing padding.
        new(
            "LSTM(2), mask",
            $"{LstmTest}, LSTMTest.test_masking",
            new(KerasRecurrentKind.LSTM, 2),
            [2, 4, 3],
            Rows([0.11755939, 0.11755939], [0.28556206, 0.28556206]))
        { Mask = TrailingMask },

        // lstm_test.py, LSTMTest.test_masking: LSTM(2, return_sequences=True, zero_output_for_mask=True).
        new(
            "LSTM(2, return_sequences=True, zero_output_for_mask=True), mask",
            $"{LstmTest}, LSTMTest.test_masking",
            new(KerasRecurrentKind.LSTM, 2) { ReturnSequences = true },
            [2, 4, 3],
            Sequences(
                [[0.01588910, 0.01588910], [0.05552048, 0.05552048], [0.11755939, 0.11755939], [0.0, 0.0]],
                [[0.14185596, 0.14185596], [0.28556206, 0.28556206], [0.0, 0.0], [0.0, 0.0]]))
        { Mask = TrailingMask },

        // lstm_test.py, LSTMTest.test_masking: LSTM(2, go_backwards=True) with backwards_mask (leading padding).
        new(
            "LSTM(2, go_backwards=True), leading mask",
            $"{LstmTest}, LSTMTest.test_masking",
            new(KerasRecurrentKind.LSTM, 2) { GoBackwards = true },
            [2, 4, 3],
            Rows([0.15341201, 0.15341201], [0.3844719, 0.3844719]))
        { Mask = LeadingMask },
    ];

    public static IReadOnlyList<KerasBidirectionalCase> Bidirectional { get; } =
    [
        // bidirectional_test.py, SimpleRNNTest.test_correctness: Bidirectional(SimpleRNN(2)) (merge_mode="concat")
        // on arange(24).reshape((2, 3, 4)); the backward half is the backward layer's final state.
        new(
            "Bidirectional(SimpleRNN(2))",
            $"{BidirectionalTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 2),
            BidirectionalMerge.Concat,
            [2, 3, 4],
            Rows([0.39687276, 0.39687276, 0.10004295, 0.10004295], [0.7237238, 0.7237238, 0.53391594, 0.53391594])),

        // bidirectional_test.py, SimpleRNNTest.test_correctness: merge_mode="ave".
        new(
            "Bidirectional(SimpleRNN(2), merge_mode=\"ave\")",
            $"{BidirectionalTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 2),
            BidirectionalMerge.Ave,
            [2, 3, 4],
            Rows([0.24845785, 0.24845785], [0.6288199, 0.6288199])),

        // bidirectional_test.py, SimpleRNNTest.test_correctness: merge_mode=None returns (forward, backward).
        new(
            "Bidirectional(SimpleRNN(2), merge_mode=None)",
            $"{BidirectionalTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 2),
            BidirectionalMerge.None,
            [2, 3, 4],
            Rows([0.39687276, 0.39687276], [0.7237238, 0.7237238]))
        { ExpectedBackward = Rows([0.10004295, 0.10004295], [0.53391594, 0.53391594]) },

        // bidirectional_test.py, SimpleRNNTest.test_correctness: merge_mode="mul" with an explicit
        // backward_layer=SimpleRNN(2, go_backwards=True) built with kernel 0.03, recurrent kernel 0.02, bias 0.01.
        new(
            "Bidirectional(SimpleRNN(2), backward_layer=SimpleRNN(2, Constant 0.03/0.02/0.01), merge_mode=\"mul\")",
            $"{BidirectionalTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.SimpleRNN, 2),
            BidirectionalMerge.Mul,
            [2, 3, 4],
            Rows([0.08374989, 0.08374989], [0.6740834, 0.6740834]))
        { BackwardConstants = new(0.03, 0.02, 0.01) },

        // bidirectional_test.py, SimpleRNNTest.test_correctness: Bidirectional(GRU(2, return_sequences=True),
        // merge_mode="sum"): backward steps are put back in input order before the sum.
        new(
            "Bidirectional(GRU(2, return_sequences=True), merge_mode=\"sum\")",
            $"{BidirectionalTest}, SimpleRNNTest.test_correctness",
            new(KerasRecurrentKind.GRU, 2) { ReturnSequences = true },
            BidirectionalMerge.Sum,
            [2, 3, 4],
            Sequences(
                [[0.20937867, 0.20937867], [0.34462988, 0.34462988], [0.40290534, 0.40290534]],
                [[0.59829646, 0.59829646], [0.6734641, 0.6734641], [0.6479671, 0.6479671]])),

        // bidirectional_test.py, SimpleRNNTest.test_masking: Bidirectional(GRU(2)) on arange(24).reshape((2, 4, 3))
        // with a mask; each half equals gru_test.py's masked GRU(2) and GRU(2, go_backwards=True).
        new(
            "Bidirectional(GRU(2)), mask",
            $"{BidirectionalTest}, SimpleRNNTest.test_masking",
            new(KerasRecurrentKind.GRU, 2),
            BidirectionalMerge.Concat,
            [2, 4, 3],
            Rows([0.19393763, 0.19393763, 0.11669192, 0.11669192], [0.30818558, 0.30818558, 0.28380975, 0.28380975]))
        { Mask = MiddleMask },
    ];

    /// <summary>The single-layer case called <paramref name="name"/>.</summary>
    public static KerasRecurrentCase Recurrent(string name) =>
        SimpleRnn.Concat(Gru).Concat(Lstm).Single(c => c.Name == name);

    /// <summary>The Bidirectional case called <paramref name="name"/>.</summary>
    public static KerasBidirectionalCase BidirectionalCase(string name) =>
        Bidirectional.Single(c => c.Name == name);

    /// <summary><c>[B, units]</c> from one row per sequence.</summary>
    private static double[,] Rows(params double[][] rows)
    {
        var result = new double[rows.Length, rows[0].Length];
        for (var b = 0; b < rows.Length; b++)
        {
            for (var u = 0; u < rows[b].Length; u++)
            {
                result[b, u] = rows[b][u];
            }
        }

        return result;
    }

    /// <summary><c>[B, T, units]</c> from one <c>[T, units]</c> block per sequence.</summary>
    private static double[,,] Sequences(params double[][][] sequences)
    {
        var result = new double[sequences.Length, sequences[0].Length, sequences[0][0].Length];
        for (var b = 0; b < sequences.Length; b++)
        {
            for (var t = 0; t < sequences[b].Length; t++)
            {
                for (var u = 0; u < sequences[b][t].Length; u++)
                {
                    result[b, t, u] = sequences[b][t][u];
                }
            }
        }

        return result;
    }
}
