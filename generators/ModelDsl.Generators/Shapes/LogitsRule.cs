using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// tf.keras computes a crossentropy from the logits of a final sigmoid (binary) or softmax (categorical) and so does the
/// generated training: the model then gets <c>Logits</c>, and <c>forward</c> applies the activation to them.
/// </summary>
internal static class LogitsRule
{
    /// <summary>The activation training leaves out when the model ends in <paramref name="last"/>, or <c>null</c> when it reads the output as is.</summary>
    public static Activation? ReadsLogits(TrainingSpec training, LayerSpec last)
    {
        if (training.FromLogits || last.LayerKind.LogitsActivation(last) is not { } activation)
        {
            return null;
        }

        return (training.Loss, activation) switch
        {
            (Losses.BinaryCrossentropy, Activation.Sigmoid) => activation,
            (Losses.CategoricalCrossentropy or Losses.SparseCategoricalCrossentropy, Activation.Softmax) => activation,
            _ => null,
        };
    }
}
