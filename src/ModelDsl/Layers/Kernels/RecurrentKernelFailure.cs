namespace ModelDsl.Layers.Kernels;

/// <summary>A route that gave wrong values in the kernel check: how far off, and at which probe layer.</summary>
internal sealed record RecurrentKernelFailure(RecurrentKernelRoute Route, double Error, string ProbeName);
