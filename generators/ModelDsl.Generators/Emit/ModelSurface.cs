using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// The members user code can reach on a generated model class, with their declarations. The emitters declare the
/// real members with these texts, and a model with errors gets an inert class declaring every one of them
/// (<see cref="InertClassEmitter"/>), so code written against a model binds whatever state its declaration is in.
/// </summary>
/// <remarks>
/// Names passed in are C# identifiers as they are to be written (escaped where they are keywords).
/// </remarks>
internal static class ModelSurface
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string InputSignatureType = "global::ModelDsl.Runtime.InputSignature";
    private const string Training = "global::ModelDsl.Training";

    /// <summary>The interface every model implements beside its module base, for the command line's <c>summary</c>.</summary>
    public const string SummarizableInterface = "global::ModelDsl.ISummarizable";

    /// <summary>The interface every model implements for the command line's <c>export-onnx</c>.</summary>
    public const string OnnxExportableInterface = "global::ModelDsl.Onnx.IOnnxExportable";

    public const string SummaryDeclaration = "public global::ModelDsl.ModelSummary Summary(global::System.IO.TextWriter? output = null)";

    public const string TrainingOptionsDeclaration = $"public static {Training}.TrainingOptions TrainingOptions";

    public const string TrainingDeclaration = $"public {Training}.TrainingSession Training";

    public const string ResetStatesDeclaration = "public void ResetStates()";

    public const string LayersDeclaration =
        "public global::System.Collections.Generic.IReadOnlyDictionary<string, global::TorchSharp.torch.nn.Module> Layers";

    public const string UntilDeclaration = $"public {Tensor} Until(string layer, {Tensor} input)";

    private const string Saving = "global::ModelDsl.Saving";

    public const string SaveDeclaration =
        $"public void Save(string path, global::ModelDsl.Text.Tokenizer? tokenizer = null, {Saving}.TextPreprocessing? preprocessing = null)";

    public const string LoadPredictorDeclaration = $"public static {Saving}.TextPredictor LoadPredictor(string path)";

    public static string LoadDeclaration(string className) => $"public static {className} Load(string path)";

    public const string RunAsyncDeclaration = "public static global::System.Threading.Tasks.Task<int> RunAsync(string[] args)";

    /// <summary><c>Module&lt;Tensor, …, Tensor&gt;</c> for a module of <paramref name="inputs"/> inputs; the non-generic module when TorchSharp has no such arity.</summary>
    public static string ModuleBase(int inputs) =>
        inputs is >= 1 and <= ModuleArity.MaxInputs
            ? $"global::TorchSharp.torch.nn.Module<{string.Join(", ", Enumerable.Repeat(Tensor, inputs + 1))}>"
            : "global::TorchSharp.torch.nn.Module";

    public static string InputSignatureDeclaration(string property) => $"public static {InputSignatureType} {property}";

    public static string ConstructorDeclaration(string className) => $"public {className}()";

    public static string ForwardDeclaration(IEnumerable<string> inputs) => $"public override {Tensor} forward({Parameters(inputs)})";

    /// <summary><c>Fit</c>'s declaration, one parameter a line: the inputs, the targets, then Keras's <c>fit</c> options.</summary>
    /// <param name="validationDataType">One input tensor and targets, or a list of inputs and targets for graph models.</param>
    public static IReadOnlyList<string> FitDeclaration(IEnumerable<string> inputs, string validationDataType)
    {
        var lines = new List<string> { $"public {Training}.History Fit(" };
        lines.AddRange(inputs.Select(input => $"    {Tensor} {input},"));
        lines.Add($"    {Tensor} y,");
        lines.Add("    int epochs = 1,");
        lines.Add("    int batchSize = 32,");
        lines.Add("    double validationSplit = 0,");
        lines.Add($"    {validationDataType} validationData = null,");
        lines.Add("    bool shuffle = true,");
        lines.Add($"    global::System.Collections.Generic.IReadOnlyList<{Training}.Callback>? callbacks = null,");
        lines.Add("    long? seed = null,");
        lines.Add("    int verbose = 1,");
        lines.Add("    int initialEpoch = 0)");
        return lines;
    }

    public static string SequentialValidationData => $"({Tensor} X, {Tensor} Y)?";

    public static string GraphValidationData => $"(global::System.Collections.Generic.IReadOnlyList<{Tensor}> Inputs, {Tensor} Y)?";

    public static string EvaluateDeclaration(IEnumerable<string> inputs) =>
        $"public global::System.Collections.Generic.IReadOnlyDictionary<string, double> Evaluate({Parameters(inputs)}, {Tensor} y, int batchSize = 32)";

    public const string ExportOnnxDeclaration =
        "public void ExportOnnx(string path, global::System.Collections.Generic.IReadOnlyDictionary<string, string>? metadata = null)";

    public static string PredictDeclaration(IEnumerable<string> inputs) => $"public {Tensor} Predict({Parameters(inputs)}, int batchSize = 32)";

    /// <summary>
    /// The model's members: an input signature per input, the constructor, <c>forward</c> (only for an arity TorchSharp's
    /// modules have), <c>Summary</c>, <c>Layers</c> (and a stack's <c>Until</c>), the training surface (<see cref="TrainingInputs"/>) and the model archive's <c>Save</c> / <c>Load</c> / <c>LoadPredictor</c>; <c>RunAsync</c> for a stack
    /// when the command line is referenced (it reads single-input review data, so a graph model has none).
    /// </summary>
    public static IReadOnlyList<SurfaceMember> Members(ModelShell shell)
    {
        var className = CSharpName.Escape(shell.Type.Name);
        var inputs = shell.InputNames.Select(CSharpName.Escape).ToList();
        var training = TrainingInputs.Of(shell);
        var members = shell.SignatureNames.Select(p => SurfaceMember.Property(p, InputSignatureDeclaration(p))).ToList();
        members.Add(SurfaceMember.Constructor(ConstructorDeclaration(className), className));
        if (inputs.Count is >= 1 and <= ModuleArity.MaxInputs)
        {
            members.Add(SurfaceMember.Method("forward", ForwardDeclaration(inputs)));
        }

        members.Add(SurfaceMember.Method("Summary", SummaryDeclaration));
        members.Add(SurfaceMember.Method("ExportOnnx", ExportOnnxDeclaration));
        members.Add(SurfaceMember.Property("Layers", LayersDeclaration));
        if (shell.IsStack)
        {
            members.Add(SurfaceMember.Method("Until", UntilDeclaration));
        }

        members.Add(SurfaceMember.Property("TrainingOptions", TrainingOptionsDeclaration));
        members.Add(SurfaceMember.Property("Training", TrainingDeclaration));
        members.Add(new SurfaceMember("Fit", SurfaceMemberKind.Method, FitDeclaration(training.Parameters, training.ValidationType)));
        members.Add(SurfaceMember.Method("Evaluate", EvaluateDeclaration(training.Parameters)));
        members.Add(SurfaceMember.Method("Predict", PredictDeclaration(training.Parameters)));
        members.Add(SurfaceMember.Method("Save", SaveDeclaration));
        members.Add(SurfaceMember.Method("Load", LoadDeclaration(className)));
        members.Add(SurfaceMember.Method("LoadPredictor", LoadPredictorDeclaration));
        if (training.HasRunAsync)
        {
            members.Add(SurfaceMember.Method("RunAsync", RunAsyncDeclaration));
        }

        return members;
    }

    private static string Parameters(IEnumerable<string> inputs) => string.Join(", ", inputs.Select(input => $"{Tensor} {input}"));
}

/// <summary>What a surface member is, which decides how its inert form is written.</summary>
internal enum SurfaceMemberKind
{
    /// <summary>A get-only property: <c>=&gt; throw</c>.</summary>
    Property,

    /// <summary>A method: <c>=&gt; throw</c> after its parameter list.</summary>
    Method,

    /// <summary>The parameterless constructor, which must also call the module base.</summary>
    Constructor,
}

/// <summary>One member of <see cref="ModelSurface"/>: its name and its declaration, one or more lines without body.</summary>
/// <param name="ClassName">For a constructor, the class name as written in C#.</param>
internal sealed record SurfaceMember(string Name, SurfaceMemberKind Kind, IReadOnlyList<string> Declaration, string? ClassName = null)
{
    public static SurfaceMember Property(string name, string declaration) => new(name, SurfaceMemberKind.Property, new[] { declaration });

    public static SurfaceMember Method(string name, string declaration) => new(name, SurfaceMemberKind.Method, new[] { declaration });

    public static SurfaceMember Constructor(string declaration, string className) => new(".ctor", SurfaceMemberKind.Constructor, new[] { declaration }, className);
}

/// <summary>
/// How <c>Fit</c> / <c>Evaluate</c> / <c>Predict</c> take a model's inputs: a stack's one input as <c>x</c>, passed as one
/// tensor, with <c>ValidationData</c> and <c>RunAsync</c>; a graph model's inputs under their own names, passed as a list
/// in the order of the <c>[Forward]</c> parameters, with <c>MultiInputValidationData</c>.
/// </summary>
/// <param name="Parameters">The parameters, as written in C#.</param>
/// <param name="Passed">What the training session is given: <c>x</c>, or <c>new[] { a, b }</c>.</param>
internal sealed record TrainingInputs(IReadOnlyList<string> Parameters, string Passed, string ValidationType, string ValidationProperty, bool HasRunAsync)
{
    public static TrainingInputs Of(ModelShell shell)
    {
        if (shell.IsStack)
        {
            return new TrainingInputs(new[] { "x" }, "x", ModelSurface.SequentialValidationData, "ValidationData", shell.Type.HasCommandLine);
        }

        var names = shell.InputNames.Select(CSharpName.Escape).ToList();
        return new TrainingInputs(names, $"new[] {{ {string.Join(", ", names)} }}", ModelSurface.GraphValidationData, "MultiInputValidationData", HasRunAsync: false);
    }
}
