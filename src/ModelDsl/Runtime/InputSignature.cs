using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Runtime;

/// <summary>
/// The shape and element type one model input accepts; generated <c>forward</c> methods check their
/// inputs against it before libtorch sees them, so a wrong batch fails with names and shapes.
/// </summary>
public sealed class InputSignature
{
    /// <summary>Marks a dimension of any size: the batch, or a length declared <see cref="Dimension.Unknown"/>.</summary>
    public const long AnySize = -1;

    private readonly long[] _dimensions;

    /// <summary>Creates the signature of input <paramref name="inputName"/> of <paramref name="modelName"/>.</summary>
    /// <param name="modelName">The model class, named in error messages.</param>
    /// <param name="inputName">The input, named in error messages.</param>
    /// <param name="elementType">The element type the input must have.</param>
    /// <param name="dimensions">Every dimension including the batch; <see cref="AnySize"/> where any size is accepted.</param>
    public InputSignature(string modelName, string inputName, ScalarType elementType, params long[] dimensions)
    {
        ModelName = modelName;
        InputName = inputName;
        ElementType = elementType;
        _dimensions = dimensions;
    }

    /// <summary>The model class.</summary>
    public string ModelName { get; }

    /// <summary>The input's name.</summary>
    public string InputName { get; }

    /// <summary>The element type the input must have.</summary>
    public ScalarType ElementType { get; }

    /// <summary>Every dimension including the batch (the first), <see cref="AnySize"/> where any size is accepted.</summary>
    public IReadOnlyList<long> Dimensions => Array.AsReadOnly(_dimensions);

    /// <summary>Throws <see cref="ModelInputException"/> naming the input, the expected and the actual shape and type when <paramref name="input"/> does not fit.</summary>
    public void Check(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input, InputName);
        if (!Fits(input))
        {
            throw new ModelInputException(ModelName, InputName, Describe(), DescribeActual(input));
        }
    }

    /// <summary>
    /// Checks a whole dataset for <c>Fit</c>/<c>Evaluate</c>/<c>Predict</c>: every dimension but the first (the number of
    /// examples, which batching splits) as <see cref="Check"/> does. With a fixed batch size (a stateful model) the number
    /// of examples must be a multiple of it, as Keras requires, so every batch has the rows the state was kept for.
    /// </summary>
    public void CheckExamples(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input, InputName);
        var batch = _dimensions.Length > 0 ? _dimensions[0] : AnySize;
        if (!FitsFrom(input, first: 1))
        {
            throw new ModelInputException(ModelName, InputName, Describe(batch == AnySize ? "batch" : "examples"), DescribeActual(input));
        }

        if (batch != AnySize && input.shape[0] % batch != 0)
        {
            throw new ModelInputException(
                ModelName, InputName, $"a number of examples that is a multiple of the batch size {batch} (a stateful model keeps one state per batch row)",
                DescribeActual(input));
        }
    }

    /// <summary>The expected shape and type as text, e.g. <c>[batch, 40] int64</c> (<c>[32, 40] int64</c> for a fixed batch size).</summary>
    public string Describe() => Describe(firstDimension: null);

    // A fixed batch size (a model with stateful layers) is written as the number, unless a dataset's count replaces it.
    private string Describe(string? firstDimension)
    {
        var dims = _dimensions.Select((d, i) =>
            i == 0 && firstDimension is not null ? firstDimension
            : d == AnySize ? (i == 0 ? "batch" : "any")
            : d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"[{string.Join(", ", dims)}] {TypeName(ElementType)}";
    }

    private bool Fits(Tensor input) => FitsFrom(input, first: 0);

    /// <summary>The element type, the rank and every dimension from <paramref name="first"/> on (0: the batch too).</summary>
    private bool FitsFrom(Tensor input, int first)
    {
        if (input.dtype != ElementType || input.Dimensions != _dimensions.Length)
        {
            return false;
        }

        for (var i = first; i < _dimensions.Length; i++)
        {
            if (_dimensions[i] != AnySize && input.shape[i] != _dimensions[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string DescribeActual(Tensor input) =>
        $"[{string.Join(", ", input.shape)}] {TypeName(input.dtype)}";

    private static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        _ => type.ToString().ToLowerInvariant(),
    };
}
