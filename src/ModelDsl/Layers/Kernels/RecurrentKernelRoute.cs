namespace ModelDsl.Layers.Kernels;

/// <summary>How a recurrent layer computes its steps when no dropout forces the cell loop.</summary>
internal enum RecurrentKernelRoute
{
    /// <summary>libtorch's fused kernel, called as it is.</summary>
    Fused,

    /// <summary>
    /// The fused kernel called with gradients enabled and its outputs detached: selects the kernel libtorch uses for
    /// training, for an inference call (libtorch 2.10's oneDNN LSTM inference kernel is wrong on AVX-512 CPUs for some sizes).
    /// </summary>
    FusedInGradientMode,

    /// <summary>ModelDsl's own step-by-step loop over the kernel's weights: slower, never depends on the CPU's kernel.</summary>
    CellLoop,

    /// <summary>
    /// LSTM, GRU (reset_after) and SimpleRNN, float32, unpacked: the input side of all steps in one libtorch matmul, the steps in
    /// managed code as one autograd node with its own backward (<see cref="ManagedRecurrence"/>); faster than libtorch 2.10's
    /// per-step loop for GRU and SimpleRNN and than its oneDNN reference training kernel for LSTM.
    /// </summary>
    ManagedRecurrence,
}
