using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// First stage for graph models: a <c>[Model]</c> class with a <c>[Forward]</c> method becomes a
/// <see cref="ModelDeclaration"/>: its inputs (the method's <c>[Input]</c> parameters), its layer properties
/// and the method's body as statements of plain values. Classes without <c>[Forward]</c> are left to
/// <see cref="ModelParser"/>.
/// </summary>
internal static class GraphParser
{

    public static bool IsGraphModel(ISymbol symbol) =>
        symbol is INamedTypeSymbol type && ForwardMethods(type).Any();

    /// <summary>
    /// The graph model's declaration, or <c>null</c> when the class has no <c>[Forward]</c> method (a sequential
    /// model; then only layer properties, which nothing would call, are reported).
    /// </summary>
    public static ParseResult? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var forwards = ForwardMethods(symbol).ToList();
        if (forwards.Count == 0)
        {
            return null; // a stack: ModelParser
        }

        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        if (!ModelClassChecks.IsGeneratingDeclaration(symbol, declaration))
        {
            return null;
        }

        var classLocation = declaration.Identifier.GetLocation();
        var forward = forwards[0];
        var signatureNames = GeneratedNames.SignatureProperties(forward.Parameters.Select(p => p.Name));
        var generatedNames = GeneratedNames.Graph(signatureNames);
        var check = ModelClassChecks.Check(symbol, declaration, generatedNames, member => IsCheckedElsewhere(member, forward));
        if (check.Blocking.Count > 0)
        {
            return Blocked(context, symbol, declaration, check, cancellationToken);
        }

        var diagnostics = check.Inert; // the model is inert when any are reported
        var type = ModelTypeReader.Read(symbol, declaration, context.SemanticModel.Compilation);
        var layerParser = new LayerParser(diagnostics, allowUnmerged: true);
        ReportClassLevelLayers(symbol, diagnostics, cancellationToken);
        UnknownLayerAttributes.Report(symbol.GetAttributes(), symbol.Name, diagnostics, cancellationToken);

        foreach (var extra in forwards.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidForwardMethod, extra.Locations.FirstOrDefault(), extra.Name,
                $"is a second [Forward] method of '{symbol.Name}'; a model has one forward pass, so remove [Forward] from all but one"));
        }

        var forwardSyntax = ForwardSyntax(forward, cancellationToken);
        CheckForwardSignature(forward, forwardSyntax, signatureNames, diagnostics);

        var reserved = new HashSet<string>(GeneratedMembers.Concat(signatureNames));
        var fieldNamesTaken = ModuleMemberNames(context.SemanticModel.Compilation);
        fieldNamesTaken.UnionWith(type.TakenNames.Concat(generatedNames));
        var properties = LayerPropertyParser.Parse(symbol, layerParser, diagnostics, reserved, fieldNamesTaken, cancellationToken);
        var inputs = ParseInputs(forward, layerParser, diagnostics, cancellationToken);
        StatefulLayers.RequireBatchSize(
            properties.Layers.Select(l => (l.Spec, (Location?)properties.Locations[l.Name])),
            inputs?.Select(i => i.Spec).ToList() ?? new List<InputSpec>(), diagnostics);
        var modelAttribute = ModelParser.ModelAttribute(context, cancellationToken);
        var training = modelAttribute is null ? TrainingSpec.Default : TrainingOptionsParser.Parse(modelAttribute, layerParser, diagnostics);
        var initializer = modelAttribute is null ? WeightInitializer.Keras : TrainingOptionsParser.ParseInitializer(modelAttribute, layerParser);

        var shell = new ModelShell(
            type,
            forward.Parameters.Select(p => p.Name).ToEquatableArray(),
            signatureNames.ToEquatableArray(),
            properties.Implementations.ToEquatableArray(),
            forward.Name,
            StubKeyword: null);

        if (forwardSyntax is null)
        {
            return new ParseResult(shell, null, diagnostics.ToEquatableArray(), classLocation);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var semanticModel = context.SemanticModel.Compilation.GetSemanticModel(forwardSyntax.SyntaxTree);
        var body = new ForwardBodyParser(semanticModel, symbol, forward, properties.Layers.Select(l => l.Name), cancellationToken).Parse(forwardSyntax);
        foreach (var unused in properties.Layers.Where(l => !body.ReferencedLayers.Contains(l.Name)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedLayerProperty, properties.Locations[unused.Name], unused.Name, forward.Name));
        }

        var hasErrors = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        var graph = hasErrors || inputs is null
            ? null
            : new ModelDeclaration(shell, inputs.ToEquatableArray(), properties.Layers.ToEquatableArray(), body.Statements, training, modelAttribute?.NamedArgumentLocation(nameof(ModelAttribute.Loss)), initializer);
        return new ParseResult(shell, graph, diagnostics.ToEquatableArray(), classLocation);
    }

    /// <summary>Layer properties of a class without <c>[Forward]</c>: nothing would call them, so each is reported.</summary>
    public static List<DiagnosticInfo> LayerPropertiesWithoutForward(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var property in symbol.GetMembers().OfType<IPropertySymbol>())
        {
            var layers = property.GetAttributes()
                .Where(a => a.AttributeClass is { } c && LayerPropertyParser.IsLayerAttribute(c))
                .Select(a => a.ApplicationSyntaxReference?.GetSyntax(cancellationToken))
                .OfType<AttributeSyntax>()
                .OrderBy(a => a.SpanStart)
                .ToList();
            if (layers.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.LayerPropertyWithoutForward, layers[0].GetLocation(),
                    property.Name, string.Concat(layers.Select(a => $"[{a.Name}]")), symbol.Name));
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// A class that gets no module still needs its partial layer properties implemented, or the compiler adds an
    /// error for each: the shell then carries only those, to be written throwing in a bare partial declaration.
    /// </summary>
    private static ParseResult Blocked(
        GeneratorAttributeSyntaxContext context, INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, ClassCheck check, CancellationToken cancellationToken)
    {
        var diagnostics = check.Blocking.ToEquatableArray();
        var classLocation = declaration.Identifier.GetLocation();
        if (!check.CanHoldStub)
        {
            return new ParseResult(null, null, diagnostics, classLocation);
        }

        var scratch = new List<DiagnosticInfo>(); // the class's blocking errors come first; its properties are checked once it can be generated
        var implementations = LayerPropertyParser.Parse(symbol, new LayerParser(scratch, allowUnmerged: true), scratch, new HashSet<string>(), new HashSet<string>(), cancellationToken).Implementations;
        if (implementations.Count == 0)
        {
            return new ParseResult(null, null, diagnostics, classLocation);
        }

        var keyword = declaration is RecordDeclarationSyntax record
            ? record.ClassOrStructKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StructKeyword) ? "record struct" : "record"
            : "class";
        var shell = new ModelShell(
            ModelTypeReader.Read(symbol, declaration, context.SemanticModel.Compilation),
            EquatableArray<string>.Empty, EquatableArray<string>.Empty, implementations.ToEquatableArray(), "", keyword,
            symbol.TypeParameters.Select(t => t.Name).ToEquatableArray());
        return new ParseResult(shell, null, diagnostics, classLocation);
    }

    /// <summary>The [Forward] method and layer properties have their own checks (MDSL0304, MDSL0303) of the names they may take.</summary>
    private static bool IsCheckedElsewhere(ISymbol member, IMethodSymbol forward) =>
        (member is IPropertySymbol property && property.GetAttributes().Any(a => a.AttributeClass is { } c && LayerPropertyParser.IsLayerAttribute(c))) ||
        (SymbolEqualityComparer.Default.Equals(member, forward) && member.Name == "forward");

    /// <summary>Members the generated class adds, which a layer property must not be named.</summary>
    private static readonly string[] GeneratedMembers = { "Summary", "Fit", "Evaluate", "Predict", "Training", "TrainingOptions", "Dispose", "NotGenerated", "Layers", "ResetStates" };

    /// <summary>Parameters of the generated Fit / Evaluate / Predict, which an input must not be named.</summary>
    private static readonly string[] TrainingParameters = { "y", "epochs", "batchSize", "validationSplit", "validationData", "shuffle", "callbacks", "seed", "verbose", "initialEpoch" };

    /// <summary>The members of TorchSharp's <c>nn.Module</c> (and its bases): a layer field named like one would hide it.</summary>
    internal static HashSet<string> ModuleMemberNames(Compilation compilation)
    {
        var names = new HashSet<string>();
        for (var type = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module"); type is not null; type = type.BaseType)
        {
            names.UnionWith(type.MemberNames);
        }

        return names;
    }

    private static IEnumerable<IMethodSymbol> ForwardMethods(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => m.GetAttributes().Any(a => AttributeTypes.Is(a.AttributeClass, typeof(ForwardAttribute))));

    /// <summary>Layer attributes on the class have no order relative to the <c>[Forward]</c> wiring, so they are reported rather than guessed at.</summary>
    private static void ReportClassLevelLayers(INamedTypeSymbol symbol, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (data.AttributeClass is not { } attributeClass || !LayerPropertyParser.IsLayerAttribute(attributeClass) ||
                data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                continue;
            }

            var name = attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAttributeOnGraphClass, syntax.GetLocation(), $"[{name}]", symbol.Name, name));
        }
    }

    private static MethodDeclarationSyntax? ForwardSyntax(IMethodSymbol forward, CancellationToken cancellationToken) =>
        forward.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Body is not null || m.ExpressionBody is not null);

    private static void CheckForwardSignature(IMethodSymbol forward, MethodDeclarationSyntax? syntax, IReadOnlyList<string> signatureNames, List<DiagnosticInfo> diagnostics)
    {
        var location = forward.Locations.FirstOrDefault();
        string? problem = null;
        if (syntax is null)
        {
            problem = "has no body; write the forward pass in it";
        }
        else if (forward.IsStatic)
        {
            problem = "is static; it calls the model's layer properties, so make it an instance method";
        }
        else if (forward.IsGenericMethod)
        {
            problem = "is generic; remove its type parameters";
        }
        else if (!IsTensor(forward.ReturnType))
        {
            problem = $"returns '{forward.ReturnType.ToDisplayString()}'; it must return the model's output, a Tensor";
        }
        else if (forward.Parameters.Length == 0)
        {
            problem = "has no parameters; declare each model input as a parameter, e.g. [Input(20)] Tensor sentence";
        }
        else if (forward.Parameters.Length > ModuleArity.MaxInputs)
        {
            problem = $"has {forward.Parameters.Length} inputs, but a TorchSharp module takes at most {ModuleArity.MaxInputs}; concatenate some inputs into one";
        }
        else if (forward.Name == "forward")
        {
            problem = "is named 'forward', which the generated module overrides; give it another name, e.g. Forward";
        }
        else if (forward.Parameters.FirstOrDefault(p => !IsTensor(p.Type) || p.RefKind != RefKind.None || p.IsParams) is { } parameter)
        {
            location = parameter.Locations.FirstOrDefault() ?? location;
            problem = $"has parameter '{parameter.Name}' that is not a plain Tensor; every parameter is one model input";
        }
        else if (forward.Parameters.FirstOrDefault(p => TrainingParameters.Contains(p.Name)) is { } clash)
        {
            location = clash.Locations.FirstOrDefault() ?? location;
            problem = $"has an input named '{clash.Name}', which the generated Fit, Evaluate and Predict also take as a parameter; rename the input";
        }
        else if (Enumerable.Range(0, signatureNames.Count).FirstOrDefault(k => GeneratedNames.SignatureProperty(forward.Parameters[k].Name) != signatureNames[k]) is var twin && twin > 0)
        {
            var other = forward.Parameters.First(p => KerasNames.Pascal(p.Name) == KerasNames.Pascal(forward.Parameters[twin].Name));
            location = forward.Parameters[twin].Locations.FirstOrDefault() ?? location;
            problem = $"has inputs '{other.Name}' and '{forward.Parameters[twin].Name}', whose input signature properties would both be {GeneratedNames.SignatureProperty(other.Name)}; rename one";
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidForwardMethod, location, forward.Name, problem));
        }
    }

    /// <summary>The inputs, or <c>null</c> when one of them is missing or invalid (already reported).</summary>
    private static List<ModelInput>? ParseInputs(IMethodSymbol forward, LayerParser layerParser, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var inputs = new List<ModelInput>();
        var complete = true;
        foreach (var parameter in forward.Parameters)
        {
            var data = parameter.GetAttributes().FirstOrDefault(a => AttributeTypes.Is(a.AttributeClass, typeof(InputAttribute)));
            if (data?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForwardParameterWithoutInput, parameter.Locations.FirstOrDefault(), parameter.Name, forward.Name));
                complete = false;
                continue;
            }

            var attribute = new AttributeArguments(data, syntax);
            if (ModelParser.ParseInput(attribute, layerParser, diagnostics) is { } spec)
            {
                inputs.Add(new ModelInput(parameter.Name, spec));
            }
            else
            {
                complete = false;
            }
        }

        return complete ? inputs : null;
    }

    public static bool IsTensor(ITypeSymbol type) =>
        type is { Name: "Tensor", ContainingType: { Name: "torch", ContainingNamespace: { Name: "TorchSharp", ContainingNamespace.IsGlobalNamespace: true } } };
}
