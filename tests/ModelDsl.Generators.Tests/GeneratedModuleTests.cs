using System.Linq;
using System.Runtime.CompilerServices;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The module generated for each layer kind and option, pinned by snapshot. Every case also proves
/// the generated code compiles against the real TorchSharp API and that the generator caches.
/// </summary>
public sealed class GeneratedModuleTests
{
    [Fact]
    public void ImdbLstm_EmbeddingLstmDenseSigmoid() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class ImdbLstm;
        """);

    [Fact]
    public void SimpleRnn_OnFeatureSequences_WithReluAndNoBias() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(25, 8, DType = "float32")]
        [SimpleRNN(16, Activation = Activations.Relu, UseBias = false)]
        [Dense(3, Activation = Activations.Softmax)]
        public partial class FeatureRnn;
        """);

    [Fact]
    public void StackedGru_ReturnSequencesAndGoBackwards() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = Losses.BinaryCrossentropy, FromLogits = true, Optimizer = Optimizers.Sgd, LearningRate = 0.05, Momentum = 0.9, ClipNorm = 1.0, WeightDecay = 1e-4)]
        [Input(50)]
        [Embedding(2000, 64)]
        [GRU(48, ReturnSequences = true, GoBackwards = true)]
        [GRU(24)]
        [Dense(1)]
        public partial class StackedGru;
        """);

    [Fact]
    public void StackedLstm_WithDropoutBetween_KeepsSequencesToTheEnd() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(30)]
        [Embedding(500, 32)]
        [LSTM(64, ReturnSequences = true)]
        [Dropout(0.2)]
        [LSTM(32, ReturnSequences = true)]
        [Dense(500, Activation = "softmax")]
        public partial class CharLanguageModel;
        """);

    [Fact]
    public void UnknownSequenceLength_IsAcceptedByEmbeddingAndRecurrentLayers() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(Dimension.Unknown)]
        [Embedding(1000, 16)]
        [SimpleRNN(8)]
        [Dense(1, Activation = "sigmoid")]
        public partial class AnyLengthRnn;
        """);

    [Fact]
    public void DenseStack_OnTfIdfFeatures_WithEveryActivation() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(1000, DType = "float32")]
        [Dense(64, Activation = "relu")]
        [Dropout(0.5)]
        [Dense(32, Activation = "tanh")]
        [Dense(16)]
        [Activation("sigmoid")]
        [Dense(46, Activation = "linear", UseBias = false)]
        [Activation(Activations.Softmax)]
        public partial class TopicClassifier;
        """);

    [Fact]
    public void LinearActivationLayer_PassesItsInputThrough_AndCompiles() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(8, DType = "float32")]
        [Dense(4)]
        [Activation("linear")]
        [Dense(1, Activation = "sigmoid")]
        public partial class LinearActivationLayer;
        """);

    [Fact]
    public void Flatten_OverEmbeddedTokens() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(20)]
        [Embedding(10000, 8)]
        [Flatten]
        [Dense(1, Activation = "sigmoid")]
        public partial class FlatEmbedding;
        """);

    [Fact]
    public void GlobalNamespace_AndNestedClass() => VerifyModule("""
        using ModelDsl;

        public static partial class Experiments
        {
            [Model]
            [Input(10, DType = "float32")]
            [Dense(2)]
            internal partial class Tiny;
        }
        """);

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    public void Bidirectional_EachMergeMode(string merge) => VerifyModule($$"""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        [Input(40)]
        [Embedding(10000, 128)]
        [Bidirectional(merge: "{{merge}}")]
        [LSTM(64)]
        [Dense(1, Activation = "sigmoid")]
        public partial class BidirectionalImdb;
        """, variant: merge);

    [Fact]
    public void StackedBidirectional_FirstReturnsSequences() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        [Input(Dimension.Unknown)]
        [Embedding(20000, 64)]
        [Bidirectional, LSTM(64, ReturnSequences = true)]
        [Bidirectional(Merges.Sum)]
        [GRU(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class StackedBidirectional;
        """);

    [Fact]
    public void RecurrentDropout_IsPassedToTheLayerAndShownInTheDocs() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(60, 3, DType = "float32")]
        [GRU(32, Dropout = 0.2, RecurrentDropout = 0.5, ReturnSequences = true)]
        [SimpleRNN(16, RecurrentDropout = 0.25)]
        [Dense(1)]
        public partial class DroppedRecurrence;
        """);

    [Fact]
    public void GruResetBefore_AndHardSigmoidGates_ArePassedAsRecurrentOptions() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [GRU(32, ResetAfter = false, ReturnSequences = true)]
        [Bidirectional]
        [LSTM(8, RecurrentActivation = RecurrentActivations.HardSigmoid)]
        [Dense(1, Activation = "sigmoid")]
        public partial class KerasTwoRecurrent;
        """);

    [Fact]
    public void AdamBetasAndEpsilon_GoIntoTheTrainingOptions() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "mse", Optimizer = "adam", Beta1 = 0.5, Beta2 = 0.99, Epsilon = 1e-4)]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class TunedAdam;
        """);

    [Fact]
    public void Regularizers_AreBuiltOnTheLayers_InKerasSpelling() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        [Input(40)]
        [Embedding(1000, 16, EmbeddingsRegularizer = "l2")]
        [LSTM(8, KernelRegularizer = "l1(0.001)", RecurrentRegularizer = "l1_l2(l1=0.01, l2=0.02)", ReturnSequences = true)]
        [Bidirectional]
        [GRU(4, KernelRegularizer = "l2(1e-4)")]
        [Dense(1, Activation = "sigmoid", KernelRegularizer = "l2(1e-4)")]
        public partial class RegularizedRnn;
        """);

    [Fact]
    public void Int32TokenIds_AreReadByTheEmbedding_AndCheckedAsInt32() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(40, DType = DTypes.Int32)]
        [Embedding(1000, 16, MaskZero = true)]
        [LSTM(8)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Int32Ids;
        """);

    [Fact]
    public void StatefulLayers_GetResetStates_AndTheInputAFixedBatchSize() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "mse")]
        [Input(10, 3, DType = "float32", BatchSize = 4)]
        [LSTM(8, Stateful = true, ReturnSequences = true)]
        [Bidirectional]
        [GRU(4, Stateful = true)]
        [Dense(1)]
        public partial class StatefulForecaster;
        """);

    [Fact]
    public void LayerNames_GivenByName_NameTheFieldsAndSummaryRows_OthersKeepKerasNames() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(40)]
        [Embedding(1000, 16, Name = "token_vectors")]
        [Bidirectional]
        [LSTM(8, Name = "encoder", ReturnSequences = true)]
        [LSTM(8)]
        [Dropout(0.5, Name = "lstm_1")]
        [Dense(4, Activation = "relu")]
        [Activation("relu", Name = "act")]
        [Dense(1, Name = "class")]
        public partial class NamedLayers;
        """);

    [Fact]
    public void MaskZero_FlowsThroughDropoutIntoStackedLstms_AndStopsAtTheLastStep() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "categorical_crossentropy")]
        [Input(40)]
        [Embedding(10000, 128, MaskZero = true)]
        [Dropout(0.2)]
        [LSTM(64, ReturnSequences = true)]
        [Bidirectional]
        [LSTM(32)]
        [Dense(16, Activation = "relu")]
        [Dense(5, Activation = "softmax")]
        public partial class MaskedReviews;
        """);

    [Fact]
    public void MaskZero_WithoutALayerThatReadsIt_ComputesNoMask_AndWarns()
    {
        var run = GeneratorHarness.Run("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(20)]
            [Embedding(100, 8, MaskZero = true)]
            [Flatten]
            [Dense(1, Activation = "sigmoid")]
            public partial class UnreadMask;
            """);

        Assert.Equal("MDSL0106", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.CompilerErrors);
        Assert.DoesNotContain("ComputeMask", run.Source, System.StringComparison.Ordinal);
        Assert.DoesNotContain(", mask)", run.Source, System.StringComparison.Ordinal);
        Snapshot.Match(run.Source, "cs");
    }

    [Fact]
    public void FrozenEmbedding_IsBuiltNotTrainable() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        [Input(100)]
        [Embedding(400000, 50, Trainable = false)]
        [LSTM(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class GloveReviews;
        """);

    [Fact]
    public void KerasInitializer_IsAppliedAfterRegistration() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Initializer = Initializers.Keras)]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class KerasInitializedImdb;
        """);

    [Fact]
    public void TorchInitializer_KeepsTorchSharpsDefaults_WithoutAnApplyCall() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Initializer = Initializers.Torch)]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class TorchInitializedImdb;
        """);

    [Fact]
    public void CholletConv1D_EmbeddingConvPoolConvGlobalMaxDense() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "rmsprop", Metrics = new[] { "acc" })]
        [Input(500)]
        [Embedding(10000, 128)]
        [Conv1D(32, 7, Activation = "relu")]
        [MaxPooling1D(5)]
        [Conv1D(32, 7, Activation = "relu")]
        [GlobalMaxPooling1D]
        [Dense(1, Activation = "sigmoid")]
        public partial class ImdbCnn;
        """);

    [Fact]
    public void Conv1DAndPoolOptions_CausalDilatedConvSamePaddedStridedAveragePool() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(Dimension.Unknown, 6, DType = "float32")]
        [Conv1D(8, 3, Padding = Paddings.Causal, DilationRate = 2, UseBias = false)]
        [AveragePooling1D(3, Strides = 2, Padding = "same")]
        [Conv1D(4, 2, Strides = 2, Padding = "same", Activation = "tanh")]
        [MaxPooling1D]
        [GlobalAveragePooling1D]
        [Dense(2, Activation = "softmax")]
        public partial class ConvOptions;
        """);

    [Fact]
    public void GlobalAveragePooling1D_ReadsTheEmbeddingsPaddingMask() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        [Input(20)]
        [Embedding(1000, 16, MaskZero = true)]
        [GlobalAveragePooling1D]
        [Dense(1, Activation = "sigmoid")]
        public partial class AveragedEmbeddings;
        """);

    [Fact]
    public void ConvLstm2D_OverFrameSequences_ReturnsSequences() => VerifyModule("""
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(15, 40, 40, 1, DType = "float32")]
        [ConvLSTM2D(40, 3, 3, Padding = "same", ReturnSequences = true)]
        [ConvLSTM2D(8, 3, 3, RecurrentActivation = RecurrentActivations.Sigmoid, UseBias = false)]
        public partial class MovingFrames;
        """);

    private static void VerifyModule(string source, string? variant = null, [CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerErrors);
        Snapshot.Match(run.Source, "cs", variant, testMethod: test);
    }
}
