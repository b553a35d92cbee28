namespace ModelDsl.Generators.Model;

/// <summary>The activations a layer can apply, by Keras name.</summary>
internal enum Activation
{
    Linear,
    Relu,
    Sigmoid,
    Softmax,
    Tanh,
}

internal static class ActivationNames
{
    public static string KerasName(this Activation activation) => activation switch
    {
        Activation.Relu => Activations.Relu,
        Activation.Sigmoid => Activations.Sigmoid,
        Activation.Softmax => Activations.Softmax,
        Activation.Tanh => Activations.Tanh,
        _ => Activations.Linear,
    };
}
