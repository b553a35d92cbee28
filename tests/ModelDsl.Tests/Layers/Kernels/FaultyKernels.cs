using System.Collections.Generic;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>Deliberately wrong fused kernels, and guards that use them, for tests that must not depend on the CPU.</summary>
internal static class FaultyKernels
{
    /// <summary>
    /// Like libtorch 2.10's oneDNN LSTM on AVX-512: wrong only without gradients, and only when the hidden size mod 32 is
    /// 1..16 (here every output is shifted instead of weight columns being dropped; the guard must not care how).
    /// </summary>
    public static readonly FusedKernelFault LstmInferenceLikeOneDnn = (layer, packed, output) =>
        layer.KernelKind == RecurrentKernelKind.Lstm && !is_grad_enabled() && layer.Units % 32 is >= 1 and <= 16
            ? output.add(0.25)
            : output;

    /// <summary>Wrong for LSTM whatever the gradient mode: nothing fused can be used.</summary>
    public static readonly FusedKernelFault LstmAlways = (layer, packed, output) =>
        layer.KernelKind == RecurrentKernelKind.Lstm ? output.mul(0.5) : output;

    /// <summary>Wrong for GRU only when the batch is packed (a mask is given), in both gradient modes.</summary>
    public static readonly FusedKernelFault GruPacked = (layer, packed, output) =>
        layer.KernelKind == RecurrentKernelKind.Gru && packed ? output.neg() : output;

    /// <summary>Wrong for LSTM only past a full 32-unit block (H = 33..48), without gradients.</summary>
    public static readonly FusedKernelFault LstmTailBlockOnly = (layer, packed, output) =>
        layer.KernelKind == RecurrentKernelKind.Lstm && !is_grad_enabled() && layer.Units is > 32 and <= 48
            ? output.add(0.1)
            : output;

    /// <summary>A fresh guard (nothing checked yet) with <paramref name="fault"/>, whose report lines go to <paramref name="reports"/>.</summary>
    public static RecurrentKernelGuard Guard(FusedKernelFault? fault, List<string> reports, RecurrentKernelSetting setting = RecurrentKernelSetting.Auto) =>
        new(setting, fault, line =>
        {
            lock (reports)
            {
                reports.Add(line);
            }
        });
}
