using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelDsl.Layers;
using ModelDsl.Runtime;
using ModelDsl.Training;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Onnx;

/// <summary>
/// Writes one ONNX graph (opset <see cref="Opset"/>) with a dynamic batch axis: the generated <c>ExportOnnx</c>
/// declares the inputs, hands the values to each layer's <c>WriteOnnx</c> in the order <c>forward</c> calls them, names
/// the output and saves. The protobuf messages are OnnxSharp's (<c>Onnx.ModelProto</c>); weights are copied in as
/// float32 initializers, so the file does not change when the model trains on.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>The ONNX operator set the graph uses.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version of opset 17.</summary>
    private const long IrVersion = 8;

    /// <summary>The name of the batch axis in the graph's inputs and output.</summary>
    public const string BatchAxis = "batch";

    private readonly GraphProto _graph = new();
    private readonly Dictionary<string, int> _names;
    private readonly List<string> _inputs = new();
    private readonly Dictionary<string, string> _constants;
    private readonly Dictionary<string, string> _weights = new(StringComparer.Ordinal);
    private readonly OnnxGraphBuilder? _root;

    /// <summary>Starts the graph of <paramref name="modelName"/>.</summary>
    public OnnxGraphBuilder(string modelName)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ModelName = modelName;
        _graph.Name = modelName;
        _names = new Dictionary<string, int>(StringComparer.Ordinal);
        _constants = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private OnnxGraphBuilder(OnnxGraphBuilder root, string name)
    {
        ModelName = root.ModelName;
        _root = root;
        _graph.Name = name;
        _names = root._names;
        _constants = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>The model the graph is exported from.</summary>
    public string ModelName { get; }

    /// <summary>The graph as written so far.</summary>
    internal GraphProto Graph => _graph;

    /// <summary>Declares a graph input as <paramref name="signature"/> describes it, the batch axis (and any free axis) dynamic.</summary>
    public OnnxValue Input(InputSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var shape = new TensorShapeProto();
        for (var i = 0; i < signature.Dimensions.Count; i++)
        {
            var size = signature.Dimensions[i];
            shape.Dim.Add(i == 0
                ? new TensorShapeProto.Types.Dimension { DimParam = BatchAxis }
                : size == InputSignature.AnySize
                    ? new TensorShapeProto.Types.Dimension { DimParam = $"{signature.InputName}_axis{i.ToString(CultureInfo.InvariantCulture)}" }
                    : new TensorShapeProto.Types.Dimension { DimValue = size });
        }

        var name = Unique(signature.InputName);
        _graph.Input.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType(signature.ElementType), Shape = shape } },
        });
        _inputs.Add($"{name}:{TensorText.TypeName(signature.ElementType)}:[B{string.Concat(signature.Dimensions.Skip(1).Select(d => d == InputSignature.AnySize ? ", ?" : ", " + d.ToString(CultureInfo.InvariantCulture)))}]");
        return new OnnxValue(name, signature.Dimensions.Count);
    }

    /// <summary>Makes <paramref name="value"/> the graph's float32 output named <paramref name="name"/>.</summary>
    public void Output(OnnxValue value, string name = "output")
    {
        ArgumentNullException.ThrowIfNull(value);
        var output = Unique(name);
        Node("Identity", new[] { value.Name }, new[] { output });
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchAxis });
        for (var i = 1; i < value.Rank; i++)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension());
        }

        _graph.Output.Add(new ValueInfoProto
        {
            Name = output,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically, with <paramref name="metadata"/> in its <c>metadata_props</c>
    /// (keys in <see cref="OnnxMetadataKeys"/>; <see cref="OnnxMetadataKeys.Model"/> and <see cref="OnnxMetadataKeys.Inputs"/> are added unless given).
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_root is not null)
        {
            throw new InvalidOperationException("A subgraph is saved with the graph that holds it.");
        }

        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"{ModelName}: the ONNX graph has no output; call Output first.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ModelDsl",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxMetadataKeys.Model] = ModelName,
            [OnnxMetadataKeys.Inputs] = string.Join(",", _inputs),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(metadata));
            properties[key] = value ?? throw new ArgumentException($"The metadata value of '{key}' is null.", nameof(metadata));
        }

        foreach (var (key, value) in properties)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    // --- What the layers write with ---

    /// <summary>A graph of its own for a Scan body; it shares this graph's names and may read this graph's values.</summary>
    internal OnnxGraphBuilder Subgraph(string name) => new(_root ?? this, Unique(name));

    /// <summary>Declares an input of a subgraph.</summary>
    internal OnnxValue SubgraphInput(string name, int rank, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var unique = Unique(name);
        var shape = new TensorShapeProto();
        for (var i = 0; i < rank; i++)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension());
        }

        _graph.Input.Add(new ValueInfoProto { Name = unique, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } });
        return new OnnxValue(unique, rank);
    }

    /// <summary>Declares an output of a subgraph.</summary>
    internal void SubgraphOutput(OnnxValue value, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var output = Unique(value.Name + "_out");
        Node("Identity", new[] { value.Name }, new[] { output });
        _graph.Output.Add(new ValueInfoProto { Name = output, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } });
    }

    /// <summary>A fresh name starting with <paramref name="prefix"/>.</summary>
    internal string Unique(string prefix)
    {
        _names.TryGetValue(prefix, out var count);
        _names[prefix] = count + 1;
        return count == 0 ? prefix : $"{prefix}_{count.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// A float32 copy of <paramref name="tensor"/> as an initializer named <paramref name="name"/> (the layer's field and
    /// what it holds). A layer called more than once (a shared encoder) writes the same name again and gets the first copy.
    /// </summary>
    internal string Weight(string name, Tensor tensor)
    {
        if (_root is not null)
        {
            return _root.Weight(name, tensor);
        }

        if (_weights.TryGetValue(name, out var written))
        {
            return written;
        }

        using var scope = NewDisposeScope();
        var values = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(values.shape);
        proto.RawData = ByteString.CopyFrom(values.bytes.ToArray());
        _graph.Initializer.Add(proto);
        return _weights[name] = proto.Name;
    }

    /// <summary>A constant int64 tensor (a 1-D one unless <paramref name="scalar"/>), shared by every use of the same values.</summary>
    internal string Int64s(long[] values, bool scalar = false)
    {
        var key = (scalar ? "s:" : "v:") + string.Join(",", values);
        if (_constants.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var proto = new TensorProto { Name = Unique("const_i64"), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar)
        {
            proto.Dims.Add(values.Length);
        }

        proto.Int64Data.AddRange(values);
        AddConstant(proto);
        return _constants[key] = proto.Name;
    }

    /// <summary>A constant float32 scalar.</summary>
    internal string Float(float value)
    {
        var key = "f:" + value.ToString("R", CultureInfo.InvariantCulture);
        if (_constants.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var proto = new TensorProto { Name = Unique("const_f32"), DataType = (int)TensorProto.Types.DataType.Float };
        proto.FloatData.Add(value);
        AddConstant(proto);
        return _constants[key] = proto.Name;
    }

    // Constants are Constant nodes rather than initializers, so a subgraph can hold its own.
    private void AddConstant(TensorProto proto)
    {
        var node = new NodeProto { OpType = "Constant", Name = Unique("node_" + proto.Name) };
        node.Output.Add(proto.Name);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = proto });
        _graph.Node.Add(node);
    }

    /// <summary>Adds a node with one output named after <paramref name="op"/>; <c>""</c> in <paramref name="inputs"/> leaves an optional input out.</summary>
    internal string Op(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        Node(op, inputs, new[] { Unique(op.ToLowerInvariant()) }, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs (fresh names after <paramref name="op"/>).</summary>
    internal string[] Op(string op, IReadOnlyList<string> inputs, int outputs, params (string Name, object Value)[] attributes) =>
        Node(op, inputs, Enumerable.Range(0, outputs).Select(_ => Unique(op.ToLowerInvariant())).ToArray(), attributes);

    private string[] Node(string op, IReadOnlyList<string> inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Unique("node_" + op.ToLowerInvariant()) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(Attribute(name, value));
        }

        _graph.Node.Add(node);
        return outputs;
    }

    private static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case int i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case long l:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = l;
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ints);
                break;
            case float[] floats:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(floats);
                break;
            case string[] strings:
                attribute.Type = AttributeProto.Types.AttributeType.Strings;
                attribute.Strings.AddRange(strings.Select(ByteString.CopyFromUtf8));
                break;
            case TensorProto tensor:
                attribute.Type = AttributeProto.Types.AttributeType.Tensor;
                attribute.T = tensor;
                break;
            case GraphProto graph:
                attribute.Type = AttributeProto.Types.AttributeType.Graph;
                attribute.G = graph;
                break;
            default:
                throw new ArgumentException($"No ONNX attribute type for {value?.GetType().Name ?? "null"} ({name}).", nameof(value));
        }

        return attribute;
    }

    internal static TensorProto.Types.DataType DataType(ScalarType type) => type switch
    {
        ScalarType.Float32 => TensorProto.Types.DataType.Float,
        ScalarType.Float64 => TensorProto.Types.DataType.Double,
        ScalarType.Int64 => TensorProto.Types.DataType.Int64,
        ScalarType.Int32 => TensorProto.Types.DataType.Int32,
        ScalarType.Bool => TensorProto.Types.DataType.Bool,
        _ => throw new NotSupportedException($"ONNX export: inputs of element type {type} are not supported; ModelDsl models take float32 features or int32/int64 token ids."),
    };
}
