using System;
using ModelDsl.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>ConvLSTM2D(filters, kernel_size, padding, return_sequences)</c> over channels-last frame sequences:
/// <c>[B, T, rows, cols, C] -> [B, rows', cols', filters]</c>, or <c>[B, T, rows', cols', filters]</c> with
/// <see cref="ReturnSequences"/>. An LSTM whose matrix products are 2-D convolutions: the input convolution uses
/// <see cref="Padding"/>, the recurrent one always <c>same</c>; gates i, f, c, o; by default Keras 2's
/// <c>hard_sigmoid</c> gates. libtorch has no fused kernel for it, so it runs step by step.
/// </summary>
public sealed class ConvLSTM2D : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _inputWeight;
    private readonly Parameter _recurrentWeight;
    private readonly Parameter? _bias;
    private readonly KerasWindow _rows;
    private readonly KerasWindow _columns;
    private readonly string _name;

    /// <summary>Builds the layer with Keras's initializers (glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget gate's at 1).</summary>
    /// <param name="inputChannels">C, the size of each frame's last axis.</param>
    /// <param name="filters">The output channels (and the state's).</param>
    /// <param name="kernelRows">The kernel's height.</param>
    /// <param name="kernelColumns">The kernel's width.</param>
    /// <param name="padding"><c>"valid"</c> (Keras's default) or <c>"same"</c>, for the input convolution.</param>
    /// <param name="returnSequences">Every step's output instead of the last.</param>
    /// <param name="recurrentActivation"><c>"hard_sigmoid"</c> (Keras 2's default for this layer) or <c>"sigmoid"</c>.</param>
    /// <param name="useBias">Whether the gates have a bias.</param>
    public ConvLSTM2D(long inputChannels, long filters, long kernelRows, long kernelColumns, string padding = Paddings.Valid, bool returnSequences = false,
        string recurrentActivation = ModelDsl.RecurrentActivations.HardSigmoid, bool useBias = true)
        : base(TorchRuntime.EnsureLoadedFor(nameof(ConvLSTM2D)))
    {
        _name = $"ConvLSTM2D({filters}, ({kernelRows}, {kernelColumns}))";
        if (inputChannels <= 0 || filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"{_name}: input channels {inputChannels} and filters {filters} must be positive");
        }

        _rows = new KerasWindow(kernelRows, 1, 1, padding);
        _columns = new KerasWindow(kernelColumns, 1, 1, padding);
        _rows.Check(_name, allowCausal: false);
        _columns.Check(_name, allowCausal: false);
        RecurrentGates.Check(recurrentActivation, _name, nameof(recurrentActivation));

        InputChannels = inputChannels;
        Filters = filters;
        ReturnSequences = returnSequences;
        RecurrentActivation = recurrentActivation;

        _inputWeight = new Parameter(empty(4 * filters, inputChannels, kernelRows, kernelColumns));
        _recurrentWeight = new Parameter(empty(4 * filters, filters, kernelRows, kernelColumns));
        using (no_grad())
        {
            KerasInitializer.GlorotUniform(_inputWeight);

            // Keras makes its recurrent kernel, reshaped to [rows·cols·filters, 4·filters], orthogonal.
            using var recurrent = empty(kernelRows * kernelColumns * filters, 4 * filters);
            nn.init.orthogonal_(recurrent);
            _recurrentWeight.copy_(recurrent.reshape(kernelRows, kernelColumns, filters, 4 * filters).permute(3, 2, 0, 1));
            if (useBias)
            {
                _bias = new Parameter(zeros(4 * filters));
                _bias.narrow(0, filters, filters).fill_(1.0); // unit_forget_bias
            }
        }

        register_parameter("weight_ih", _inputWeight);
        register_parameter("weight_hh", _recurrentWeight);
        if (_bias is not null)
        {
            register_parameter("bias", _bias);
        }
    }

    /// <summary>The input kernel, <c>[4·filters, C, kernelRows, kernelCols]</c>, gate blocks i, f, c, o.</summary>
    public Parameter weight_ih => _inputWeight;

    /// <summary>The recurrent kernel, <c>[4·filters, filters, kernelRows, kernelCols]</c>.</summary>
    public Parameter weight_hh => _recurrentWeight;

    /// <summary>The gates' bias, <c>[4·filters]</c>, or <c>null</c>.</summary>
    public Parameter? bias => _bias;

    /// <summary>C, each frame's channels.</summary>
    public long InputChannels { get; }

    /// <summary>The output channels.</summary>
    public long Filters { get; }

    /// <summary>Whether every step is returned.</summary>
    public bool ReturnSequences { get; }

    /// <summary>The gates' activation.</summary>
    public string RecurrentActivation { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding => _rows.Padding;

    /// <summary>The output frame size for input frames of <paramref name="rows"/> × <paramref name="columns"/> (Keras's rule).</summary>
    public (long Rows, long Columns) OutputSize(long rows, long columns) => (_rows.OutputLength(rows), _columns.OutputLength(columns));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 5 || x.shape[4] != InputChannels || !x.is_floating_point())
        {
            throw new ArgumentException($"{_name}: expects [batch, time, rows, cols, {InputChannels}] {TensorText.TypeName(_inputWeight.dtype)}, got {TensorText.Describe(x)}");
        }

        var (batch, steps, rows, columns) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var (outRows, outColumns) = OutputSize(rows, columns);
        if (outRows < 1 || outColumns < 1 || steps < 1)
        {
            throw new ArgumentException($"{_name}: frames of {rows} × {columns} over {steps} steps are too small for the kernel with padding '{Padding}'");
        }

        using var scope = NewDisposeScope();

        // Every step's input convolution at once: [B·T, C, rows, cols] -> [B, T, 4F, rows', cols'].
        var frames = x.reshape(batch * steps, rows, columns, InputChannels).permute(0, 3, 1, 2);
        var inputGates = Convolve(frames, _inputWeight, _bias, _rows.Pads(rows), _columns.Pads(columns))
            .reshape(batch, steps, 4 * Filters, outRows, outColumns);

        var recurrentRows = new KerasWindow(_rows.Size, 1, 1, Paddings.Same).Pads(outRows);
        var recurrentColumns = new KerasWindow(_columns.Size, 1, 1, Paddings.Same).Pads(outColumns);
        var h = zeros(batch, Filters, outRows, outColumns, dtype: x.dtype, device: x.device);
        var c = zeros_like(h);
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var gates = inputGates.select(1, t).add(Convolve(h, _recurrentWeight, null, recurrentRows, recurrentColumns)).chunk(4, 1);
            var input = RecurrentGates.Apply(RecurrentActivation, gates[0]);
            var forget = RecurrentGates.Apply(RecurrentActivation, gates[1]);
            var output = RecurrentGates.Apply(RecurrentActivation, gates[3]);
            c = forget.mul(c).add(input.mul(gates[2].tanh()));
            h = output.mul(c.tanh());
            outputs[t] = h;
        }

        // Back to channels last: [B, rows', cols', F] or [B, T, rows', cols', F].
        var result = ReturnSequences ? stack(outputs, 1).permute(0, 1, 3, 4, 2) : h.permute(0, 2, 3, 1);
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the layer into an ONNX graph as a <c>Scan</c> over the steps (ONNX's LSTM has no convolutions): frames
    /// channels first, a body with the input and recurrent <c>Conv</c>, the gates in Keras's order i, f, c, o, and the
    /// output channels last, every step or the last.
    /// </summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        var inputWeight = graph.Weight(name + "_kernel", _inputWeight);
        var recurrentWeight = graph.Weight(name + "_recurrent_kernel", _recurrentWeight);
        var bias = _bias is null ? null : graph.Weight(name + "_bias", _bias);
        var inputPads = OnnxPads(_rows, _columns);
        var recurrentPads = OnnxPads(_rows with { Padding = Paddings.Same }, _columns with { Padding = Paddings.Same });
        string InputConvolution(Onnx.OnnxGraphBuilder g, string frames) =>
            g.Op("Conv", bias is null ? new[] { frames, inputWeight } : new[] { frames, inputWeight, bias }, ("pads", inputPads));

        // [B, T, rows, cols, C] -> [B, T, C, rows, cols]; the state starts as zeros of one step's [B, F, rows', cols'].
        var frames = graph.Transpose(x.Name, 0, 1, 4, 2, 3);
        var firstGates = InputConvolution(graph, graph.Op("Gather", new[] { frames, graph.Int64s(new[] { 0L }, scalar: true) }, ("axis", 1L)));
        var gatesShape = graph.Op("Shape", new[] { firstGates });
        var stateShape = graph.Concat(new[]
        {
            graph.Op("Slice", new[] { gatesShape, graph.Int64s(new[] { 0L }), graph.Int64s(new[] { 1L }) }),
            graph.Int64s(new[] { Filters }),
            graph.Op("Slice", new[] { gatesShape, graph.Int64s(new[] { 2L }), graph.Int64s(new[] { 4L }) }),
        }, 0);
        var zero = new global::Onnx.TensorProto { DataType = (int)global::Onnx.TensorProto.Types.DataType.Float };
        zero.Dims.Add(1);
        zero.FloatData.Add(0f);
        var initial = graph.Op("ConstantOfShape", new[] { stateShape }, ("value", zero));

        var body = graph.Subgraph(name + "_step");
        var h = body.SubgraphInput(name + "_h", 4);
        var c = body.SubgraphInput(name + "_c", 4);
        var frame = body.SubgraphInput(name + "_frame", 4);
        var gates = body.Add(InputConvolution(body, frame.Name), body.Op("Conv", new[] { h.Name, recurrentWeight }, ("pads", recurrentPads)));
        var split = body.Op("Split", new[] { gates, body.Int64s(new[] { Filters, Filters, Filters, Filters }) }, 4, ("axis", 1L));
        var gate = RecurrentActivation == ModelDsl.RecurrentActivations.HardSigmoid ? "HardSigmoid" : "Sigmoid";
        var input = body.Op(gate, new[] { split[0] });
        var forget = body.Op(gate, new[] { split[1] });
        var output = body.Op(gate, new[] { split[3] });
        var nextC = body.Add(body.Mul(forget, c.Name), body.Mul(input, body.Op("Tanh", new[] { split[2] })));
        var nextH = body.Mul(output, body.Op("Tanh", new[] { nextC }));
        body.SubgraphOutput(new Onnx.OnnxValue(nextH, 4));
        body.SubgraphOutput(new Onnx.OnnxValue(nextC, 4));
        body.SubgraphOutput(new Onnx.OnnxValue(nextH, 4));

        var scan = graph.Op(
            "Scan",
            new[] { initial, initial, frames },
            outputs: 3,
            ("body", body.Graph),
            ("num_scan_inputs", 1L),
            ("scan_input_axes", new[] { 1L }),
            ("scan_output_axes", new[] { 1L }));
        return ReturnSequences
            ? new Onnx.OnnxValue(graph.Transpose(scan[2], 0, 1, 3, 4, 2), 5)
            : new Onnx.OnnxValue(graph.Transpose(scan[0], 0, 2, 3, 1), 4);
    }

    /// <summary>ONNX <c>pads</c> (rows before, columns before, rows after, columns after) of a stride-1 window, which do not depend on the frame size.</summary>
    private static long[] OnnxPads(KerasWindow rows, KerasWindow columns)
    {
        static (long Before, long After) Of(KerasWindow window) =>
            window.Padding == Paddings.Same ? ((window.Size - 1) / 2, window.Size - 1 - (window.Size - 1) / 2) : (0, 0);
        var (r, c) = (Of(rows), Of(columns));
        return new[] { r.Before, c.Before, r.After, c.After };
    }

    private static Tensor Convolve(Tensor channelsFirst, Tensor weight, Tensor? bias, (long Before, long After) rows, (long Before, long After) columns)
    {
        var padded = rows.Before + rows.After + columns.Before + columns.After > 0
            ? nn.functional.pad(channelsFirst, new[] { columns.Before, columns.After, rows.Before, rows.After })
            : channelsFirst;
        return nn.functional.conv2d(padded, weight, bias);
    }
}
