using System;

namespace ModelDsl.Numpy;

/// <summary>The result of <c>_reconstruct(ndarray, …)</c> in a pickle, filled in by BUILD.</summary>
internal sealed class PickledArray
{
    public bool Built { get; set; }

    public int[] Shape { get; set; } = Array.Empty<int>();

    public NpyDType DType { get; set; }

    public object? Data { get; set; }
}

/// <summary>The result of <c>numpy.dtype(code, …)</c> in a pickle; its byte order comes with BUILD.</summary>
internal sealed class PickledDType
{
    public PickledDType(string code)
    {
        Code = code;
    }

    public string Code { get; }

    public NpyDType? Resolved { get; set; }
}
