using Microsoft.CodeAnalysis.CSharp;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// Identifiers are kept as the user reads them (<c>class</c>, <c>event</c>) through every stage and escaped here, once,
/// when they are written as C#.
/// </summary>
internal static class CSharpName
{
    /// <summary>The name as a C# identifier: a keyword (reserved or contextual ones that would be misread, like <c>var</c>) gets <c>@</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.VarKeyword
            ? "@" + name
            : name;

    /// <summary>A dotted namespace, each part escaped: <c>My.event</c> → <c>My.@event</c>.</summary>
    public static string EscapeNamespace(string ns) => string.Join(".", System.Array.ConvertAll(ns.Split('.'), Escape));
}
