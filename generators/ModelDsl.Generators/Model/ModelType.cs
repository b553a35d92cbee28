namespace ModelDsl.Generators.Model;

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
/// <param name="BatchSize">The fixed batch size (<c>[Input(BatchSize = 32)]</c>), or <c>null</c> for any.</param>
internal sealed record InputSpec(EquatableArray<int> Shape, ElementType ElementType, int? BatchSize = null);

