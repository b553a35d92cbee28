using System.Collections.Generic;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// A Keras layer with weights as the file stores it: its name, its class (from <c>model_config</c> when the file has one,
/// otherwise told from the weights' names and shapes), its weights in Keras's order, and for a full model the options of
/// its <c>model_config</c> entry that change what it computes without changing a weight's shape (<see cref="KerasLayerOptions"/>;
/// empty for a weights file).
/// </summary>
internal sealed record KerasLayer(string Name, string ClassName, IReadOnlyList<KerasWeight> Weights, IReadOnlyDictionary<string, string> Options)
{
    /// <summary><c>lstm (LSTM)</c>, as messages name it.</summary>
    public string Display => $"'{Name}' ({ClassName})";
}
