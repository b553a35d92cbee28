using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Test seam: what a wrong fused kernel would return instead of <paramref name="output"/> (a sequence <c>[B, T, H]</c> or a
/// final state <c>[B, H]</c>) for <paramref name="layer"/>, under whatever gradient mode is active at the call. Installed
/// only through <see cref="RecurrentKernelGuard.Use"/>, so tests can prove the check and the fallbacks on any CPU.
/// </summary>
internal delegate Tensor FusedKernelFault(RecurrentLayer layer, bool packed, Tensor output);
