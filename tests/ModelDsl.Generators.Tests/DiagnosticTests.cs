using System.Linq;
using System.Runtime.CompilerServices;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Every diagnostic, pinned by snapshot (ID, severity, position, message, underlined source). Each case
/// also checks there is no cascade: code using the model still compiles apart from the MDSL error.
/// </summary>
public sealed class DiagnosticTests
{
    private const string UsesTheModel = """
        public static class Usage
        {
            public static void Run() => new Samples.Broken().Summary();
        }
        """;

    [Fact]
    public void RecurrentLayerGivenRank2Features_ReportsRank3ExpectedRank2Given() => VerifyDiagnostics("""
        [Model]
        [Input(1000, DType = "float32")]
        [SimpleRNN(512)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0100"]);

    [Fact]
    public void StackedLstmWithoutReturnSequences_ReportsAtTheFirstLstm() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [LSTM(16)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0101"]);

    [Fact]
    public void StackedGruWithDropoutBetween_ReportsAtTheGruAboveTheDropout() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [GRU(32)]
        [Dropout(0.3)]
        [GRU(16)]
        public partial class Broken;
        """, ["MDSL0101"]);

    [Fact]
    public void EmbeddingGivenFloatFeatures() => VerifyDiagnostics("""
        [Model]
        [Input(100, DType = DTypes.Float32)]
        [Embedding(5000, 32)]
        [LSTM(8)]
        public partial class Broken;
        """, ["MDSL0102"]);

    [Fact]
    public void FlattenOverUnknownLength() => VerifyDiagnostics("""
        [Model]
        [Input(Dimension.Unknown)]
        [Embedding(1000, 8)]
        [Flatten]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0103"]);

    [Fact]
    public void DenseGivenTokenIds() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Dense(16, Activation = "relu")]
        public partial class Broken;
        """, ["MDSL0104"]);

    [Fact]
    public void LstmGivenTokenIdsWithoutEmbedding() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [LSTM(16)]
        public partial class Broken;
        """, ["MDSL0104"]);

    [Fact]
    public void DenseOverUnknownFeatureSize() => VerifyDiagnostics("""
        [Model]
        [Input(Dimension.Unknown, DType = "float32")]
        [Dense(4)]
        public partial class Broken;
        """, ["MDSL0105"]);

    [Fact]
    public void NonPositiveSizes_AreReportedAtTheArgument() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(0, 128)]
        [LSTM(-4)]
        [Dense(units: 0)]
        public partial class Broken;
        """, ["MDSL0012", "MDSL0012", "MDSL0012"]);

    [Fact]
    public void DropoutRateOutsideZeroToOne() => VerifyDiagnostics("""
        [Model]
        [Input(10, DType = "float32")]
        [Dropout(1.0)]
        [Dropout(-0.1)]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0013", "MDSL0013"]);

    [Fact]
    public void MisspeltActivation_SuggestsTheClosestName() => VerifyDiagnostics("""
        [Model]
        [Input(10, DType = "float32")]
        [Dense(1, Activation = "sigmod")]
        [Activation("Relu")]
        public partial class Broken;
        """, ["MDSL0010", "MDSL0010"]);

    [Fact]
    public void MisspeltDType_SuggestsTheClosestName() => VerifyDiagnostics("""
        [Model]
        [Input(10, DType = "float")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void ActivationTheFusedKernelCannotRun_IsUnsupported() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(100, 8)]
        [LSTM(8, Activation = "relu", ReturnSequences = true)]
        [Dense(4, Activation = "gelu")]
        public partial class Broken;
        """, ["MDSL0011", "MDSL0011"]);

    [Fact]
    public void InputWithZeroOrEmptyShape() => VerifyDiagnostics("""
        [Model]
        [Input(40, 0)]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0014"]);

    [Fact]
    public void ModelWithoutInput() => VerifyDiagnostics("""
        [Model]
        [Embedding(1000, 8)]
        [LSTM(4)]
        public partial class Broken;
        """, ["MDSL0002"]);

    [Fact]
    public void LayerAboveInput() => VerifyDiagnostics("""
        [Model]
        [Embedding(1000, 8)]
        [Input(40)]
        [LSTM(4)]
        public partial class Broken;
        """, ["MDSL0003"]);

    [Fact]
    public void ModelWithoutLayers() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        public partial class Broken;
        """, ["MDSL0007"]);

    [Fact]
    public void LayersSplitAcrossPartialDeclarations() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 8)]
        public partial class Broken;

        [LSTM(4)]
        public partial class Broken;
        """, ["MDSL0004"]);

    [Fact]
    public void ModelClassNotPartial() => VerifyDiagnostics("""
        [Model]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public class Broken;
        """, ["MDSL0001"], expectModule: false);

    [Fact]
    public void ModelClassWithBaseClass() => VerifyDiagnostics("""
        public class Base;

        [Model]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken : Base;
        """, ["MDSL0005"], expectModule: false);

    [Fact]
    public void GenericModelClass() => VerifyDiagnostics("""
        [Model]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken<T>;
        """, ["MDSL0006"], expectModule: false);

    [Fact]
    public void UnknownLossOptimizerAndMetric_SuggestTheClosestNames() => VerifyDiagnostics("""
        [Model(Loss = "binary_crossentropie", Optimizer = "RMSprob", Metrics = new[] { "accuarcy" })]
        [Input(10, DType = "float32")]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0010", "MDSL0010", "MDSL0010"]);

    /// <summary>
    /// Keras's other spellings compile: class names for losses (and Keras's aliases of mse), optimizer names in any case
    /// (Keras lower-cases them), and <c>acc</c>. Loss and optimizer reach the generated options by canonical name; the
    /// metric keeps the name asked for, so the history logs <c>acc</c> / <c>val_acc</c> as Keras does.
    /// </summary>
    [Theory]
    [InlineData("BinaryCrossentropy", "RMSprop", "acc", "binary_crossentropy", "rmsprop")]
    [InlineData("binary_crossentropy", "Adam", "accuracy", "binary_crossentropy", "adam")]
    [InlineData("CategoricalCrossentropy", "SGD", "acc", "categorical_crossentropy", "sgd")]
    [InlineData("SparseCategoricalCrossentropy", "Adagrad", "acc", "sparse_categorical_crossentropy", "adagrad")]
    [InlineData("MeanSquaredError", "ADAM", "acc", "mse", "adam")]
    [InlineData("mean_squared_error", "rmsprop", "accuracy", "mse", "rmsprop")]
    [InlineData("MSE", "sgd", "acc", "mse", "sgd")]
    public void KerasSpellingsOfLossOptimizerAndMetric_AreAccepted(string loss, string optimizer, string metric, string canonicalLoss, string canonicalOptimizer)
    {
        var output = canonicalLoss switch
        {
            "binary_crossentropy" => "[Dense(1, Activation = \"sigmoid\")]",
            "mse" => "[Dense(1)]",
            _ => "[Dense(3, Activation = \"softmax\")]",
        };
        var run = GeneratorHarness.Run(Wrap($$"""
            [Model(Loss = "{{loss}}", Optimizer = "{{optimizer}}", Metrics = new[] { "{{metric}}" })]
            [Input(10, DType = "float32")]
            {{output}}
            public partial class Broken;
            """), UsesTheModel);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerErrors);
        Assert.Contains($"Loss = \"{canonicalLoss}\",", run.Source);
        Assert.Contains($"Optimizer = \"{canonicalOptimizer}\",", run.Source);
        Assert.Contains($"Metrics = new[] {{ \"{metric}\" }},", run.Source);
    }

    [Fact]
    public void LossNamesAreCaseSensitiveAsInKeras() => VerifyDiagnostics("""
        [Model(Loss = "Binary_Crossentropy")]
        [Input(10, DType = "float32")]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void NonPositiveLearningRateAndClipNorm_AndMomentumOnAdam() => VerifyDiagnostics("""
        [Model(Loss = "mse", Optimizer = "adam", LearningRate = 0, ClipNorm = -1, Momentum = 0.9)]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0011", "MDSL0015", "MDSL0015"]);

    [Fact]
    public void CategoricalLossOnOneUnit_CannotLearn() => VerifyDiagnostics("""
        [Model(Loss = Losses.CategoricalCrossentropy, Optimizer = "adam")]
        [Input(40)]
        [Embedding(1000, 16)]
        [LSTM(8)]
        [Dense(1, Activation = "softmax")]
        public partial class Broken;
        """, ["MDSL0200"]);

    [Fact]
    public void BinaryLossOnMultiUnitSoftmax_IsAWarning() => VerifyDiagnostics("""
        [Model(Loss = "binary_crossentropy")]
        [Input(10, DType = "float32")]
        [Dense(46, Activation = "softmax")]
        public partial class Broken;
        """, ["MDSL0201"]);

    [Fact]
    public void SoftmaxOutputWithFromLogits_IsAWarning() => VerifyDiagnostics("""
        [Model(Loss = "sparse_categorical_crossentropy", FromLogits = true)]
        [Input(30)]
        [Embedding(500, 32)]
        [LSTM(64, ReturnSequences = true)]
        [Dense(500)]
        [Activation("softmax")]
        [Dropout(0.1)]
        public partial class Broken;
        """, ["MDSL0202"]);

    [Fact]
    public void ProbabilityLossOnLinearOutput_IsAWarning() => VerifyDiagnostics("""
        [Model(Loss = "binary_crossentropy")]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0203"]);

    [Fact]
    public void BidirectionalAboveADense_ReportsAtTheBidirectionalNamingTheDense() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [LSTM(8, ReturnSequences = true)]
        [Bidirectional]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0016"]);

    [Fact]
    public void BidirectionalAsTheLastAttribute_IsFollowedByNothing() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [LSTM(8)]
        [Bidirectional]
        public partial class Broken;
        """, ["MDSL0016"]);

    [Fact]
    public void MisspeltMerge_SuggestsConcat() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [Bidirectional("concatt")]
        [LSTM(8)]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void UnmergedBidirectionalInASequentialModel_PointsToGraphModels() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [Bidirectional(merge: null)]
        [GRU(8)]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0017"]);

    [Fact]
    public void StackedBidirectionalWithoutReturnSequences_ReportsAtTheFirstWrappedLstm() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [Bidirectional]
        [LSTM(32)]
        [Bidirectional]
        [LSTM(16)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0101"]);

    [Fact]
    public void LstmWithoutReturnSequencesAboveABidirectional_ReportsAtTheLstm() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [Dropout(0.5)]
        [Bidirectional(Merges.Ave)]
        [GRU(16)]
        public partial class Broken;
        """, ["MDSL0101"]);

    [Fact]
    public void BidirectionalGivenRank2Features_NamesTheWrappedLayer() => VerifyDiagnostics("""
        [Model]
        [Input(300, DType = "float32")]
        [Bidirectional]
        [SimpleRNN(8)]
        public partial class Broken;
        """, ["MDSL0100"]);

    [Fact]
    public void RecurrentDropoutOutsideZeroToOne_IsReportedAtTheNamedArgument() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [LSTM(8, Dropout = 20, ReturnSequences = true)]
        [Bidirectional]
        [GRU(4, RecurrentDropout = -0.5)]
        public partial class Broken;
        """, ["MDSL0013", "MDSL0013"]);

    [Fact]
    public void GruOnlyAndGateOptions_OnLayersWithoutThem_AreReportedAtTheArgument() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [LSTM(8, ResetAfter = false, ReturnSequences = true)]
        [SimpleRNN(4, RecurrentActivation = "hard_sigmoid")]
        public partial class Broken;
        """, ["MDSL0025", "MDSL0025"]);

    [Fact]
    public void MisspeltRecurrentActivation_SuggestsTheClosestName() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16)]
        [GRU(8, RecurrentActivation = "hard_sigmiod")]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void AdamBetasOutOfRange_AndEpsilonNotPositive_AreReportedAtTheArgument() => VerifyDiagnostics("""
        [Model(Loss = "mse", Optimizer = "adam", Beta1 = 1.0, Beta2 = -0.1, Epsilon = 0)]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0015", "MDSL0015", "MDSL0015"]);

    [Fact]
    public void BetaWithoutAdam_AndEpsilonWithSgd_AreReportedAtTheArgument() => VerifyDiagnostics("""
        [Model(Loss = "mse", Optimizer = "sgd", Beta1 = 0.8, Epsilon = 1e-6)]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0011", "MDSL0011"]);

    [Fact]
    public void RegularizersKerasCannotRead_AreReportedAtTheArgument() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16, EmbeddingsRegularizer = "l3(0.1)")]
        [LSTM(8, KernelRegularizer = "l2(-1)", RecurrentRegularizer = "l2(l1=0.1)")]
        [Dense(1, KernelRegularizer = "l2 0.1")]
        public partial class Broken;
        """, ["MDSL0026", "MDSL0026", "MDSL0026", "MDSL0026"]);

    [Fact]
    public void Int32TokenIds_FedToALayerWithFloatWeights_SayInt32() => VerifyDiagnostics("""
        [Model]
        [Input(40, DType = "int32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0104"]);

    [Fact]
    public void StatefulLayers_WithoutABatchSize_AreReportedAtEachStatefulLayer() => VerifyDiagnostics("""
        [Model]
        [Input(10, 3, DType = "float32")]
        [LSTM(8, Stateful = true, ReturnSequences = true)]
        [Bidirectional]
        [GRU(4, Stateful = true)]
        public partial class Broken;
        """, ["MDSL0027", "MDSL0027"]);

    [Fact]
    public void BatchSizeNotPositive_IsReportedAtTheArgument() => VerifyDiagnostics("""
        [Model]
        [Input(10, 3, DType = "float32", BatchSize = 0)]
        [LSTM(8)]
        public partial class Broken;
        """, ["MDSL0012"]);

    [Fact]
    public void LayerNames_ThatAreNotIdentifiers_OrTakenByGeneratedMembers_AreReportedAtTheName() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16, Name = "token-vectors")]
        [LSTM(8, Name = "Summary")]
        [Dense(4, Name = "training")]
        [Dense(1, Name = "2nd")]
        public partial class Broken;
        """, ["MDSL0028", "MDSL0028", "MDSL0028", "MDSL0028"]);

    [Fact]
    public void DuplicateLayerName_IsReportedAtTheSecond() => VerifyDiagnostics("""
        [Model]
        [Input(40)]
        [Embedding(1000, 16, Name = "encoder")]
        [Bidirectional]
        [LSTM(8, Name = "encoder")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0029"]);

    /// <summary>A misspelt layer attribute (unresolved) gets "did you mean" against the layers, which the code fix applies.</summary>
    [Fact]
    public void MisspeltLayerAttribute_SuggestsTheClosestLayer()
    {
        var run = GeneratorHarness.Run(Wrap("""
            [Model]
            [Input(40)]
            [Embedding(1000, 16)]
            [SimppleRNN(64)]
            [Dense(1, Activation = "sigmoid")]
            public partial class Broken;
            """), UsesTheModel);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0021", diagnostic.Id);
        Assert.Equal(
            "[SimppleRNN] on 'Broken' is not a ModelDsl layer: its type cannot be found, so the generator cannot tell what it declares (did you mean 'SimpleRNN'?); the layers are Embedding, SimpleRNN, GRU, LSTM, Bidirectional, Dense, Dropout, Flatten, Activation, DotAttention, Conv1D, MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D, ConvLSTM2D",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("SimpleRNN", diagnostic.Properties["Suggestion"]);
        Assert.All(run.CompilerErrors, error => Assert.Equal("CS0246", error.Id)); // only the compiler's own "not found"
    }

    [Fact]
    public void MisspeltInitializer_SuggestsTheClosestName() => VerifyDiagnostics("""
        [Model(Initializer = "kears")]
        [Input(10, DType = "float32")]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void MaskZeroDroppedByFlatten_IsAWarningAtTheEmbedding() => VerifyDiagnostics("""
        [Model]
        [Input(20)]
        [Embedding(100, 8, MaskZero = true)]
        [Dropout(0.5)]
        [Flatten]
        [Dense(1)]
        public partial class Broken;
        """, ["MDSL0106"]);

    [Fact]
    public void MaskZeroWithoutRecurrentLayer_IsAWarningAtTheEmbedding() => VerifyDiagnostics("""
        [Model]
        [Input(20)]
        [Embedding(100, 8, MaskZero = true)]
        [Dense(3, Activation = "softmax")]
        public partial class Broken;
        """, ["MDSL0106"]);

    [Fact]
    public void SigmoidOutputWithMse_IsFine()
    {
        var run = GeneratorHarness.Run(Wrap("""
            [Model(Loss = "mse")]
            [Input(10, DType = "float32")]
            [Dense(1, Activation = "sigmoid")]
            public partial class Broken;
            """), UsesTheModel);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerErrors);
    }

    [Fact]
    public void ModelWithErrors_GetsAnInertClassWhoseMembersThrow()
    {
        var run = GeneratorHarness.Run(Wrap("""
            [Model]
            [Input(40)]
            [LSTM(16)]
            public partial class Broken;
            """), UsesTheModel);

        Snapshot.Match(run.Source, "cs");
        Assert.Empty(run.CompilerErrors);
    }

    /// <summary>A Keras layer ModelDsl does not implement is reported where it is written, not dropped from the stack.</summary>
    [Fact]
    public void KerasLayerModelDslDoesNotImplement_IsReportedAtItsAttribute() => VerifyDiagnostics("""
        public sealed class Conv2DAttribute(int filters) : System.Attribute
        {
            public int Filters { get; } = filters;
        }

        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [Conv2D(16)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Broken;
        """, ["MDSL0021"]);

    /// <summary>An attribute whose type does not resolve is reported as an unknown layer, not as a model without layers (MDSL0007).</summary>
    [Fact]
    public void UnresolvedLayerAttribute_IsReportedInsteadOfNoLayers()
    {
        var run = GeneratorHarness.Run(Wrap("""
            [Model]
            [Input(40)]
            [Conv2D(32, 3)]
            public partial class Broken;
            """), UsesTheModel);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0021", diagnostic.Id);
        Assert.Equal("Conv2D(32, 3)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("Keras has this layer", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Single(run.Sources); // the inert class, so Usage still binds
        Assert.All(run.CompilerErrors, error => Assert.Equal("CS0246", error.Id)); // only the compiler's own "Conv2D not found"
    }

    [Fact]
    public void PoolLargerThanTheSequence_NamesLengthWindowAndPadding() => VerifyDiagnostics("""
        [Model]
        [Input(4)]
        [Embedding(100, 8)]
        [MaxPooling1D(5)]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0107"]);

    [Fact]
    public void ValidConvolutionsShrinkingTheLengthBelowOne_ReportAtTheConvolutionLeftWithNoSteps() => VerifyDiagnostics("""
        [Model]
        [Input(8)]
        [Embedding(100, 8)]
        [Conv1D(4, 7)]
        [Conv1D(4, 3, DilationRate = 2)]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0107"]);

    [Fact]
    public void ConvLstm2DOverRank4Frames_ExpectsBatchTimeRowsColsChannels() => VerifyDiagnostics("""
        [Model]
        [Input(40, 40, 1, DType = "float32")]
        [ConvLSTM2D(8, 3, 3)]
        public partial class Broken;
        """, ["MDSL0100"]);

    [Fact]
    public void ConvLstm2DValidKernelLargerThanTheFrame_NamesTheAxis() => VerifyDiagnostics("""
        [Model]
        [Input(5, 2, 10, 1, DType = "float32")]
        [ConvLSTM2D(8, 3, 3)]
        public partial class Broken;
        """, ["MDSL0107"]);

    [Fact]
    public void Conv1DOnTokenIds_AsksForAnEmbedding() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Conv1D(16, 3)]
        public partial class Broken;
        """, ["MDSL0104"]);

    [Fact]
    public void Conv1DOnRank2Features_ExpectsASequence() => VerifyDiagnostics("""
        [Model]
        [Input(50, DType = "float32")]
        [Conv1D(16, 3)]
        public partial class Broken;
        """, ["MDSL0100"]);

    [Fact]
    public void PoolAfterLstmWithoutReturnSequences_ReportsAtTheLstm() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8)]
        [LSTM(8)]
        [AveragePooling1D(2)]
        public partial class Broken;
        """, ["MDSL0101"]);

    [Fact]
    public void MisspeltPadding_SuggestsTheKerasName() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8)]
        [Conv1D(16, 3, Padding = "smae")]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void CausalPaddingOnAPool_IsConv1DOnly() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8)]
        [MaxPooling1D(2, Padding = "causal")]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0022"]);

    [Fact]
    public void StridesAndDilationBothAboveOne_AreRefusedAsInKeras() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8)]
        [Conv1D(16, 3, Strides = 2, DilationRate = 2)]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0023"]);

    [Fact]
    public void ConvLstm2DUnknownGateActivation_ListsHardSigmoidAndSigmoid() => VerifyDiagnostics("""
        [Model]
        [Input(5, 8, 8, 1, DType = "float32")]
        [ConvLSTM2D(8, 3, 3, RecurrentActivation = "hard_sigmod")]
        public partial class Broken;
        """, ["MDSL0010"]);

    [Fact]
    public void NonPositiveStrides_IsReportedAtTheOption() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8)]
        [Conv1D(16, 3, Strides = -1)]
        [MaxPooling1D(2, Strides = -2)]
        [GlobalMaxPooling1D]
        public partial class Broken;
        """, ["MDSL0012", "MDSL0012"]);

    [Fact]
    public void MaskZeroStoppedByConv1D_IsAWarningNamingTheConvolution() => VerifyDiagnostics("""
        [Model]
        [Input(50)]
        [Embedding(100, 8, MaskZero = true)]
        [Conv1D(16, 3)]
        [LSTM(8)]
        public partial class Broken;
        """, ["MDSL0106"]);

    private static void VerifyDiagnostics(string declaration, string[] expectedIds, bool expectModule = true, [CallerMemberName] string test = "")
    {
        var sources = expectModule ? new[] { Wrap(declaration), UsesTheModel } : new[] { Wrap(declaration) };
        var run = GeneratorHarness.Run(sources);

        Assert.Equal(expectedIds, run.Diagnostics.Select(d => d.Id).OrderBy(id => id));
        Assert.Equal(expectModule, run.Sources.Length == 1);
        Assert.Empty(run.CompilerErrors); // no cascade: the user's code still binds
        Snapshot.Match(DiagnosticText.Render(run.Diagnostics), "txt", testMethod: test);
    }

    private static string Wrap(string declaration) => "using ModelDsl;\n\nnamespace Samples;\n\n" + declaration + "\n";
}
