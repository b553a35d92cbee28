using System.Threading.Tasks;
using ModelDsl.CodeFixes;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Each code fix, before and after: the generator (or compiler) reports the diagnostic on the "before" source,
/// the fix turns it into the "after" source, and the diagnostic is gone (<see cref="CodeFixHarness"/>).
/// </summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task Mdsl0101_StackedLstm_GetsReturnSequencesOnTheLowerLayer()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(10000, 128)]
            [LSTM(32)]
            [LSTM(16)]
            [Dense(1, Activation = "sigmoid")]
            public partial class ImdbLstm;
            """, "MDSL0101", new ReturnSequencesCodeFix());

        Assert.Equal("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(10000, 128)]
            [LSTM(32, ReturnSequences = true)]
            [LSTM(16)]
            [Dense(1, Activation = "sigmoid")]
            public partial class ImdbLstm;
            """, after);
    }

    [Fact]
    public async Task Mdsl0101_ReturnSequencesFalse_IsSetToTrue()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(10000, 128)]
            [Bidirectional("concat")][GRU(32, ReturnSequences = false, Activation = "tanh")]
            [LSTM(16)]
            [Dense(1, Activation = "sigmoid")]
            public partial class ImdbLstm;
            """, "MDSL0101", new ReturnSequencesCodeFix());

        Assert.Contains("""[Bidirectional("concat")][GRU(32, ReturnSequences = true, Activation = "tanh")]""", after);
    }

    [Fact]
    public async Task Mdsl0209_DenseOverEmbeddedTokens_GetsFlattenBeforeIt()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model(Loss = "binary_crossentropy", Optimizer = "rmsprop")]
            [Input(20)]
            [Embedding(10000, 8)]
            [Dense(1, Activation = "sigmoid")]
            public partial class ImdbEmbeddingOnly;
            """, "MDSL0209", new FlattenCodeFix());

        Assert.Equal("""
            using ModelDsl;

            namespace Samples;

            [Model(Loss = "binary_crossentropy", Optimizer = "rmsprop")]
            [Input(20)]
            [Embedding(10000, 8)]
            [Flatten]
            [Dense(1, Activation = "sigmoid")]
            public partial class ImdbEmbeddingOnly;
            """, after);
    }

    [Fact]
    public async Task Mdsl0010_MisspeltActivation_IsReplacedWithTheSuggestion()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(1000, DType = "float32")]
            [Dense(1, Activation = "sigmod")]
            public partial class SpamFilter;
            """, "MDSL0010", new DidYouMeanCodeFix());

        Assert.Equal("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(1000, DType = "float32")]
            [Dense(1, Activation = "sigmoid")]
            public partial class SpamFilter;
            """, after);
    }

    [Fact]
    public async Task Mdsl0010_MisspeltMetricAmongSeveral_OnlyThatOneIsReplaced()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy", "acuracy" })]
            [Input(40)]
            [Embedding(1000, 8)]
            [LSTM(8)]
            [Dense(1, Activation = "sigmoid")]
            public partial class Sentiment;
            """, "MDSL0010", new DidYouMeanCodeFix());

        Assert.Contains("""Metrics = new[] { "accuracy", "accuracy" }""", after);
    }

    [Fact]
    public async Task Mdsl0010_MisspeltPadding_IsReplacedWithTheSuggestion()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(1000, 8)]
            [Conv1D(16, 3, Padding = "casual")]
            [GlobalMaxPooling1D]
            public partial class Texts;
            """, "MDSL0010", new DidYouMeanCodeFix());

        Assert.Contains("""[Conv1D(16, 3, Padding = "causal")]""", after);
    }

    [Fact]
    public async Task Mdsl0021_MisspeltLayerAttribute_IsRenamedToTheSuggestion()
    {
        var after = await CodeFixHarness.Apply("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(1000, 8)]
            [SimppleRNN(64)]
            [Dense(1, Activation = "sigmoid")]
            public partial class Sentiment;
            """, "MDSL0021", new DidYouMeanCodeFix());

        Assert.Contains("[SimpleRNN(64)]", after);
        Assert.DoesNotContain("SimppleRNN", after);
    }

    [Fact]
    public async Task Mdsl0021_KerasLayerModelDslLacks_OffersNoFix()
    {
        var offered = await CodeFixHarness.Offered("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(40)]
            [Embedding(1000, 8)]
            [BatchNormalization]
            [Dense(1, Activation = "sigmoid")]
            public partial class Sentiment;
            """, "MDSL0021", new DidYouMeanCodeFix());

        Assert.Empty(offered);
    }

    [Fact]
    public async Task Mdsl0010_WithoutAnyCloseName_OffersNoFix()
    {
        var offered = await CodeFixHarness.Offered("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(1000, DType = "float32")]
            [Dense(1, Activation = "zzzzzzzzzzzz")]
            public partial class SpamFilter;
            """, "MDSL0010", new DidYouMeanCodeFix());

        Assert.Empty(offered);
    }

    private const string GraphModelWithoutLayersUsing = """
        using ModelDsl;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "mse", Optimizer = "adam")]
        public partial class Tagger
        {
            [Dense(4)] partial Dense Output { get; }

            [Forward]
            Tensor Forward([Input(8, DType = "float32")] Tensor x) => Output.call(x);
        }
        """;

    [Fact]
    public async Task Cs0246_LayerPropertyTypeWithoutUsing_GetsUsingModelDslLayers()
    {
        var after = await CodeFixHarness.Apply(GraphModelWithoutLayersUsing, "CS0246", new AddLayersUsingCodeFix());

        Assert.Equal("""
            using ModelDsl;
            using ModelDsl.Layers;
            using static TorchSharp.torch;

            namespace Samples;

            [Model(Loss = "mse", Optimizer = "adam")]
            public partial class Tagger
            {
                [Dense(4)] partial Dense Output { get; }

                [Forward]
                Tensor Forward([Input(8, DType = "float32")] Tensor x) => Output.call(x);
            }
            """, after);
    }

    [Fact]
    public async Task Cs0246_OnANonLayerTypeOrOutsideAModel_OffersNoFix()
    {
        var offered = await CodeFixHarness.Offered("""
            namespace Samples;

            public class NotAModel
            {
                Dense Output { get; } = null!;
            }
            """, "CS0246", new AddLayersUsingCodeFix());

        Assert.Empty(offered);
    }

    [Fact]
    public async Task Mdsl0302_UnresolvedLayerPropertyType_GetsUsingModelDslLayers()
    {
        var after = await CodeFixHarness.Apply(GraphModelWithoutLayersUsing, "MDSL0302", new AddLayersUsingCodeFix());

        Assert.Contains("using ModelDsl.Layers;", after);
    }
}
