using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// Valid sequential models, built so every layer fits the one above it: token ids through an embedding and a
/// recurrent stack (or Flatten) or through convolutions and pools, feature vectors through Dense layers, or feature
/// sequences through recurrent layers; each ends in an output that fits its loss.
/// </summary>
public static class SequentialDeclarations
{
    private static readonly Gen<string> Recurrent = Gen.OneOf("SimpleRNN", "GRU", "LSTM");

    private static readonly Gen<string> Merge = Gen.OneOf("concat", "sum", "mul", "ave");

    private static readonly Gen<string> Hidden = Gen.OneOf("relu", "tanh", "sigmoid", "linear");

    /// <summary>One recurrent layer (maybe bidirectional) as its attribute lines.</summary>
    private static Gen<string[]> RecurrentLayer(bool returnSequences) =>
        Gen.Select(Recurrent, Gen.Int[1, 48], Gen.Bool, Gen.Int[0, 3], Merge, Gen.Int[0, 3], Gen.Int[0, 5], (kind, units, backwards, wrap, merge, dropout, keras2) =>
        {
            var options = new List<string>();
            if (dropout == 0)
            {
                options.Add("RecurrentDropout = 0.2");
            }

            // Keras 2.0–2.2's cells and the regularizers, now and then.
            if (keras2 == 0 && kind != "SimpleRNN")
            {
                options.Add("RecurrentActivation = \"hard_sigmoid\"");
            }

            if (keras2 == 1 && kind == "GRU")
            {
                options.Add("ResetAfter = false");
            }

            if (keras2 == 2)
            {
                options.Add("KernelRegularizer = \"l2(1e-4)\"");
            }

            if (returnSequences)
            {
                options.Add("ReturnSequences = true");
            }

            if (backwards)
            {
                options.Add("GoBackwards = true");
            }

            var layer = $"[{kind}({string.Join(", ", new[] { units.ToString() }.Concat(options))})]";
            return wrap == 0 ? new[] { $"[Bidirectional(merge: \"{merge}\")]", layer } : new[] { layer };
        });

    private static Gen<string[]> RecurrentStack(int count) =>
        count == 0
            ? Gen.Const(System.Array.Empty<string>())
            : Gen.Select(RecurrentLayer(returnSequences: true).Array[count - 1], RecurrentLayer(returnSequences: false), (above, last) => above.SelectMany(l => l).Concat(last).ToArray());

    /// <summary>The output layer and the [Model] options that fit it.</summary>
    private static readonly Gen<(string Output, string Model)> Output =
        Gen.Select(Gen.Int[0, 3], Gen.Int[2, 20], Gen.OneOf("adam", "rmsprop", "sgd", "adagrad"), Gen.OneOf("", ", LearningRate = 0.01", ", ClipNorm = 1.0"), Gen.Bool,
            (kind, classes, optimizer, extra, momentum) =>
            {
                var options = $"Optimizer = \"{optimizer}\"{extra}{(momentum && optimizer is "sgd" or "rmsprop" ? ", Momentum = 0.9" : "")}";
                return kind switch
                {
                    0 => ("[Dense(1, Activation = \"sigmoid\")]", $"[Model(Loss = \"binary_crossentropy\", {options}, Metrics = new[] {{ \"accuracy\" }})]"),
                    1 => ($"[Dense({classes}, Activation = \"softmax\")]", $"[Model(Loss = \"categorical_crossentropy\", {options})]"),
                    2 => ($"[Dense({classes}, Activation = \"softmax\")]", $"[Model(Loss = \"sparse_categorical_crossentropy\", {options}, Metrics = new[] {{ \"accuracy\" }})]"),
                    _ => ($"[Dense({classes})]", $"[Model(Loss = \"mse\", {options})]"),
                };
            });

    private static readonly Gen<string[]> Tail =
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 32], Hidden, Gen.Int[0, 2], Gen.Bool, (hidden, units, activation, extra, useBias) =>
            Enumerable.Repeat($"[Dense({units}, Activation = \"{activation}\"{(useBias ? "" : ", UseBias = false")})]", hidden)
                .Concat(extra switch { 0 => System.Array.Empty<string>(), 1 => new[] { "[Dropout(0.25)]" }, _ => new[] { $"[Activation(\"{activation}\")]" } })
                .ToArray());

    /// <summary>Token ids: Input(T), Embedding, then recurrent layers, or Flatten when the length is known.</summary>
    private static readonly Gen<string[]> TokenLayers =
        from length in Gen.OneOf(-1, 1, 7, 40)
        from vocabulary in Gen.Int[2, 5000]
        from width in Gen.Int[1, 64]
        from maskZero in Gen.Bool
        from frozen in Gen.Bool
        from recurrent in Gen.Int[length < 0 ? 1 : 0, 2]
        from stack in RecurrentStack(recurrent)
        from tail in Tail
        select new[] { length < 0 ? "[Input(Dimension.Unknown)]" : $"[Input({length})]", $"[Embedding({vocabulary}, {width}{(maskZero ? ", MaskZero = true" : "")}{(frozen ? ", Trainable = false" : "")})]" }
            .Concat(recurrent == 0 ? new[] { "[Flatten]" } : stack)
            .Concat(tail)
            .ToArray();

    /// <summary>Feature vectors: Input(F, float32) and Dense layers.</summary>
    private static readonly Gen<string[]> FeatureLayers =
        from features in Gen.Int[1, 2000]
        from tail in Tail
        select new[] { $"[Input({features}, DType = \"float32\")]" }.Concat(tail).ToArray();

    /// <summary>Feature sequences: Input(T, F, float32) and recurrent layers.</summary>
    private static readonly Gen<string[]> SequenceLayers =
        from length in Gen.OneOf(-1, 3, 25)
        from features in Gen.Int[1, 32]
        from recurrent in Gen.Int[1, 2]
        from stack in RecurrentStack(recurrent)
        from tail in Tail
        select new[] { $"[Input({(length < 0 ? "Dimension.Unknown" : length.ToString())}, {features}, DType = \"float32\")]" }.Concat(stack).Concat(tail).ToArray();

    /// <summary>One Conv1D and a pool after it, short enough windows that a 30-step sequence never runs out.</summary>
    private static readonly Gen<string[]> ConvolutionBlock =
        Gen.Select(Gen.Int[1, 16], Gen.Int[1, 4], Gen.OneOf("valid", "same", "causal"), Hidden, Gen.OneOf("MaxPooling1D", "AveragePooling1D"), Gen.OneOf("", ", Padding = \"same\"", ", Strides = 1"),
            (filters, kernel, padding, activation, pool, poolOptions) => new[]
            {
                $"[Conv1D({filters}, {kernel}, Activation = \"{activation}\"{(padding == "valid" ? "" : $", Padding = \"{padding}\"")})]",
                $"[{pool}(2{poolOptions})]",
            });

    /// <summary>Token ids through an embedding, one or two convolution blocks and a global pool.</summary>
    private static readonly Gen<string[]> ConvolutionLayers =
        from length in Gen.OneOf(-1, 30, 60)
        from vocabulary in Gen.Int[2, 5000]
        from width in Gen.Int[1, 32]
        from blocks in Gen.Int[1, 2]
        from convolutions in ConvolutionBlock.Array[blocks]
        from global in Gen.OneOf("[GlobalMaxPooling1D]", "[GlobalAveragePooling1D]")
        from tail in Tail
        select new[] { length < 0 ? "[Input(Dimension.Unknown)]" : $"[Input({length})]", $"[Embedding({vocabulary}, {width})]" }
            .Concat(convolutions.SelectMany(b => b))
            .Append(global)
            .Concat(tail)
            .ToArray();

    public static readonly Gen<Declaration> Valid =
        from ns in Names.Namespace
        from container in Names.Container
        from name in Names.Class
        from layers in Gen.OneOf<string[]>(TokenLayers, FeatureLayers, SequenceLayers, ConvolutionLayers)
        from output in Output
        select new Declaration(ns, container, new[] { output.Model }.Concat(layers).Append(output.Output).ToList(), Names.Header(name), System.Array.Empty<string>());
}
