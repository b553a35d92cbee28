using System.Linq;
using System.Runtime.CompilerServices;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The module generated for graph models (layer properties wired by a <c>[Forward]</c> method), pinned by
/// snapshot. Every case also proves the generated code compiles against the real API and that the generator caches.
/// </summary>
public sealed class GraphModuleTests
{
    /// <summary>DESIGN.md's attention between two sentences.</summary>
    public const string QaAttention = """
        using ModelDsl;
        using ModelDsl.Layers;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "mse", Optimizer = "adam")]
        public partial class QaAttention
        {
            [Embedding(1000, 100)]                                               partial Embedding Embed { get; }
            [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1 { get; }
            [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode2 { get; }
            [Dense(200, Activation = "tanh")]                                    partial Dense Output { get; }

            [Forward]
            Tensor Forward([Input(20)] Tensor sentence1, [Input(30)] Tensor sentence2)
            {
                var h1 = Encode1.call(Embed.call(sentence1));            // [B, 20, 400]
                var h2 = Encode2.call(Embed.call(sentence2));            // [B, 30, 400]
                var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));    // [B, 30, 20]
                var context = Ops.Dot(weights, h1, axes: (2, 1));        // [B, 30, 400]
                return Output.call(Ops.Concatenate(context, h2));        // [B, 30, 200]
            }
        }
        """;

    [Fact]
    public void QaAttention_TwoInputsSharedEmbeddingBidirectionalDotAndConcatenate() => VerifyModule(QaAttention);

    private static void VerifyModule(string source, [CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Source, "cs", testMethod: test);
        Assert.Empty(run.CompilerErrors);
    }
}
