using System;

namespace ServingThroughput;

/// <summary>One way of turning a batch of token ids into probabilities.</summary>
/// <param name="Name">As the tables print it.</param>
/// <param name="Predict">Ids <c>[rows, 40]</c> (row-major) to one probability per row, written to the span.</param>
internal sealed record Engine(string Name, Action<long[], int, float[]> Predict);
