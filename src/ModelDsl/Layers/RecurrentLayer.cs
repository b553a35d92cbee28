using System;
using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Layers.Kernels;
using ModelDsl.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace ModelDsl.Layers;

/// <summary>
/// SimpleRNN, GRU and LSTM with Keras's semantics over libtorch's fused kernels: batch-first
/// <c>[B, T, F]</c>, the last step (or every step) as output, <c>GoBackwards</c>, a mask that skips padded
/// steps, and Keras-style dropout through a cell loop (used only while training with dropout set).
/// </summary>
/// <remarks>
/// Masked steps do not update the state, so the last-step output is the state after the last real
/// token. With <c>ReturnSequences</c> a masked step outputs zeros (Keras would repeat the previous
/// output); zeros keep padding out of whatever reads the sequence next, and rows with no real token
/// output zeros everywhere.
/// </remarks>
public abstract partial class RecurrentLayer : nn.Module<Tensor, Tensor>, IWeightPenalty
{
    // The fused libtorch module; its parameters read <name>.cell.weight_ih_l0 and so on.
    private protected const string KernelName = "cell";

    // A stateful layer's state after its last call, detached and owned by the layer; null = start from zeros.
    private Tensor[]? _carried;

    /// <summary>Builds the fused kernel with TorchSharp's default initialization.</summary>
    protected RecurrentLayer(string name, long inputSize, long units, RecurrentOptions? options)
        : base(TorchRuntime.EnsureLoadedFor(name))
    {
        Options = options ?? new RecurrentOptions();
        InputSize = inputSize;
        Units = units;
        if (inputSize <= 0 || units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"{DisplayName}: input size {inputSize} and units {units} must be positive");
        }

        CheckRate(Options.Dropout, "Dropout");
        CheckRate(Options.RecurrentDropout, "RecurrentDropout");
        RecurrentGates.Check(Options.RecurrentActivation, DisplayName, nameof(options));
    }

    /// <summary>Features per step of the input.</summary>
    public long InputSize { get; }

    /// <summary>Size of the state and of each output step.</summary>
    public long Units { get; }

    /// <summary>The options this layer was built with.</summary>
    public RecurrentOptions Options { get; }

    /// <summary>Runs the step-by-step cell loop even when the fused kernel would do (tests prove the loop against the kernel with it).</summary>
    internal bool ForceCellLoop { get; set; }

    /// <summary>The Keras name and size, e.g. <c>LSTM(32)</c>, as error messages print it.</summary>
    internal string DisplayName => $"{KindName}({Units.ToString(CultureInfo.InvariantCulture)})";

    private protected abstract string KindName { get; }

    /// <summary>How many state tensors the cell carries (LSTM: h and c).</summary>
    internal abstract int StateCount { get; }

    /// <summary>The state a stateful layer carries into its next call (h, and c for the LSTM, each <c>[B, units]</c>), or <c>null</c> before its first call and after <see cref="ResetStates"/>.</summary>
    internal IReadOnlyList<Tensor>? CarriedStates => _carried;

    /// <summary>The fused kernel (<c>torch.nn.RNN/GRU/LSTM</c>, batch-first), registered as <see cref="KernelName"/>.</summary>
    private protected abstract nn.Module Kernel { get; }

    /// <summary>
    /// The layer computes something libtorch's fused kernel does not (hard_sigmoid gates, GRU reset_after=False), so
    /// every call runs the cell loop.
    /// </summary>
    private protected virtual bool LoopOnly => Options.RecurrentActivation != RecurrentActivations.Sigmoid;

    /// <summary>Which computation the fused kernel does, as the kernel check knows it.</summary>
    internal abstract RecurrentKernelKind KernelKind { get; }

    /// <summary><c>[B, T, F] -> [B, units]</c>, or <c>[B, T, units]</c> with <c>ReturnSequences</c>.</summary>
    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>A new layer of the same kind and size reading the other way (<c>GoBackwards</c> flipped), for <see cref="Bidirectional"/>.</summary>
    public abstract RecurrentLayer Reversed();

    /// <summary>Keras's <c>reset_states()</c>: a stateful layer's next call starts from zeros again (and may take a new batch size).</summary>
    public void ResetStates()
    {
        if (_carried is not null)
        {
            Array.ForEach(_carried, state => state.Dispose());
            _carried = null;
        }
    }

    /// <summary>
    /// As <see cref="forward(Tensor)"/>, skipping steps where <paramref name="mask"/> <c>[B, T] bool</c> is false (their
    /// output is zero). The same for every kind: checks, direction, then the fused, packed or cell-loop path.
    /// </summary>
    public Tensor forward(Tensor x, Tensor? mask)
    {
        CheckInput(x, mask);

        // Everything but the output is released here, so inference outside a training step's scope stays flat.
        using var scope = NewDisposeScope();
        if (Options.GoBackwards)
        {
            // Keras reverses time before the cell and leaves the outputs in processing order.
            x = x.flip(1);
            mask = mask?.flip(1);
        }

        // Dropout needs the cell loop; otherwise the guard says whether this CPU's fused kernel can be trusted as called.
        var dropping = training && (Options.Dropout > 0 || Options.RecurrentDropout > 0);
        var initial = Options.Stateful ? StateFor(x) : null;
        var guard = RecurrentKernelGuard.Current;
        var route = dropping || ForceCellLoop || LoopOnly
            ? RecurrentKernelRoute.CellLoop
            : guard.RouteFor(this, x.dtype, packed: mask is not null, initialState: initial is not null, steps: x.shape[1]);
        var (sequence, states) = Run(x, mask, Options.ReturnSequences, route, guard.Fault, initial);
        if (Options.Stateful)
        {
            Carry(states);
        }

        return (Options.ReturnSequences ? sequence! : states[0]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every step (when <paramref name="wantSequence"/>, or when it costs nothing) and the final states (h first), computed
    /// by <paramref name="route"/> from zeros or from <paramref name="initial"/>; <paramref name="fault"/> stands in for a
    /// wrong fused kernel in tests.
    /// </summary>
    internal (Tensor? Sequence, Tensor[] States) Run(Tensor x, Tensor? mask, bool wantSequence, RecurrentKernelRoute route, FusedKernelFault? fault,
        Tensor[]? initial = null)
    {
        switch (route)
        {
            case RecurrentKernelRoute.CellLoop:
                return CellLoop(x, mask, initial);

            case RecurrentKernelRoute.ManagedRecurrence when ManagedRecurrence.Supports(x.dtype, packed: mask is not null):
                return Managed(x, initial);

            case RecurrentKernelRoute.FusedInGradientMode when !is_grad_enabled():
                {
                    // libtorch picks its training kernel when gradients are on; the graph it records dies with the detached outputs.
                    using var gradients = enable_grad();
                    var (sequence, states) = FusedOrPacked(x.detach(), mask, wantSequence, fault, initial);
                    return (sequence?.detach(), Array.ConvertAll(states, state => state.detach()));
                }

            default:
                return FusedOrPacked(x, mask, wantSequence, fault, initial);
        }
    }

    /// <summary>Runs the fused kernel over <c>[B, T, F]</c> from <paramref name="initial"/> (or zeros): every step <c>[B, T, H]</c> and the final states <c>[B, H]</c>.</summary>
    private protected abstract (Tensor Sequence, Tensor[] States) RunKernel(Tensor x, Tensor[]? initial);

    /// <summary>Runs the fused kernel over a packed batch; the final states come back in the batch's own order.</summary>
    private protected abstract (PackedSequence Sequence, Tensor[] States) RunKernel(PackedSequence x, Tensor[]? initial);

    /// <summary>One step of the cell in libtorch's gate order, from the input and recurrent projections (biases included).</summary>
    private protected abstract Tensor[] Step(Tensor inputProjection, Tensor recurrentProjection, Tensor[] state);

    /// <summary>
    /// One step of the cell loop from the input projection and the (dropped-out) state <paramref name="h"/>. Most cells
    /// need only <c>h·Uᵀ + b</c>; a GRU with <c>reset_after = false</c> multiplies <c>h</c> by the reset gate first.
    /// </summary>
    private protected virtual Tensor[] Step(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor? recurrentBias, Tensor[] state) =>
        Step(inputProjection, nn.functional.linear(h, recurrentWeight, recurrentBias), state);

    /// <summary>The gates' activation (<see cref="RecurrentOptions.RecurrentActivation"/>) applied to <paramref name="x"/>.</summary>
    private protected Tensor Gate(Tensor x) => RecurrentGates.Apply(Options.RecurrentActivation, x);

    private (Tensor? Sequence, Tensor[] States) FusedOrPacked(Tensor x, Tensor? mask, bool wantSequence, FusedKernelFault? fault, Tensor[]? initial)
    {
        var (sequence, states) = mask is null ? RunKernel(x, initial) : Packed(x, mask, wantSequence, initial);
        if (fault is not null)
        {
            sequence = sequence is null ? null : fault(this, mask is not null, sequence);
            states[0] = fault(this, mask is not null, states[0]);
        }

        return (sequence, states);
    }

    // Masked batches: each row's real steps are moved to the front (a stable gather, so any mask
    // works, not only padding at one end), packed with their counts so the kernel stops at the last
    // real step, and the outputs are gathered back to the positions they came from.
    private (Tensor? Sequence, Tensor[] States) Packed(Tensor x, Tensor mask, bool wantSequence, Tensor[]? initial)
    {
        var (batch, steps, features) = (x.shape[0], x.shape[1], x.shape[2]);
        var lengths = mask.sum(1, keepdim: false, type: ScalarType.Int64);
        var padding = mask.logical_not().to(ScalarType.Int64).mul(steps);
        var order = arange(steps, dtype: ScalarType.Int64, device: x.device).unsqueeze(0).add(padding).argsort(1);
        var compact = x.gather(1, order.unsqueeze(2).expand(batch, steps, features));

        // pack needs at least one step per row; a row with no real token runs one padded step, and keeps its initial state.
        var packed = pack_padded_sequence(compact, lengths.clamp_min(1).cpu(), batch_first: true, enforce_sorted: false);
        var (output, states) = RunKernel(packed, initial);
        var hasTokens = lengths.gt(0).unsqueeze(1).to(x.dtype);
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = initial is null ? states[i].mul(hasTokens) : where(hasTokens.to(ScalarType.Bool), states[i], initial[i]);
        }

        if (!wantSequence)
        {
            return (null, states);
        }

        var (padded, _) = pad_packed_sequence(output, batch_first: true, padding_value: 0.0, total_length: steps);
        var back = order.argsort(1).unsqueeze(2).expand(batch, steps, Units);
        var sequence = padded.gather(1, back).mul(hasTokens.unsqueeze(1));
        return (sequence, states);
    }

    // ManagedRecurrence: the input side of every step in one matmul here, the steps in managed code as one autograd node.
    private (Tensor? Sequence, Tensor[] States) Managed(Tensor x, Tensor[]? initial)
    {
        var weights = KernelParameters();
        var inputProjection = nn.functional.linear(x, weights["weight_ih_l0"], weights.GetValueOrDefault("bias_ih_l0"));
        return ManagedRecurrence.Run(KernelKind, inputProjection, weights["weight_hh_l0"], weights.GetValueOrDefault("bias_hh_l0"), initial);
    }

    // Keras-style dropout can't go through the fused kernel: one input mask [B, F] and one state mask
    // [B, units] are drawn per sequence and reused at every step (Keras 3), so the cell is written out
    // over the kernel's own parameters. Also the only path of cells libtorch has no kernel for (LoopOnly),
    // and used when a test forces it, to prove it against the kernel.
    private (Tensor? Sequence, Tensor[] States) CellLoop(Tensor x, Tensor? mask, Tensor[]? initial)
    {
        var (batch, steps) = (x.shape[0], x.shape[1]);
        var weights = KernelParameters();
        var dropping = training;
        if (dropping && Options.Dropout > 0)
        {
            x = x.mul(DropoutMask(batch, InputSize, Options.Dropout, x).unsqueeze(1));
        }

        var recurrentMask = dropping && Options.RecurrentDropout > 0 ? DropoutMask(batch, Units, Options.RecurrentDropout, x) : null;

        // The input side of every step in one matmul; only the recurrent side has to wait for the previous step.
        var inputProjection = nn.functional.linear(x, weights["weight_ih_l0"], weights.GetValueOrDefault("bias_ih_l0"));
        var recurrentWeight = weights["weight_hh_l0"];
        var recurrentBias = weights.GetValueOrDefault("bias_hh_l0");

        var state = new Tensor[StateCount];
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = initial?[i] ?? zeros(batch, Units, dtype: x.dtype, device: x.device);
        }

        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var h = recurrentMask is null ? state[0] : state[0].mul(recurrentMask);
            var next = Step(inputProjection.select(1, t), h, recurrentWeight, recurrentBias, state);
            if (mask is not null)
            {
                var real = mask.select(1, t).unsqueeze(1);
                for (var i = 0; i < next.Length; i++)
                {
                    next[i] = where(real, next[i], state[i]);
                }

                outputs[t] = where(real, next[0], zeros_like(next[0]));
            }
            else
            {
                outputs[t] = next[0];
            }

            state = next;
        }

        return (stack(outputs, 1), state);
    }

    /// <summary>A stateful layer's carried state for a batch like <paramref name="x"/>, or <c>null</c> to start from zeros.</summary>
    private Tensor[]? StateFor(Tensor x)
    {
        if (_carried is null)
        {
            return null;
        }

        if (_carried[0].shape[0] != x.shape[0])
        {
            throw new ArgumentException(
                $"{DisplayName}: stateful, its state is for batches of {_carried[0].shape[0]}, got a batch of {x.shape[0]} ({TensorText.Describe(x)}); "
                + "keep the batch size fixed (Keras's batch_input_shape), or call ResetStates() first");
        }

        return Array.ConvertAll(_carried, state => state.to(x.dtype, x.device));
    }

    /// <summary>Keeps <paramref name="states"/>, detached, as the next call's starting state.</summary>
    private void Carry(Tensor[] states)
    {
        var next = Array.ConvertAll(states, state => state.detach().clone().DetachFromDisposeScope());
        ResetStates();
        _carried = next;
    }

    Tensor? IWeightPenalty.Penalty()
    {
        if (Options.KernelRegularizer is null && Options.RecurrentRegularizer is null)
        {
            return null;
        }

        var weights = KernelParameters();
        return WeightPenalties.Sum(
            WeightPenalties.Of(Options.KernelRegularizer, weights["weight_ih_l0"]),
            WeightPenalties.Of(Options.RecurrentRegularizer, weights["weight_hh_l0"]));
    }

    /// <summary>The fused kernel's parameters by libtorch's names (<c>weight_ih_l0</c>, <c>bias_hh_l0</c>, …).</summary>
    internal Dictionary<string, Tensor> KernelParameters()
    {
        var parameters = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in Kernel.named_parameters())
        {
            parameters[name] = parameter;
        }

        return parameters;
    }

    private static Tensor DropoutMask(long batch, long size, double rate, Tensor like) =>
        empty(batch, size, dtype: like.dtype, device: like.device).bernoulli_(1 - rate).div_(1 - rate);

    private void CheckInput(Tensor x, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 3 || x.shape[2] != InputSize || !x.is_floating_point())
        {
            throw new ArgumentException($"{DisplayName}: expects [batch, time, {InputSize}] float32, got {TensorText.Describe(x)}");
        }

        if (mask is not null && (mask.dtype != ScalarType.Bool || mask.Dimensions != 2 || mask.shape[0] != x.shape[0] || mask.shape[1] != x.shape[1]))
        {
            throw new ArgumentException(
                $"{DisplayName}: the mask must be [{x.shape[0]}, {x.shape[1]}] bool for input {TensorText.Shape(x)}, got {TensorText.Describe(mask)}");
        }
    }

    private void CheckRate(double rate, string option)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Options), rate, $"{DisplayName}: {option} must be in [0, 1)");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the activation is one of <paramref name="supported"/>.</summary>
    private protected void CheckActivation(params string[] supported)
    {
        if (Array.IndexOf(supported, Options.Activation) < 0)
        {
            throw new ArgumentException(
                $"{DisplayName}: activation '{Options.Activation}' is not supported; supported: {string.Join(", ", supported)}", nameof(Options));
        }
    }
}
