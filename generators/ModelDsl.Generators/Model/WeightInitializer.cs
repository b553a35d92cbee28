namespace ModelDsl.Generators.Model;

/// <summary>How a model's weights start (<c>[Model(Initializer = ...)]</c>).</summary>
internal enum WeightInitializer
{
    /// <summary>TorchSharp's defaults for each module (uniform ±1/√fan).</summary>
    Torch,

    /// <summary>Keras's defaults for each layer, applied after the modules are built.</summary>
    Keras,
}
