using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>Reads where a model class lives (namespace, enclosing types) and names its generated file.</summary>
internal static class ModelTypeReader
{
    /// <summary>The type a generated <c>RunAsync</c> calls; it lives in ModelDsl.Cli.dll, which the runtime does not depend on.</summary>
    public const string CommandLineTypeName = "ModelDsl.Cli.ModelCommandLine";

    public static ModelType Read(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, Compilation compilation)
    {
        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : string.Join(".", Namespaces(symbol.ContainingNamespace).Select(n => n.Name));
        var containing = declaration.Ancestors().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(t => new ContainingType(
                Keyword(t),
                t.Identifier.ValueText,
                (t.TypeParameterList?.Parameters.Select(p => p.Identifier.ValueText) ?? Enumerable.Empty<string>()).ToEquatableArray()))
            .ToEquatableArray();
        var parts = (ns is null ? Array.Empty<string>() : ns.Split('.')).Concat(containing.Select(c => c.Name)).Append(symbol.Name).ToList();
        var taken = symbol.MemberNames.Append(symbol.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
        var hasCommandLine = compilation.GetTypeByMetadataName(CommandLineTypeName) is not null;
        return new ModelType(ns, symbol.Name, containing, HintName(parts, HasCaseTwin(symbol, compilation)), taken, hasCommandLine);
    }

    /// <summary><c>record struct</c> must be reopened as one; other kinds by their keyword.</summary>
    private static string Keyword(TypeDeclarationSyntax type) =>
        type is RecordDeclarationSyntax record && record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword)
            ? "record struct"
            : type.Keyword.ValueText;

    private static IEnumerable<INamespaceSymbol> Namespaces(INamespaceSymbol ns)
    {
        var chain = new Stack<INamespaceSymbol>();
        for (var n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            chain.Push(n);
        }

        return chain;
    }

    /// <summary>
    /// <c>Samples.Outer.ImdbLstm.g.cs</c>. Characters other than ASCII letters, digits and <c>_</c> are written as
    /// <c>-uXXXX</c>. Hint names are compared ignoring case, so a class with a twin differing only in case
    /// (<c>Model</c> and <c>model</c>, or the same name in namespaces <c>A.B</c> and <c>A.b</c>) also gets a hash of its exact name.
    /// </summary>
    internal static string HintName(IReadOnlyList<string> parts, bool hasCaseTwin)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            foreach (var c in part)
            {
                if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_')
                {
                    text.Append(c);
                }
                else
                {
                    text.Append("-u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        if (hasCaseTwin)
        {
            text.Append('.').Append(Fnv1a(string.Join(".", parts)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.Append(".g.cs").ToString();
    }

    private static bool HasCaseTwin(INamedTypeSymbol symbol, Compilation compilation)
    {
        var fullName = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return compilation.GetSymbolsWithName(name => string.Equals(name, symbol.Name, StringComparison.OrdinalIgnoreCase), SymbolFilter.Type)
            .Select(other => other.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .Any(other => other != fullName && string.Equals(other, fullName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A stable 32-bit hash (string.GetHashCode differs between processes).</summary>
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
