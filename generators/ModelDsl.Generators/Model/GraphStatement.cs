using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Model;

/// <summary>What a statement of the <c>[Forward]</c> method does with its value.</summary>
internal enum StatementKind
{
    /// <summary><c>var h = …;</c>, or <c>var (f, b) = …;</c> with two targets.</summary>
    Declare,

    /// <summary><c>h = …;</c></summary>
    Assign,

    /// <summary><c>return …;</c> (or the body of an expression-bodied method).</summary>
    Return,

    /// <summary>A statement the generator cannot follow; its value says why.</summary>
    Unfollowed,
}

/// <summary>
/// One statement of the <c>[Forward]</c> method. <paramref name="Text"/> is the statement as written, on
/// one line, for the shape flow in the generated docs.
/// </summary>
internal sealed record GraphStatement(StatementKind Kind, EquatableArray<string> Targets, GraphExpression Value, string Text, Location? Location);

/// <summary>An expression of the <c>[Forward]</c> method that yields a tensor, with where it is written.</summary>
internal abstract record GraphExpression(Location? Location);

/// <summary>A parameter of the <c>[Forward]</c> method: one model input.</summary>
internal sealed record InputReference(string Name, Location? Location) : GraphExpression(Location);

/// <summary>A local variable of the <c>[Forward]</c> method.</summary>
internal sealed record LocalReference(string Name, Location? Location) : GraphExpression(Location);

/// <summary>How a layer property is invoked.</summary>
internal enum LayerCallKind
{
    /// <summary><c>Layer.call(…)</c> or <c>Layer.forward(…)</c>.</summary>
    Call,

    /// <summary><c>Layer.ForwardBoth(x)</c> on a Bidirectional: both directions, unmerged.</summary>
    ForwardBoth,
}

/// <summary><c>Property.call(arguments)</c> on a layer property.</summary>
internal sealed record LayerCall(string Property, LayerCallKind Kind, EquatableArray<GraphExpression> Arguments, Location? Location) : GraphExpression(Location);

/// <summary>The members of <c>ModelDsl.Ops</c> the generator follows.</summary>
internal enum OpKind
{
    Dot,
    Softmax,
    Concatenate,
    Add,
}

/// <summary>
/// <c>Ops.Member(operands…)</c> with its constant axes: one for Softmax and Concatenate, one or two
/// (<c>axes: (i, j)</c>) for Dot, none for Add.
/// </summary>
internal sealed record OpCall(OpKind Op, EquatableArray<GraphExpression> Operands, EquatableArray<int> Axes, Location? Location) : GraphExpression(Location);

/// <summary>Something the generator cannot follow, with the diagnostic that says so.</summary>
internal sealed record Unfollowed(DiagnosticDescriptor Descriptor, EquatableArray<string> MessageArgs, Location? Location) : GraphExpression(Location);
