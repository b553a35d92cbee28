using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// A kernel and optional bias as PyTorch's <c>Linear</c> and <c>Conv1d</c> start them: kaiming-uniform with a = √5 over
/// the kernel's fan-in (dimension 1 times the receptive field), i.e. U(±1/√fan_in) for both, registered as
/// <c>weight</c> and <c>bias</c>. Keras's initializers replace them when a model asks (<see cref="KerasInitializer"/>).
/// </summary>
internal static class TorchDefaultWeights
{
    public static (Parameter Weight, Parameter? Bias) Register(nn.Module module, long[] shape, bool useBias)
    {
        var weight = new Parameter(empty(shape));
        Parameter? bias = null;
        var fanIn = 1L;
        for (var i = 1; i < shape.Length; i++)
        {
            fanIn *= shape[i];
        }

        using (no_grad())
        {
            nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
            if (useBias)
            {
                var bound = 1.0 / Math.Sqrt(fanIn);
                bias = new Parameter(empty(shape[0]));
                nn.init.uniform_(bias, -bound, bound);
            }
        }

        module.register_parameter("weight", weight);
        if (bias is not null)
        {
            module.register_parameter("bias", bias);
        }

        return (weight, bias);
    }
}
