using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Turns the body of a <c>[Forward]</c> method into <see cref="GraphStatement"/>s: <c>var</c> locals, assignments
/// to locals and <c>return</c>, over inputs, locals, layer property calls and <c>Ops</c> with constant axes.
/// Anything else becomes an <see cref="Unfollowed"/> carrying the diagnostic that explains it, so the shape
/// stage reports it in order and never checks past it silently.
/// </summary>
internal sealed class ForwardBodyParser
{
    private static readonly string[] FollowedOps = { "Dot", "Softmax", "Concatenate", "Add" };

    /// <summary>The target name of a discard, <c>var (forward, _) = …</c>: never a C# identifier, so never read.</summary>
    public const string Discard = "_";

    private readonly SemanticModel _semanticModel;
    private readonly INamedTypeSymbol _model;
    private readonly IMethodSymbol _forward;
    private readonly HashSet<string> _layers;
    private readonly CancellationToken _cancellationToken;

    public ForwardBodyParser(SemanticModel semanticModel, INamedTypeSymbol model, IMethodSymbol forward, IEnumerable<string> layerProperties, CancellationToken cancellationToken)
    {
        _semanticModel = semanticModel;
        _model = model;
        _forward = forward;
        _layers = new HashSet<string>(layerProperties);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The statements, and the layer properties the body mentions anywhere (for the unused-layer warning).</summary>
    internal sealed record Result(EquatableArray<GraphStatement> Statements, IReadOnlyCollection<string> ReferencedLayers);

    public Result Parse(MethodDeclarationSyntax method)
    {
        var body = (SyntaxNode?)method.Body ?? method.ExpressionBody!;
        var referenced = new HashSet<string>(body.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Select(n => n.Identifier.ValueText)
            .Where(_layers.Contains));

        var statements = new List<GraphStatement>();
        if (method.ExpressionBody is { } arrow)
        {
            statements.Add(new GraphStatement(StatementKind.Return, EquatableArray<string>.Empty, Expression(arrow.Expression), "=> " + OneLine(arrow.Expression), arrow.Expression.GetLocation()));
        }
        else
        {
            foreach (var statement in method.Body!.Statements)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                statements.Add(Statement(statement));
            }
        }

        return new Result(statements.ToEquatableArray(), referenced);
    }

    private GraphStatement Statement(StatementSyntax statement)
    {
        var text = OneLine(statement);
        var location = statement.GetLocation();
        switch (statement)
        {
            case LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
                when declaration.Modifiers.Count == 0 && declaration.UsingKeyword.IsKind(SyntaxKind.None) && declaration.AwaitKeyword.IsKind(SyntaxKind.None):
                {
                    var variable = declaration.Declaration.Variables[0];
                    if (variable.Initializer is null)
                    {
                        return NotFollowed(statement, $"the declaration of '{variable.Identifier.ValueText}'", "it has no value; declare each local where it is computed");
                    }

                    if (_semanticModel.GetDeclaredSymbol(variable, _cancellationToken) is ILocalSymbol local && !GraphParser.IsTensor(local.Type))
                    {
                        return NotFollowed(statement, $"local '{local.Name}' of type '{local.Type.ToDisplayString()}'", "only Tensor locals are followed");
                    }

                    return new GraphStatement(StatementKind.Declare, new[] { variable.Identifier.ValueText }.ToEquatableArray(), Expression(variable.Initializer.Value), text, location);
                }

            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }:
                return Assignment(statement, assignment, text, location);

            case ReturnStatementSyntax { Expression: { } value }:
                return new GraphStatement(StatementKind.Return, EquatableArray<string>.Empty, Expression(value), text, location);

            case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                return NotFollowed(statement, "a loop", "how often it runs, and so the shapes it produces, is known only at run time");

            case IfStatementSyntax or SwitchStatementSyntax:
                return NotFollowed(statement, "a branch", "which way it goes, and so the shapes past it, is known only at run time");

            default:
                return NotFollowed(statement, $"'{Shorten(text)}'", "only var declarations, assignments to locals and return are followed");
        }
    }

    private GraphStatement Assignment(StatementSyntax statement, AssignmentExpressionSyntax assignment, string text, Location location)
    {
        switch (assignment.Left)
        {
            case IdentifierNameSyntax name when _semanticModel.GetSymbolInfo(name, _cancellationToken).Symbol is ILocalSymbol:
                return new GraphStatement(StatementKind.Assign, new[] { name.Identifier.ValueText }.ToEquatableArray(), Expression(assignment.Right), text, location);

            case DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designation }
                when designation.Variables.All(v => v is SingleVariableDesignationSyntax or DiscardDesignationSyntax):
                return new GraphStatement(
                    StatementKind.Declare,
                    designation.Variables.Select(v => v is SingleVariableDesignationSyntax single ? single.Identifier.ValueText : Discard).ToEquatableArray(),
                    Expression(assignment.Right), text, location);

            case TupleExpressionSyntax tuple when tuple.Arguments.All(a => a.Expression is IdentifierNameSyntax id && _semanticModel.GetSymbolInfo(id, _cancellationToken).Symbol is ILocalSymbol):
                return new GraphStatement(
                    StatementKind.Assign,
                    tuple.Arguments.Select(a => ((IdentifierNameSyntax)a.Expression).Identifier.ValueText).ToEquatableArray(),
                    Expression(assignment.Right), text, location);

            default:
                return NotFollowed(statement, $"the assignment to '{Shorten(OneLine(assignment.Left))}'", "only locals of the method are followed");
        }
    }

    private GraphExpression Expression(ExpressionSyntax expression)
    {
        var location = expression.GetLocation();
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Expression(parenthesized.Expression);

            case IdentifierNameSyntax name:
                switch (_semanticModel.GetSymbolInfo(name, _cancellationToken).Symbol)
                {
                    case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _forward):
                        return new InputReference(parameter.Name, location);
                    case ILocalSymbol local:
                        return new LocalReference(local.Name, location);
                }

                break;

            case InvocationExpressionSyntax invocation:
                return Invocation(invocation);
        }

        return Problem(DiagnosticDescriptors.StatementNotFollowed, location, $"'{Shorten(OneLine(expression))}'", "a tensor must come from an input, a local, a layer property call or Ops");
    }

    private GraphExpression Invocation(InvocationExpressionSyntax invocation)
    {
        var location = invocation.GetLocation();
        if (_semanticModel.GetOperation(invocation, _cancellationToken) is not IInvocationOperation operation)
        {
            return Problem(DiagnosticDescriptors.StatementNotFollowed, location, $"'{Shorten(OneLine(invocation))}'", "the call does not bind");
        }

        var method = operation.TargetMethod;
        if (method.ContainingType is { Name: "Ops", ContainingNamespace: { Name: "ModelDsl", ContainingNamespace.IsGlobalNamespace: true } })
        {
            // Only ModelDsl's own Ops has shape rules; a ModelDsl.Ops declared in the project has other signatures.
            return SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _semanticModel.Compilation.Assembly)
                ? Problem(
                    DiagnosticDescriptors.StatementNotFollowed, location, $"the call to Ops.{method.Name}",
                    "it calls a ModelDsl.Ops class declared in this project, not the library's, so its output shape is unknown; remove that class")
                : Op(operation, location);
        }

        if (method.Name is "call" or "forward" or "ForwardBoth" && IsModule(method.ContainingType))
        {
            if (operation.Instance is IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property &&
                SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model) && _layers.Contains(property.Property.Name))
            {
                var arguments = operation.Arguments
                    .Where(a => a.ArgumentKind != ArgumentKind.DefaultValue)
                    .Select(a => a.Syntax is ArgumentSyntax syntax ? Expression(syntax.Expression) : Problem(DiagnosticDescriptors.StatementNotFollowed, location, "the arguments", "they are not plain arguments"))
                    .ToEquatableArray();
                var kind = method.Name == "ForwardBoth" ? LayerCallKind.ForwardBoth : LayerCallKind.Call;
                return new LayerCall(property.Property.Name, kind, arguments, location);
            }

            var target = invocation.Expression is MemberAccessExpressionSyntax access ? OneLine(access.Expression) : OneLine(invocation.Expression);
            return Problem(DiagnosticDescriptors.NotALayerProperty, location, target, _model.Name);
        }

        return Problem(
            DiagnosticDescriptors.StatementNotFollowed, location,
            $"the call to {method.ContainingType?.Name}.{method.Name}", "it is neither a layer property call nor an Ops member, so its output shape is unknown");
    }

    private GraphExpression Op(IInvocationOperation operation, Location location)
    {
        var name = operation.TargetMethod.Name;
        if (!FollowedOps.Contains(name))
        {
            return Problem(DiagnosticDescriptors.UnknownOpsMember, location, name, "Ops." + string.Join(", Ops.", FollowedOps));
        }

        var operands = new List<GraphExpression>();
        var axes = new List<int>();
        foreach (var argument in operation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            var parameterName = argument.Parameter?.Name ?? "?";
            var syntax = (argument.Syntax as ArgumentSyntax)?.Expression;
            if (argument.Parameter is { } parameter && GraphParser.IsTensor(parameter.Type))
            {
                operands.Add(syntax is null ? Problem(DiagnosticDescriptors.StatementNotFollowed, location, $"the {parameterName} argument", "it is missing") : Expression(syntax));
            }
            else if (parameterName == "tensors")
            {
                if (ListElements(argument.Value) is not { } elements)
                {
                    return Problem(
                        DiagnosticDescriptors.StatementNotFollowed, syntax?.GetLocation() ?? location,
                        "the tensors argument", "write the list in place, e.g. Ops.Concatenate([a, b, c])");
                }

                operands.AddRange(elements.Select(Expression));
            }
            else if (Constants(argument.Value) is { } values)
            {
                axes.AddRange(values);
            }
            else
            {
                return Problem(DiagnosticDescriptors.AxisNotConstant, syntax?.GetLocation() ?? location, parameterName, name);
            }
        }

        var kind = name switch
        {
            "Dot" => OpKind.Dot,
            "Softmax" => OpKind.Softmax,
            "Concatenate" => OpKind.Concatenate,
            _ => OpKind.Add,
        };
        return new OpCall(kind, operands.ToEquatableArray(), axes.ToEquatableArray(), location);
    }

    /// <summary>An <c>int</c> constant, or a tuple of them (<c>axes: (2, 1)</c>).</summary>
    private static int[]? Constants(IOperation value)
    {
        value = Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: int single })
        {
            return new[] { single };
        }

        if (value is ITupleOperation tuple)
        {
            var elements = tuple.Elements.Select(e => Unwrap(e).ConstantValue).ToList();
            return elements.All(c => c is { HasValue: true, Value: int }) ? elements.Select(c => (int)c.Value!).ToArray() : null;
        }

        return null;
    }

    private static IEnumerable<ExpressionSyntax>? ListElements(IOperation value)
    {
        var elements = Unwrap(value) switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            _ => default,
        };

        if (elements.IsDefault)
        {
            return null;
        }

        var syntax = elements.Select(e => Unwrap(e).Syntax as ExpressionSyntax).ToList();
        return syntax.All(e => e is not null) ? syntax.Select(e => e!).ToList() : null;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsModule(INamedTypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t is { Name: "Module", ContainingType.Name: "nn" })
            {
                return true;
            }
        }

        return false;
    }

    private static GraphStatement NotFollowed(StatementSyntax statement, string what, string why) =>
        new(StatementKind.Unfollowed, EquatableArray<string>.Empty, Problem(DiagnosticDescriptors.StatementNotFollowed, statement.GetLocation(), what, why), OneLine(statement), statement.GetLocation());

    private static Unfollowed Problem(DiagnosticDescriptor descriptor, Location location, params string[] args) =>
        new(descriptor, args.ToEquatableArray(), location);

    /// <summary>The code on one line, whitespace collapsed, so the shape flow in the docs stays a table.</summary>
    private static string OneLine(SyntaxNode node) => Regex.Replace(node.ToString(), @"\s+", " ");

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
