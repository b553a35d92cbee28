using System.Collections.Generic;
using System.Linq;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// One generated compilation and what it should give. <see cref="ExpectedId"/> set: a mutation the generator must
/// report with that id. <see cref="ExpectValid"/>: a valid declaration, which must generate without an MDSL error.
/// Neither: a random mutation whose right diagnostic is not known, held only to the rules every outcome obeys
/// (no crash, no broken output without an MDSL error, no cascade).
/// </summary>
/// <param name="Kind">What was generated or which mutation was applied, for the counts.</param>
/// <param name="AllowedCompilerErrors">CS errors the mutation itself causes in the user's code (e.g. CS0579 for a duplicated [Model]).</param>
public sealed record FuzzCase(string Kind, IReadOnlyList<string> Sources, string? ExpectedId, bool ExpectValid, IReadOnlyList<string> AllowedCompilerErrors)
{
    public static FuzzCase Valid(string kind, params string[] sources) => new(kind, sources, null, true, System.Array.Empty<string>());

    public static FuzzCase Expecting(string id, string kind, params string[] sources) => new(kind, sources, id, false, System.Array.Empty<string>());

    public static FuzzCase Unjudged(string kind, params string[] sources) => new(kind, sources, null, false, System.Array.Empty<string>());

    /// <summary>The sources as one text, for failure messages and shrunk examples.</summary>
    public override string ToString() =>
        $"{Kind} (expect {(ExpectValid ? "valid" : ExpectedId ?? "no crash, no cascade")})\n" + string.Join("\n// ----\n", Sources);
}
