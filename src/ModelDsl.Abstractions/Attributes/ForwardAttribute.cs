using System;

namespace ModelDsl;

/// <summary>
/// Marks the method of a graph model that wires its layers: its parameters carry
/// <see cref="InputAttribute"/>, its body calls the layer properties and <c>ModelDsl.Ops</c>, and it returns
/// the model's output. The generator infers shapes through the body and reports mismatches at the expression.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ForwardAttribute : Attribute;
