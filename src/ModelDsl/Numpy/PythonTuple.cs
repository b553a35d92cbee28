using System;

namespace ModelDsl.Numpy;

/// <summary>A Python tuple read from a header or a pickle.</summary>
internal sealed class PythonTuple
{
    public static readonly PythonTuple Empty = new(Array.Empty<object?>());

    public PythonTuple(object?[] items)
    {
        Items = items;
    }

    public object?[] Items { get; }
}
