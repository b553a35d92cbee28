using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Checks the loss against what the model outputs, as Keras users get wrong most: a categorical loss on
/// one unit (cannot learn: an error), and likely mistakes (warnings): a binary loss on a softmax, an
/// activation applied twice with <c>FromLogits</c>, a probability loss on an unbounded output.
/// </summary>
internal static class LossOutputRule
{
    public static ShapeError? Check(TrainingSpec training, TensorType output, FinalActivation final)
    {
        if (training.Loss is not { } loss || loss == "mse")
        {
            return null;
        }

        var units = output.Shape.Last.Size;
        var activation = final.Activation;
        var endsIn = $"{activation.KerasName()} ({final.Layer.Display()})";
        var categorical = loss is "categorical_crossentropy" or "sparse_categorical_crossentropy";

        if (categorical && units == 1)
        {
            return ShapeError.Create(DiagnosticDescriptors.LossNeedsSeveralClasses, loss, output.Shape.ToString());
        }

        if (loss == "binary_crossentropy" && activation == Activation.Softmax && units > 1)
        {
            return ShapeError.Create(DiagnosticDescriptors.BinaryLossOnSoftmax, units.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var squashing = categorical ? Activation.Softmax : Activation.Sigmoid;
        if (training.FromLogits && activation is Activation.Softmax or Activation.Sigmoid)
        {
            return ShapeError.Create(DiagnosticDescriptors.DoubleActivation, endsIn, loss, squashing.KerasName());
        }

        if (!training.FromLogits && activation is not (Activation.Softmax or Activation.Sigmoid))
        {
            return ShapeError.Create(DiagnosticDescriptors.ProbabilityLossOnUnboundedOutput, loss, endsIn, squashing.KerasName());
        }

        return null;
    }
}

/// <summary>The activation a model's output passes through last, and the layer that applies it.</summary>
internal sealed record FinalActivation(Activation Activation, LayerSpec Layer);
