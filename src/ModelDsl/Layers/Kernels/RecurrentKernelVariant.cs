namespace ModelDsl.Layers.Kernels;

/// <summary>One way a fused kernel is called: with or without biases, gradients and a packed (masked) batch.</summary>
internal readonly record struct RecurrentKernelVariant(bool UseBias, bool GradientsEnabled, bool Packed)
{
    /// <summary>The eight variants, in the order <see cref="Index"/> numbers them.</summary>
    public static readonly RecurrentKernelVariant[] All =
    {
        new(true, false, false), new(false, false, false), new(true, true, false), new(false, true, false),
        new(true, false, true), new(false, false, true), new(true, true, true), new(false, true, true),
    };

    /// <summary>0–7, a position in <see cref="All"/>.</summary>
    public int Index => (UseBias ? 0 : 1) + (GradientsEnabled ? 2 : 0) + (Packed ? 4 : 0);

    /// <summary>The correct routes to try, cheapest first: gradient mode only helps a call made without gradients.</summary>
    public RecurrentKernelRoute[] Candidates => GradientsEnabled
        ? new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.CellLoop }
        : new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.FusedInGradientMode, RecurrentKernelRoute.CellLoop };

    /// <summary>E.g. <c>without gradients, unpacked, with bias</c>.</summary>
    public string Describe() =>
        $"{(GradientsEnabled ? "with gradients" : "without gradients")}, {(Packed ? "packed" : "unpacked")}, {(UseBias ? "with bias" : "without bias")}";
}
