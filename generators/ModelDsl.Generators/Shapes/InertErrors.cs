using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>The ids an inert class's exception names: the distinct MDSL errors, in id order (warnings do not make a model inert).</summary>
internal static class InertErrors
{
    public static EquatableArray<string> Ids(IEnumerable<DiagnosticInfo> diagnostics) =>
        diagnostics
            .Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            .Select(d => d.Descriptor.Id)
            .Distinct()
            .OrderBy(id => id, System.StringComparer.Ordinal)
            .ToEquatableArray();
}
