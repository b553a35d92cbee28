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
            .Where(a => AttributeTypes.Is(a.AttributeClass, typeof(ModelAttribute)))
            .Select(a => a.ApplicationSyntaxReference)
            .Where(r => r is not null)
            .OrderBy(r => r!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(r => r!.Span.Start)
            .FirstOrDefault();
        return first is null || (first.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(first.Span));
    }

    /// <summary>
    /// The class's mistakes. <see cref="ClassCheck.Blocking"/> ones leave nothing the generator could add that would
    /// compile (the class gets no module); the others make the model inert.
    /// </summary>
    /// <param name="generatedNames">The members the generated class declares besides layer fields.</param>
    /// <param name="userCodeExempt">User members named like a generated one that are checked elsewhere (the [Forward] method, layer properties).</param>
    public static ClassCheck Check(
        INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, IReadOnlyCollection<string> generatedNames, System.Func<ISymbol, bool> userCodeExempt)
    {
        var blocking = new List<DiagnosticInfo>();
        var classLocation = declaration.Identifier.GetLocation();
        if (!ModelParser.IsPartialAllTheWayOut(declaration))
        {
            blocking.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelMustBePartial, classLocation, symbol.Name));
            return new ClassCheck(blocking, new List<DiagnosticInfo>(), CanHoldStub: false);
        }

        if (declaration is RecordDeclarationSyntax || symbol.IsRecord || symbol.IsStatic)
        {
            blocking.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModelKind, classLocation, symbol.Name, symbol.IsStatic ? "static" : "a record"));
        }
        else if (symbol.IsGenericType)
        {
            blocking.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelIsGeneric, classLocation, symbol.Name));
        }
        else if (symbol.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
        {
            blocking.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelHasBaseClass, classLocation, symbol.Name, baseType.ToDisplayString()));
        }

        if (blocking.Count == 0)
        {
            CheckConstructors(symbol, blocking);
        }

        var inert = new List<DiagnosticInfo>();
        if (blocking.Count == 0)
        {
            // An abstract class can still take the inert class's members (nothing in them calls new).
            if (symbol.IsAbstract)
            {
                inert.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModelKind, classLocation, symbol.Name, "abstract"));
            }

            CheckNames(symbol, classLocation, generatedNames, userCodeExempt, inert);
        }

        return new ClassCheck(blocking, inert, CanHoldStub: true);
    }

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
                "is a contextual keyword that code inside the class would read as this type"));
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

/// <summary>What <see cref="ModelClassChecks.Check"/> found.</summary>
/// <param name="Blocking">Mistakes that leave the class without a module (no class could be added that compiles).</param>
/// <param name="Inert">Mistakes that make the model inert: its class gets the members that throw.</param>
/// <param name="CanHoldStub">Whether a blocked class can still take implementations of its partial layer properties.</param>
internal sealed record ClassCheck(List<DiagnosticInfo> Blocking, List<DiagnosticInfo> Inert, bool CanHoldStub);
