using System.Collections.Generic;
using System.Globalization;
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
/// First stage for a stack (a <c>[Model]</c> class without <c>[Forward]</c>): its layer attributes become the
/// <see cref="ModelDeclaration"/> a <c>[Forward]</c> method calling them one after another would give — one input
/// <c>input</c> and a straight line of layer calls — with the declaration mistakes found on the way. Layer order is
/// source order on the declaration that carries <c>[Model]</c>.
/// </summary>
internal static class ModelParser
{
    /// <summary>The declaration, or <c>null</c> when another partial declaration of the class carries the <c>[Model]</c> that generates it.</summary>
    public static ParseResult? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var propertyErrors = GraphParser.LayerPropertiesWithoutForward(symbol, cancellationToken);
        if (!ModelClassChecks.IsGeneratingDeclaration(symbol, declaration))
        {
            return propertyErrors.Count == 0 ? null : new ParseResult(null, null, propertyErrors.ToEquatableArray());
        }

        var check = ModelClassChecks.Check(symbol, declaration, GeneratedNames.Sequential, userCodeExempt: static _ => false);
        if (check.Blocking.Count > 0)
        {
            return new ParseResult(null, null, check.Blocking.Concat(propertyErrors).ToEquatableArray());
        }

        var diagnostics = check.Inert; // the model is inert when any are reported

        var classLocation = declaration.Identifier.GetLocation();
        var type = ModelTypeReader.Read(symbol, declaration, context.SemanticModel.Compilation);
        var attributes = LayerAttributesInSourceOrder(symbol, declaration, diagnostics, cancellationToken);
        var unknownLayers = UnknownLayerAttributes.Report(symbol.GetAttributes(), symbol.Name, diagnostics, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var layers = new List<(LayerSpec Spec, Location? Location)>();
        var nameLocations = new List<Location?>();
        var layerParser = new LayerParser(diagnostics);
        var modelAttribute = ModelAttribute(context, cancellationToken);
        var training = modelAttribute is null ? TrainingSpec.Default : TrainingOptionsParser.Parse(modelAttribute, layerParser, diagnostics);
        var hasInput = attributes.Any(a => a.Is(typeof(InputAttribute)));
        var inputSeen = false;
        InputSpec? input = null;
        for (var index = 0; index < attributes.Count; index++)
        {
            var attribute = attributes[index];
            if (attribute.Is(typeof(InputAttribute)))
            {
                inputSeen = true;
                input = ParseInput(attribute, layerParser, diagnostics);
                continue;
            }

            if (hasInput && !inputSeen)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerBeforeInput, attribute.Location, $"[{attribute.Name}]"));
            }

            var kind = LayerKinds.ForAttribute(attribute.Class)!;
            var next = index + 1 < attributes.Count ? attributes[index + 1] : null;
            var wrapped = kind.WrapsNextAttribute && next is not null && kind.CanWrap(next) ? next : null;
            if (layerParser.Parse(attribute, kind.WrapsNextAttribute ? next : null) is { } spec)
            {
                // A wrapper is reported at the layer it wraps: shape mistakes (a missing ReturnSequences) are fixed there.
                layers.Add((spec, (wrapped ?? attribute).Location));
                nameLocations.Add(LayerParser.NameSource(attribute, wrapped).NamedArgumentLocation(nameof(LayerAttribute.Name)));
            }

            if (wrapped is not null)
            {
                index++; // the wrapped layer is part of this one
            }
        }

        if (!hasInput)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelHasNoInput, classLocation, symbol.Name));
        }
        else if (attributes.All(a => a.Is(typeof(InputAttribute))) && unknownLayers == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelHasNoLayers, classLocation, symbol.Name));
        }

        StatefulLayers.RequireBatchSize(layers, input is null ? System.Array.Empty<InputSpec>() : new[] { input }, diagnostics);
        diagnostics.AddRange(propertyErrors);
        var initializer = modelAttribute is null ? WeightInitializer.Keras : TrainingOptionsParser.ParseInitializer(modelAttribute, layerParser);
        var shell = new ModelShell(
            type, new[] { GeneratedNames.StackInput }.ToEquatableArray(), new[] { GeneratedNames.StackSignature }.ToEquatableArray(),
            EquatableArray<PropertyImplementation>.Empty, ForwardName: "", StubKeyword: null, IsStack: true);
        var stackLayers = StackLayers(type, layers, nameLocations, GraphParser.ModuleMemberNames(context.SemanticModel.Compilation), diagnostics);
        var graph = input is null || diagnostics.Count > 0
            ? null
            : new ModelDeclaration(
                shell, new[] { new ModelInput(GeneratedNames.StackInput, input) }.ToEquatableArray(), stackLayers, StackBody(stackLayers, layers), training,
                modelAttribute?.NamedArgumentLocation(nameof(global::ModelDsl.ModelAttribute.Loss)), initializer);
        return new ParseResult(shell, graph, diagnostics.ToEquatableArray(), classLocation);
    }

    /// <summary>The value each layer of a stack reads and replaces.</summary>
    private const string StackValue = "x";

    /// <summary>
    /// The layers under the names the user gave them, the others under Keras's names (<c>lstm</c>, <c>lstm_1</c>), stepping
    /// around the given names and the class's, the generated code's and TorchSharp's module's members.
    /// </summary>
    private static EquatableArray<LayerProperty> StackLayers(
        ModelType type, List<(LayerSpec Spec, Location? Location)> layers, List<Location?> nameLocations, IEnumerable<string> moduleMembers, List<DiagnosticInfo> diagnostics)
    {
        var names = new LayerNames(type.TakenNames.Concat(GeneratedNames.Sequential).Concat(moduleMembers), GeneratedNames.Sequential);
        var given = layers.Select((layer, i) => layer.Spec.Name is { } name ? names.TakeGiven(name, layer.Spec, nameLocations[i], diagnostics) : null).ToList();
        return layers.Select((layer, i) => given[i] ?? names.Next(layer.Spec.FieldBaseName))
            .Zip(layers, (field, layer) => new LayerProperty(field, field, layer.Spec)).ToEquatableArray();
    }

    /// <summary>
    /// A stack as the straight line of calls a <c>[Forward]</c> method would write: <c>var x = embedding.call(input);</c>,
    /// <c>x = lstm.call(x);</c> … <c>return x;</c>. Each call is located at its attribute, where its shape errors are reported.
    /// </summary>
    private static EquatableArray<GraphStatement> StackBody(EquatableArray<LayerProperty> properties, List<(LayerSpec Spec, Location? Location)> layers)
    {
        var statements = new List<GraphStatement>();
        var target = new[] { StackValue }.ToEquatableArray();
        for (var i = 0; i < layers.Count; i++)
        {
            var location = layers[i].Location;
            GraphExpression source = i == 0 ? new InputReference(GeneratedNames.StackInput, location) : new LocalReference(StackValue, location);
            var call = new LayerCall(properties[i].Name, LayerCallKind.Call, new[] { source }.ToEquatableArray(), location);
            statements.Add(new GraphStatement(i == 0 ? StatementKind.Declare : StatementKind.Assign, target, call, "", location));
        }

        var last = layers.Count == 0 ? null : layers[layers.Count - 1].Location;
        statements.Add(new GraphStatement(StatementKind.Return, EquatableArray<string>.Empty, new LocalReference(StackValue, last), "", last));
        return statements.ToEquatableArray();
    }

    internal static AttributeArguments? ModelAttribute(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var data = context.Attributes.FirstOrDefault();
        return data?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax ? new AttributeArguments(data, syntax) : null;
    }

    internal static InputSpec? ParseInput(AttributeArguments attribute, LayerParser layerParser, List<DiagnosticInfo> diagnostics)
    {
        if (!attribute.IsBound)
        {
            return null;
        }

        var argument = attribute.Constructor(nameof(InputAttribute.Shape));
        var shape = argument.IsNull || argument.Kind != TypedConstantKind.Array
            ? System.Array.Empty<int>()
            : argument.Values.Select(v => v.Value is int i ? i : 0).ToArray();
        if (shape.Length == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidInputShape, attribute.Location,
                "needs the per-example shape, e.g. [Input(40)] for 40 token ids"));
            return null;
        }

        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0 || shape[i] < -1)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidInputShape, attribute.PositionalArgumentLocation(i),
                    $"dimension {i} must be positive, or Dimension.Unknown (-1) for a varying length; got {shape[i].ToString(CultureInfo.InvariantCulture)}"));
                return null;
            }
        }

        var elementType = ElementType.Int64;
        if (attribute.TryGetNamed(nameof(InputAttribute.DType), out var dtype))
        {
            var name = dtype.Value as string ?? "null";
            if (!KerasVocabulary.InputTypes.TryGetValue(name, out elementType))
            {
                layerParser.ReportUnknown(nameof(InputAttribute.DType), name, KerasVocabulary.InputTypes.Keys, attribute.NamedArgumentLocation(nameof(InputAttribute.DType)));
                return null;
            }
        }

        int? batchSize = null;
        if (attribute.TryGetNamed(nameof(InputAttribute.BatchSize), out var batch) && batch.Value is int size)
        {
            if (size <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SizeMustBePositive, attribute.NamedArgumentLocation(nameof(InputAttribute.BatchSize)),
                    "[Input] BatchSize", size.ToString(CultureInfo.InvariantCulture)));
                return null;
            }

            batchSize = size;
        }

        return new InputSpec(shape.ToEquatableArray(), elementType, batchSize);
    }

    /// <summary>
    /// The ModelDsl attributes of the class, ordered as written. Attributes on other partial
    /// declarations have no defined order relative to these, so they are reported instead.
    /// </summary>
    private static List<AttributeArguments> LayerAttributesInSourceOrder(
        INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var result = new List<AttributeArguments>();
        foreach (var data in symbol.GetAttributes())
        {
            if (!IsLayerOrInput(data.AttributeClass) || data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                continue;
            }

            var attribute = new AttributeArguments(data, syntax);
            if (syntax.SyntaxTree != declaration.SyntaxTree || !declaration.AttributeLists.Any(list => list.Span.Contains(syntax.Span)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerOnOtherPartialDeclaration, attribute.Location, $"[{attribute.Name}]", symbol.Name));
                continue;
            }

            if (attribute.IsBound)
            {
                result.Add(attribute);
            }
        }

        result.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        return result;
    }

    internal static bool IsLayerOrInput(INamedTypeSymbol? attributeClass) =>
        AttributeTypes.Is(attributeClass, typeof(InputAttribute)) || AttributeTypes.IsAny(attributeClass, LayerKinds.Attributes);

    internal static bool IsPartialAllTheWayOut(TypeDeclarationSyntax declaration)
    {
        for (SyntaxNode? node = declaration; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }
}
