using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// What a <c>[Model]</c> type must be for the generator to reopen it, for sequential and graph models alike. Each
/// mistake found here means no class can be generated (it would not compile), so the model gets nothing but the errors.
/// </summary>
internal static class ModelClassChecks
{
    /// <summary>
    /// Only one declaration of a class generates it: the one carrying the first <c>[Model]</c> in source order. With
    /// <c>[Model]</c> on two partial declarations the compiler reports the duplicate attribute (CS0579).
    /// </summary>
    public static bool IsGeneratingDeclaration(INamedTypeSymbol symbol, SyntaxNode declaration)
    {
        var first = symbol.GetAttributes()
            .Where(a => GraphParser.IsModelDslAttribute(a.AttributeClass, "ModelAttribute"))
            .Select(a => a.ApplicationSyntaxReference)
            .Where(r => r is not null)
            .OrderBy(r => r!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(r => r!.Span.Start)
            .FirstOrDefault();
        return first is null || (first.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(first.Span));
    }

    /// <summary>The errors that keep the class from being generated: an empty list when it can be.</summary>
    /// <param name="generatedNames">The members the generated class declares besides layer fields.</param>
    /// <param name="userCodeExempt">User members named like a generated one that are checked elsewhere (the [Forward] method, layer properties).</param>
    public static List<DiagnosticInfo> Check(
        INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, IReadOnlyCollection<string> generatedNames, System.Func<ISymbol, bool> userCodeExempt)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var classLocation = declaration.Identifier.GetLocation();
        if (!ModelParser.IsPartialAllTheWayOut(declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelMustBePartial, classLocation, symbol.Name));
            return diagnostics;
        }

        if (Kind(symbol, declaration) is { } kind)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModelKind, classLocation, symbol.Name, kind));
            return diagnostics;
        }

        if (symbol.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelIsGeneric, classLocation, symbol.Name));
            return diagnostics;
        }

        if (symbol.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelHasBaseClass, classLocation, symbol.Name, baseType.ToDisplayString()));
            return diagnostics;
        }

        CheckConstructors(symbol, diagnostics);
        CheckNames(symbol, classLocation, generatedNames, userCodeExempt, diagnostics);
        return diagnostics;
    }

    /// <summary>The names a layer field must not take: the class's, its members' and the generated members'.</summary>
    public static HashSet<string> TakenNames(INamedTypeSymbol symbol, IEnumerable<string> generatedNames)
    {
        var taken = new HashSet<string>(symbol.MemberNames) { symbol.Name };
        taken.UnionWith(generatedNames);
        return taken;
    }

    private static string? Kind(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration) =>
        declaration is RecordDeclarationSyntax || symbol.IsRecord ? "a record"
        : symbol.IsStatic ? "static"
        : symbol.IsAbstract ? "abstract"
        : null;

    private static void CheckConstructors(INamedTypeSymbol symbol, List<DiagnosticInfo> diagnostics)
    {
        foreach (var syntax in symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ClassDeclarationSyntax>())
        {
            if (syntax.ParameterList is { } parameters)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ModelDeclaresConstructor, parameters.GetLocation(), symbol.Name, $"a primary constructor {parameters}"));
            }
        }

        foreach (var constructor in symbol.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared))
        {
            var syntax = constructor.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ConstructorDeclarationSyntax>().FirstOrDefault();
            if (syntax is null)
            {
                continue; // the primary constructor, reported above
            }

            // A constructor that chains to this(...) ends in the generated one, which builds the layers: that is fine.
            if (constructor.Parameters.Length > 0 && syntax.Initializer is { } initializer && initializer.IsKind(SyntaxKind.ThisConstructorInitializer))
            {
                continue;
            }

            var what = constructor.Parameters.Length == 0
                ? "a parameterless constructor"
                : $"a constructor {syntax.ParameterList} that does not chain to this()";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelDeclaresConstructor, syntax.Identifier.GetLocation(), symbol.Name, what));
        }
    }

    private static void CheckNames(
        INamedTypeSymbol symbol, Location classLocation, IReadOnlyCollection<string> generatedNames, System.Func<ISymbol, bool> userCodeExempt, List<DiagnosticInfo> diagnostics)
    {
        if (generatedNames.Contains(symbol.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NameUsedByGeneratedCode, classLocation, "Model class", symbol.Name,
                $"has the name of {GeneratedNames.Describe(symbol.Name)} the generated module adds, and a class cannot have a member named like itself"));
        }
        else if (symbol.Name is "var" or "nameof")
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NameUsedByGeneratedCode, classLocation, "Model class", symbol.Name,
                $"is a contextual keyword that code inside the class (the generated code too) would read as this type"));
        }

        foreach (var member in symbol.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !generatedNames.Contains(member.Name) || userCodeExempt(member) ||
                (member.Name == "Dispose" && !IsDisposeBool(member)))
            {
                continue;
            }

            var kind = member switch
            {
                IMethodSymbol => "Method",
                IPropertySymbol => "Property",
                IFieldSymbol => "Field",
                IEventSymbol => "Event",
                _ => "Member",
            };
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NameUsedByGeneratedCode, member.Locations.FirstOrDefault(), kind, member.Name,
                $"has the name of {GeneratedNames.Describe(member.Name)} that ModelDsl generates in '{symbol.Name}'"));
        }
    }

    private static bool IsDisposeBool(ISymbol member) =>
        member is IMethodSymbol { Parameters.Length: 1 } method && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean;
}
