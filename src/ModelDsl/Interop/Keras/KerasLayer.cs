using System.Collections.Generic;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// A Keras layer with weights as the file stores it: its name, its class (from <c>model_config</c> when the file has one,
/// otherwise told from the weights' names and shapes) and its weights in Keras's order.
/// </summary>
internal sealed record KerasLayer(string Name, string ClassName, IReadOnlyList<KerasWeight> Weights)
{
    /// <summary><c>lstm (LSTM)</c>, as messages name it.</summary>
    public string Display => $"'{Name}' ({ClassName})";
}
