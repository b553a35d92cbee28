namespace ModelDsl.Layers.Kernels;

/// <summary>The recurrent cells libtorch runs as fused kernels, one per distinct computation.</summary>
internal enum RecurrentKernelKind
{
    /// <summary><c>torch.nn.LSTM</c>: gate rows i, f, g, o.</summary>
    Lstm,

    /// <summary><c>torch.nn.GRU</c>: gate rows r, z, n, the candidate's recurrent part gated by r.</summary>
    Gru,

    /// <summary><c>torch.nn.RNN</c> with tanh.</summary>
    SimpleRnnTanh,

    /// <summary><c>torch.nn.RNN</c> with relu.</summary>
    SimpleRnnRelu,
}
