using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Model;

/// <summary>
/// A diagnostic as values for the diagnostics pipeline. The location is a real source location, so
/// <c>#pragma warning disable</c> applies; it compares equal while its syntax tree is unchanged, so
/// the pipeline still caches. Locations never reach the emitted plan.
/// </summary>
/// <param name="Replacement">
/// For a "did you mean" diagnostic, the misspelt string and the suggestion; they travel to the code fix in the
/// diagnostic's properties (<see cref="GivenProperty"/>, <see cref="SuggestionProperty"/>).
/// </param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, Location? Location, EquatableArray<string> MessageArgs, (string Given, string Suggestion)? Replacement = null)
{
    /// <summary>Property key of the misspelt string; the code fix (ModelDsl.CodeFixes) reads the same key.</summary>
    public const string GivenProperty = "Given";

    /// <summary>Property key of the suggested replacement.</summary>
    public const string SuggestionProperty = "Suggestion";

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs) =>
        new(descriptor, location, messageArgs.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Descriptor, Location,
            Replacement is { } r
                ? ImmutableDictionary<string, string?>.Empty.Add(GivenProperty, r.Given).Add(SuggestionProperty, r.Suggestion)
                : null,
            MessageArgs.Cast<object>().ToArray());

    public bool Equals(DiagnosticInfo? other) =>
        other is not null && Descriptor.Id == other.Descriptor.Id && Equals(Location, other.Location) && MessageArgs == other.MessageArgs
        && Replacement == other.Replacement;

    public override int GetHashCode() => unchecked((((((Descriptor.Id.GetHashCode() * 31) + (Location?.GetHashCode() ?? 0)) * 31) + MessageArgs.GetHashCode()) * 31) + Replacement.GetHashCode());
}
