using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Diagnostics;

/// <summary>
/// Every diagnostic ModelDsl reports. IDs are stable: 00xx declaration, 01xx shapes, 02xx training.
/// Each has a section in docs/diagnostics.md, linked from the IDE.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Declaration = "ModelDsl.Declaration";
    private const string Shape = "ModelDsl.Shape";
    private const string Training = "ModelDsl.Training";
    private const string HelpRoot = ModelDslRepository.DiagnosticsHelpBase;

    public static readonly DiagnosticDescriptor ModelMustBePartial = Error(
        "MDSL0001", Declaration,
        "Model class must be partial",
        "'{0}' must be declared partial (and so must any class containing it) so the generator can add its module");

    public static readonly DiagnosticDescriptor ModelHasNoInput = Error(
        "MDSL0002", Declaration,
        "Model has no [Input]",
        "Model '{0}' has no [Input]: declare the per-example shape above the first layer, e.g. [Input(40)] for 40 token ids");

    public static readonly DiagnosticDescriptor LayerBeforeInput = Error(
        "MDSL0003", Declaration,
        "Layer declared before [Input]",
        "{0} is declared above [Input]; layers run top to bottom starting from [Input], so move [Input] above it");

    public static readonly DiagnosticDescriptor LayerOnOtherPartialDeclaration = Error(
        "MDSL0004", Declaration,
        "Layer declared on another partial declaration",
        "{0} is on a partial declaration of '{1}' without [Model]; declare every layer on the declaration that has [Model] so their order is defined");

    public static readonly DiagnosticDescriptor ModelHasBaseClass = Error(
        "MDSL0005", Declaration,
        "Model class declares a base class",
        "'{0}' derives from '{1}'; a model class gets its base class, torch.nn.Module<Tensor, Tensor>, from the generator, so remove the base class");

    public static readonly DiagnosticDescriptor ModelIsGeneric = Error(
        "MDSL0006", Declaration,
        "Model class is generic",
        "'{0}' is generic or nested in a generic type; a model class needs a single closed type, so remove the type parameters");

    public static readonly DiagnosticDescriptor ModelHasNoLayers = Error(
        "MDSL0007", Declaration,
        "Model has no layers",
        "Model '{0}' has no layers below [Input]: add at least one, e.g. [Dense(1, Activation = \"sigmoid\")]");

    public static readonly DiagnosticDescriptor GenerationFailed = Error(
        "MDSL0008", Declaration,
        "ModelDsl could not generate the model",
        "ModelDsl failed on '{0}' ({1}: {2}); this is a ModelDsl bug, so please report it with the declaration. The class gets no module.");

    public static readonly DiagnosticDescriptor UnsupportedModelKind = Error(
        "MDSL0009", Declaration,
        "Model type is not a plain class",
        "'{0}' is {1}; a model must be a partial class that is not a record, abstract or static, because the generator adds a module base class and a constructor that builds the layers");

    public static readonly DiagnosticDescriptor UnknownOptionValue = Error(
        "MDSL0010", Declaration,
        "Unknown option value",
        "{0} '{1}' is not known{2}; expected one of: {3}");

    public static readonly DiagnosticDescriptor UnsupportedOptionValue = Error(
        "MDSL0011", Declaration,
        "Option value not supported by this layer",
        "{0} does not support {1} '{2}': {3}; supported here: {4}");

    public static readonly DiagnosticDescriptor SizeMustBePositive = Error(
        "MDSL0012", Declaration,
        "Size must be positive",
        "{0} must be a positive integer, got {1}");

    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(
        "MDSL0013", Declaration,
        "Dropout rate out of range",
        "{0} rate must be in [0, 1), got {1}");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error(
        "MDSL0014", Declaration,
        "Invalid input shape",
        "[Input] {0}");

    public static readonly DiagnosticDescriptor NumberOutOfRange = Error(
        "MDSL0015", Declaration,
        "Number out of range",
        "{0} must be {1}, got {2}");

    public static readonly DiagnosticDescriptor BidirectionalNeedsRecurrentLayer = Error(
        "MDSL0016", Declaration,
        "[Bidirectional] not followed by a recurrent layer",
        "[Bidirectional] wraps the recurrent layer written directly below it, but it is followed by {0}: put [SimpleRNN], [GRU] or [LSTM] right after it");

    public static readonly DiagnosticDescriptor UnmergedBidirectionalInSequentialModel = Error(
        "MDSL0017", Declaration,
        "Unmerged [Bidirectional] in a sequential model",
        "[Bidirectional(merge: null)] keeps the forward and backward outputs of {0} apart, which yields two tensors, but each layer of a sequential model passes one tensor to the next: choose a merge mode ({1}), or use the layer in a graph model's [Forward] method to take both outputs");

    public static readonly DiagnosticDescriptor OptionNotFinite = Error(
        "MDSL0018", Declaration,
        "Option is not a finite number",
        "{0} must be a finite number, got {1}");

    public static readonly DiagnosticDescriptor ModelDeclaresConstructor = Error(
        "MDSL0019", Declaration,
        "Model class declares a constructor",
        "'{0}' declares {1}; the generated module has the constructor (it builds and registers the layers), so remove it and set things up after 'new', or in a static constructor");

    public static readonly DiagnosticDescriptor NameUsedByGeneratedCode = Error(
        "MDSL0020", Declaration,
        "Name taken by the generated module",
        "{0} '{1}' {2}; rename it");

    public static readonly DiagnosticDescriptor UnknownLayerAttribute = Error(
        "MDSL0021", Declaration,
        "Layer attribute ModelDsl does not know",
        "[{0}] on '{1}' is not a ModelDsl layer: {2}; the layers are {3}");

    public static readonly DiagnosticDescriptor CausalPaddingNotSupported = Error(
        "MDSL0022", Declaration,
        "Causal padding on a layer that has none",
        "{0} does not take Padding = \"causal\": only Conv1D pads causally, as in Keras; use 'valid' or 'same'");

    public static readonly DiagnosticDescriptor StridesWithDilation = Error(
        "MDSL0023", Declaration,
        "Strides and dilation both above 1",
        "{0} sets Strides = {1} and DilationRate = {2}; Keras allows only one of them above 1");

    public static readonly DiagnosticDescriptor OptionNotForThisLayer = Error(
        "MDSL0025", Declaration,
        "Option does not apply to this layer",
        "{0} has no option {1}: {2}; remove it");

    public static readonly DiagnosticDescriptor InvalidRegularizer = Error(
        "MDSL0026", Declaration,
        "Invalid regularizer",
        "{0} '{1}' is not a regularizer: expected Keras's {2}");

    public static readonly DiagnosticDescriptor StatefulNeedsBatchSize = Error(
        "MDSL0027", Declaration,
        "Stateful layer without a fixed batch size",
        "{0} is stateful, so each batch must have the rows of the previous one: set BatchSize on [Input] (Keras's batch_input_shape), e.g. [Input(40, BatchSize = 32)]");

    public static readonly DiagnosticDescriptor InvalidLayerName = Error(
        "MDSL0028", Declaration,
        "Invalid layer name",
        "Layer name '{0}' {1}; choose another Name");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "MDSL0029", Declaration,
        "Duplicate layer name",
        "Layer name '{0}' of {1} is already the name of another layer of the model; Keras requires unique layer names, so choose another Name");

    public static readonly DiagnosticDescriptor RankMismatch = Error(
        "MDSL0100", Shape,
        "Layer input has the wrong rank",
        "{0} expects a rank-{1} input {2}, but rank {3} is given: {4}{5}");

    public static readonly DiagnosticDescriptor RecurrentLayerMustReturnSequences = Error(
        "MDSL0101", Shape,
        "Stacked recurrent layer needs sequences",
        "{0} feeds {1}, which reads a sequence, so it must return sequences: set ReturnSequences = true (it outputs {2} now, {3} with it)");

    public static readonly DiagnosticDescriptor EmbeddingNeedsTokenIds = Error(
        "MDSL0102", Shape,
        "Embedding fed values that are not token ids",
        "{0} expects int64 or int32 token ids, but it is given {1}: remove DType = \"float32\" from [Input], or remove the Embedding for feature input");

    public static readonly DiagnosticDescriptor FlattenNeedsKnownDimensions = Error(
        "MDSL0103", Shape,
        "Flatten over an unknown length",
        "{0} cannot compute its output size from {1}: {2}");

    public static readonly DiagnosticDescriptor LayerNeedsFloatInput = Error(
        "MDSL0104", Shape,
        "Layer fed token ids",
        "{0} expects float32 values, but it is given {2} token ids {1}: add an [Embedding] above it, or set DType = \"float32\" on [Input] for feature input");

    public static readonly DiagnosticDescriptor FeatureSizeMustBeKnown = Error(
        "MDSL0105", Shape,
        "Feature size unknown",
        "{0} needs a known last dimension to size its weights, but it is given {1}");

    public static readonly DiagnosticDescriptor PaddingMaskNotRead = Warning(
        "MDSL0106", Shape,
        "Padding mask is never read",
        "{0} has MaskZero = true, but no layer reads its padding mask ({1}), so padded steps count like real tokens: remove MaskZero, or read the sequence with a recurrent layer");

    public static readonly DiagnosticDescriptor WindowLongerThanInput = Error(
        "MDSL0107", Shape,
        "Window longer than the input",
        "{0} cannot slide over {1}: its window spans {2} steps, the {3} axis has {4}, and Padding = \"{5}\" keeps only windows that fit, so no output step is left; use Padding = \"same\", a smaller window, or a longer input");

    public static readonly DiagnosticDescriptor LossNeedsSeveralClasses = Error(
        "MDSL0200", Training,
        "Categorical loss on a single output",
        "Loss '{0}' compares a distribution over classes, but the model outputs {1} with one unit: it cannot learn; use Loss = \"binary_crossentropy\" with one sigmoid unit, or give the last Dense one unit per class");

    public static readonly DiagnosticDescriptor BinaryLossOnSoftmax = Warning(
        "MDSL0201", Training,
        "Binary loss on a softmax over several units",
        "Loss 'binary_crossentropy' treats each of the {0} softmax outputs as an independent yes/no, but softmax makes them compete: for one class per example use 'categorical_crossentropy' (one-hot targets) or 'sparse_categorical_crossentropy' (class ids); for several labels per example use Activation = \"sigmoid\"");

    public static readonly DiagnosticDescriptor DoubleActivation = Warning(
        "MDSL0202", Training,
        "Output activation applied twice",
        "The model ends in {0}, and FromLogits = true makes '{1}' apply {2} again: remove the activation from the last layer, or remove FromLogits");

    public static readonly DiagnosticDescriptor ProbabilityLossOnUnboundedOutput = Warning(
        "MDSL0203", Training,
        "Probability loss on an output that is not a probability",
        "Loss '{0}' expects probabilities, but the model ends in {1}, whose outputs are not in [0, 1]; Keras clips them to [1e-7, 1 - 1e-7] and training stalls: set FromLogits = true, or end in Activation = \"{2}\"");

    public static readonly DiagnosticDescriptor PerStepOutputForPerExampleLoss = Warning(
        "MDSL0209", Training,
        "One output per step for a loss with one label per example",
        "The model outputs {0}, one value per step, but '{1}' compares it with one label per example ([batch, 1]): add [Flatten] before the last layer so it outputs [B, 1], or read the sequence with a recurrent layer");

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());

    // Graph models (a [Forward] method wiring layer properties): 03xx.
    public static readonly DiagnosticDescriptor LayerAttributeOnGraphClass = Error(
        "MDSL0300", Declaration,
        "Layer attribute on a graph model's class",
        "{0} is on class '{1}', which is a graph model (it has a [Forward] method): declare the layer on a partial property instead, e.g. {0} partial {2} Layer {{ get; }}");

    public static readonly DiagnosticDescriptor ForwardParameterWithoutInput = Error(
        "MDSL0301", Declaration,
        "[Forward] parameter without [Input]",
        "Parameter '{0}' of [Forward] method '{1}' has no [Input]: declare its per-example shape, e.g. [Input(20)] Tensor {0}");

    public static readonly DiagnosticDescriptor LayerPropertyTypeMismatch = Error(
        "MDSL0302", Declaration,
        "Layer property has the wrong type",
        "Property '{0}' is declared as '{1}', but {2} makes a '{3}': declare it as partial {4} {0} {{ get; }}");

    public static readonly DiagnosticDescriptor InvalidLayerProperty = Error(
        "MDSL0303", Declaration,
        "Invalid layer property",
        "Layer property '{0}' {1}");

    public static readonly DiagnosticDescriptor InvalidForwardMethod = Error(
        "MDSL0304", Declaration,
        "Invalid [Forward] method",
        "[Forward] method '{0}' {1}");

    public static readonly DiagnosticDescriptor StatementNotFollowed = Error(
        "MDSL0305", Shape,
        "Forward code the generator cannot follow",
        "The generator cannot follow {0}: {1}; shapes past it would go unchecked, so write the forward pass as var locals, layer property calls and Ops");

    public static readonly DiagnosticDescriptor AxisNotConstant = Error(
        "MDSL0306", Shape,
        "Axis is not a constant",
        "The {0} argument of Ops.{1} must be a constant (a literal or a const) so the shapes can be checked at compile time");

    public static readonly DiagnosticDescriptor UnknownOpsMember = Error(
        "MDSL0307", Shape,
        "Ops member without a shape rule",
        "Ops.{0} has no shape rule in the generator; it follows {1}");

    public static readonly DiagnosticDescriptor NotALayerProperty = Error(
        "MDSL0308", Shape,
        "Call to a layer that is not a layer property",
        "'{0}' is not a layer property of '{1}': declare it as an attributed partial property (e.g. [Dense(10)] partial Dense {0} {{ get; }}) so it is built, registered and shape-checked");

    public static readonly DiagnosticDescriptor UnusedLayerProperty = Warning(
        "MDSL0309", Declaration,
        "Layer property never called",
        "Layer property '{0}' is never called in [Forward] method '{1}', so it is not built and has no weights: call it or remove it");

    public static readonly DiagnosticDescriptor SharedLayerSizeMismatch = Error(
        "MDSL0310", Shape,
        "Shared layer called with a different feature size",
        "'{0}' is one layer with one set of weights, sized by its first call for {1}, but here it is given {2}: declare a second property for a separately sized layer");

    public static readonly DiagnosticDescriptor OpsShapeMismatch = Error(
        "MDSL0311", Shape,
        "Shapes do not fit the operation",
        "{0} needs {1}, but {2} and {3} {4}");

    public static readonly DiagnosticDescriptor AxisOutOfRange = Error(
        "MDSL0312", Shape,
        "Axis out of range",
        "{0} cannot use axis {1} of {2}: {3}");

    public static readonly DiagnosticDescriptor OpsNeedsFloatInput = Error(
        "MDSL0313", Shape,
        "Operation given token ids",
        "{0} expects float32 values, but it is given {2} token ids {1}: embed them first with an [Embedding] property");

    public static readonly DiagnosticDescriptor BidirectionalWithoutMerge = Error(
        "MDSL0314", Shape,
        "Unmerged Bidirectional called for one output",
        "'{0}' has merge: null, so its two directions stay apart: write var (forward, backward) = {0}.ForwardBoth(x) instead of {0}.{1}(x)");

    public static readonly DiagnosticDescriptor LayerPropertyWithoutForward = Error(
        "MDSL0315", Declaration,
        "Layer property in a model without [Forward]",
        "Property '{0}' carries {1}, but '{2}' has no [Forward] method to call it: add one that wires the layer properties, or move the attribute onto the class for a sequential model");
}
