using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Model;

/// <summary>A <c>[Model]</c> class as declared: its type, its input and its layers top to bottom.</summary>
/// <param name="Training">The compile options of <c>[Model(...)]</c>.</param>
/// <param name="TrainingLocation">Where the loss is chosen (the <c>Loss</c> argument, else <c>[Model]</c>), for loss/output diagnostics.</param>
/// <param name="Initializer">How the weights start (<c>[Model(Initializer = ...)]</c>).</param>
internal sealed record ModelDeclaration(
    ModelType Type,
    InputSpec Input,
    EquatableArray<LayerDeclaration> Layers,
    TrainingSpec Training,
    Location? TrainingLocation,
    WeightInitializer Initializer);

/// <summary>What the emitter needs to reopen the user's partial class. Names are kept as the user reads them (no <c>@</c>).</summary>
/// <param name="Namespace">The namespace, dotted, or <c>null</c> for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="HintName">The generated file's name: unique in the compilation and valid for any C# name.</param>
/// <param name="TakenNames">The class's name and its members' names as the user declared them: generated fields step around them, and an inert class leaves them out.</param>
/// <param name="HasCommandLine">
/// The compilation references the command line (<c>ModelDsl.Cli</c>, which the ModelDsl package brings), so the class gets
/// <c>RunAsync(args)</c>; an app referencing only the runtime gets none.
/// </param>
internal sealed record ModelType(string? Namespace, string Name, EquatableArray<ContainingType> ContainingTypes, string HintName, EquatableArray<string> TakenNames, bool HasCommandLine);

/// <summary>An enclosing type, to reopen as <c>partial {Keyword} {Name}&lt;{TypeParameters}&gt;</c>.</summary>
/// <param name="Keyword">As declared: <c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</param>
internal sealed record ContainingType(string Keyword, string Name, EquatableArray<string> TypeParameters);

/// <summary>The per-example input: its shape without the batch dimension (-1 = unknown length) and element type.</summary>
internal sealed record InputSpec(EquatableArray<int> Shape, ElementType ElementType);

/// <summary>A layer and where its attribute is, for shape diagnostics; the location stays here, out of the emitted plan, so moving code does not regenerate it.</summary>
internal sealed record LayerDeclaration(LayerSpec Spec, Location? Location);

/// <summary>The result of parsing one <c>[Model]</c> class: the declaration when it can be analysed, and what was wrong with it.</summary>
/// <param name="ClassLocation">The class name, where an unexpected failure of a later stage is reported.</param>
internal sealed record ParseResult(ModelType? Type, ModelDeclaration? Model, EquatableArray<DiagnosticInfo> Diagnostics, Location? ClassLocation = null);
