using System;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// A Keras file cannot fill a model: it is not a Keras file, a dataset is missing, its layers do not match the model's
/// in number or kind, or a weight has another shape than the model's layer expects. The message names the Keras layer,
/// the model's layer and the shapes.
/// </summary>
public sealed class KerasImportException : Exception
{
    /// <summary>An import failure with its explanation.</summary>
    public KerasImportException(string message)
        : base(message)
    {
    }

    /// <summary>An import failure caused by <paramref name="inner"/> (e.g. the HDF5 reader's).</summary>
    public KerasImportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
