namespace ModelDsl;

/// <summary>Keras activation names, for IntelliSense: <c>[Dense(1, Activation = Activations.Sigmoid)]</c>.</summary>
public static class Activations
{
    /// <summary>Identity (Keras's default for <c>Dense</c>).</summary>
    public const string Linear = "linear";
    /// <summary><c>max(x, 0)</c>.</summary>
    public const string Relu = "relu";
    /// <summary><c>1 / (1 + e^-x)</c>.</summary>
    public const string Sigmoid = "sigmoid";
    /// <summary>Softmax over the last axis.</summary>
    public const string Softmax = "softmax";
    /// <summary>Hyperbolic tangent (the recurrent layers' default).</summary>
    public const string Tanh = "tanh";
}

/// <summary>Input element types, for <see cref="InputAttribute.DType"/>.</summary>
public static class DTypes
{
    /// <summary>Token ids (the default).</summary>
    public const string Int64 = "int64";
    /// <summary>Token ids as 32-bit integers (Keras's <c>Input(dtype="int32")</c>); an <c>[Embedding]</c> reads them like int64 ids.</summary>
    public const string Int32 = "int32";
    /// <summary>Feature values.</summary>
    public const string Float32 = "float32";
}

/// <summary>Special dimension values for <see cref="InputAttribute"/>.</summary>
public static class Dimension
{
    /// <summary>A length that varies between batches (Keras's <c>None</c>).</summary>
    public const int Unknown = -1;
}

/// <summary>Keras loss names, for <see cref="ModelAttribute.Loss"/>.</summary>
public static class Losses
{
    /// <summary>Two classes, one sigmoid output (or one logit with <c>FromLogits</c>).</summary>
    public const string BinaryCrossentropy = "binary_crossentropy";
    /// <summary>Several classes, one-hot targets, a softmax output.</summary>
    public const string CategoricalCrossentropy = "categorical_crossentropy";
    /// <summary>Several classes, integer targets, a softmax output; also per time step.</summary>
    public const string SparseCategoricalCrossentropy = "sparse_categorical_crossentropy";
    /// <summary>Mean squared error.</summary>
    public const string MeanSquaredError = "mse";
}

/// <summary>Keras optimizer names, for <see cref="ModelAttribute.Optimizer"/>.</summary>
public static class Optimizers
{
    /// <summary>Adam: learning rate 0.001, epsilon 1e-7.</summary>
    public const string Adam = "adam";
    /// <summary>RMSprop (Keras's default): learning rate 0.001, rho 0.9, epsilon 1e-7.</summary>
    public const string RmsProp = "rmsprop";
    /// <summary>Stochastic gradient descent: learning rate 0.01, optional momentum.</summary>
    public const string Sgd = "sgd";
    /// <summary>Adagrad: learning rate 0.001, initial accumulator 0.1, epsilon 1e-7.</summary>
    public const string Adagrad = "adagrad";
}

/// <summary>Keras metric names, for <see cref="ModelAttribute.Metrics"/>.</summary>
public static class Metrics
{
    /// <summary>Accuracy; binary, categorical or sparse according to the loss.</summary>
    public const string Accuracy = "accuracy";
}

/// <summary>Gate activations of GRU and LSTM (Keras <c>recurrent_activation</c>), for IntelliSense.</summary>
public static class RecurrentActivations
{
    /// <summary><c>1 / (1 + e^-x)</c>: tf.keras 2's default, and what libtorch's fused kernels compute.</summary>
    public const string Sigmoid = "sigmoid";

    /// <summary>Keras 2's piecewise-linear <c>clip(0.2·x + 0.5, 0, 1)</c>, the default of Keras 2.0–2.2 (not Keras 3's <c>relu6(x + 3) / 6</c>); runs the cell loop.</summary>
    public const string HardSigmoid = "hard_sigmoid";
}

/// <summary>How convolutions and pools treat the sequence's ends (Keras <c>padding</c>), for IntelliSense.</summary>
public static class Paddings
{
    /// <summary>No padding: only windows that fit (Keras's default).</summary>
    public const string Valid = "valid";

    /// <summary>Zero padding split around the sequence (the odd step after, as TensorFlow): one output per stride.</summary>
    public const string Same = "same";

    /// <summary>Convolutions only: zero padding before the sequence, so step t sees only steps up to t.</summary>
    public const string Causal = "causal";
}
