using System;

namespace ModelDsl.Layers.Kernels;

/// <summary>What <c>MODELDSL_RNN_KERNEL</c> asks for: check the fused kernels and route around wrong ones, or force one path.</summary>
internal enum RecurrentKernelSetting
{
    /// <summary>Check each fused kernel once per process against a float64 reference; use the cheapest correct path (the default).</summary>
    Auto,

    /// <summary>Always the fused kernel, unchecked (what ModelDsl did before the check existed).</summary>
    Fused,

    /// <summary>Always ModelDsl's cell loop.</summary>
    Loop,
}

/// <summary>Reads <see cref="RecurrentKernelSetting"/> from the environment.</summary>
internal static class RecurrentKernelSettings
{
    /// <summary>The environment variable users set to override the automatic choice.</summary>
    public const string EnvironmentVariable = "MODELDSL_RNN_KERNEL";

    /// <summary>The setting named by <see cref="EnvironmentVariable"/>; <see cref="RecurrentKernelSetting.Auto"/> when unset.</summary>
    public static RecurrentKernelSetting FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Parses <c>auto</c>, <c>fused</c> or <c>loop</c> (any case, surrounding blanks ignored); empty or null means auto.</summary>
    /// <exception cref="InvalidOperationException">Any other value; the message names the variable and the accepted values.</exception>
    public static RecurrentKernelSetting Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => RecurrentKernelSetting.Auto,
        "fused" => RecurrentKernelSetting.Fused,
        "loop" => RecurrentKernelSetting.Loop,
        _ => throw new InvalidOperationException(
            $"{EnvironmentVariable} is '{value}'; expected 'auto' (check libtorch's fused recurrent kernels and avoid wrong ones, the default), "
            + "'fused' (always the fused kernel, unchecked) or 'loop' (always ModelDsl's cell loop)."),
    };
}
