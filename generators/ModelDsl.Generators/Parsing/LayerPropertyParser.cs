using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Reads a graph model's layer properties: <c>[LSTM(200)] partial LSTM Encode { get; }</c>. Each carries one
/// layer (read by <see cref="LayerParser"/>; <c>[Bidirectional]</c> directly above a recurrent attribute wraps it),
/// must be a get-only partial property, and must be typed as the runtime layer the attribute makes.
/// </summary>
internal static class LayerPropertyParser
{
    private const string LayersNamespace = "ModelDsl.Layers";

    /// <summary>The layer properties (for shapes), the partial properties to implement, and where each layer is declared.</summary>
    internal sealed class Result
    {
        public List<LayerProperty> Layers { get; } = new();

        public List<PropertyImplementation> Implementations { get; } = new();

        public Dictionary<string, Location?> Locations { get; } = new();
    }

    public static bool IsLayerAttribute(INamedTypeSymbol attributeClass) => LayerKinds.ForAttribute(attributeClass) is not null;

    /// <param name="reserved">Names the generated class uses for its own members.</param>
    /// <param name="moduleMembers">Names a field must not take: members of TorchSharp's module (which it would hide), of the class and of the generated code.</param>
    public static Result Parse(
        INamedTypeSymbol model, LayerParser layerParser, List<DiagnosticInfo> diagnostics,
        ISet<string> reserved, ISet<string> moduleMembers, CancellationToken cancellationToken)
    {
        var result = new Result();
        var fieldNames = new LayerNames(moduleMembers, reserved.ToList());
        foreach (var property in model.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            UnknownLayerAttributes.Report(property.GetAttributes(), property.Name, diagnostics, cancellationToken);
            var attributes = LayerAttributes(property, cancellationToken);
            if (attributes.Count == 0 || property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax syntax)
            {
                continue;
            }

            var name = property.Name;
            var isPartial = syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            var accessors = syntax.AccessorList?.Accessors.Select(a => a.Keyword.ValueText).ToList() ?? new List<string>();
            if (!isPartial || property.IsStatic || syntax.ExpressionBody is not null || accessors.Count != 1 || accessors[0] != "get" ||
                syntax.AccessorList!.Accessors[0].Body is not null || syntax.AccessorList.Accessors[0].ExpressionBody is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidLayerProperty, syntax.Identifier.GetLocation(), name,
                    $"must be an instance property declared 'partial' with only a getter (partial {property.Type.Name} {name} {{ get; }}) so the generator can implement it"));
            }

            if (isPartial && syntax.ExpressionBody is null && accessors.Count > 0 && syntax.AccessorList!.Accessors.All(a => a.Body is null && a.ExpressionBody is null))
            {
                var modifiers = string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText));
                result.Implementations.Add(new PropertyImplementation(
                    name, modifiers, property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), accessors.ToEquatableArray()));
            }

            if (reserved.Contains(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidLayerProperty, syntax.Identifier.GetLocation(), name,
                    "has the name of a member the generated class adds; rename the property"));
                continue;
            }

            var spec = Spec(name, attributes, layerParser, diagnostics);
            if (spec is null)
            {
                continue;
            }

            var (expected, written) = ExpectedType(spec, attributes);
            if (expected is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidLayerProperty, attributes[0].Location, name,
                    $"carries {written}, which has no layer type for graph models; Flatten and Activation are layers of sequential models only"));
                continue;
            }

            if (property.Type.ToDisplayString() != $"{LayersNamespace}.{expected}")
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.LayerPropertyTypeMismatch, syntax.Type.GetLocation(),
                    name, property.Type.ToDisplayString(), written, $"{LayersNamespace}.{expected}", expected));
                continue;
            }

            // A field named like a member of nn.Module (training, name, eval, …) would hide it: suffix it as Keras suffixes a repeated name.
            var nameLocation = LayerParser.NameSource(attributes[0], attributes.Count == 2 ? attributes[1] : null).NamedArgumentLocation(nameof(LayerAttribute.Name));
            var fieldName = spec.Name is { } given ? fieldNames.TakeGiven(given, spec, nameLocation, diagnostics) : fieldNames.Next(KerasNames.SnakeCase(name));
            if (fieldName is null)
            {
                continue;
            }

            result.Layers.Add(new LayerProperty(name, fieldName, spec));
            result.Locations[name] = syntax.Identifier.GetLocation();
        }

        return result;
    }

    private static List<AttributeArguments> LayerAttributes(IPropertySymbol property, CancellationToken cancellationToken)
    {
        var attributes = new List<AttributeArguments>();
        foreach (var data in property.GetAttributes())
        {
            if (data.AttributeClass is { } attributeClass && IsLayerAttribute(attributeClass) &&
                data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
            {
                attributes.Add(new AttributeArguments(data, syntax));
            }
        }

        attributes.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        return attributes;
    }

    private static LayerSpec? Spec(string property, List<AttributeArguments> attributes, LayerParser layerParser, List<DiagnosticInfo> diagnostics)
    {
        if (attributes.Any(a => !a.IsBound))
        {
            return null; // the compiler has reported why
        }

        if (attributes.Count <= 2 && LayerKinds.ForAttribute(attributes[0].Class) is { WrapsNextAttribute: true })
        {
            return layerParser.Parse(attributes[0], attributes.Count == 2 ? attributes[1] : null);
        }

        if (attributes.Count != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidLayerProperty, attributes[attributes.Count > 1 ? 1 : 0].Location, property,
                $"carries {string.Join(" ", attributes.Select(a => $"[{a.Name}]"))}; a property holds exactly one layer ([Bidirectional] goes directly above the SimpleRNN, GRU or LSTM it wraps)"));
            return null;
        }

        var attribute = attributes[0];
        return layerParser.Parse(attribute);
    }

    /// <summary>The <c>ModelDsl.Layers</c> type a layer is built as (<c>null</c> when it has none) and the attributes as written.</summary>
    private static (string? Type, string Written) ExpectedType(LayerSpec spec, List<AttributeArguments> attributes) =>
        (spec.LayerKind.PropertyType(spec), string.Concat(attributes.Select(a => $"[{a.Name}]")));
}
