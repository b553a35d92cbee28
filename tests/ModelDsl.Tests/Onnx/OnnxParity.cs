using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Onnx;

/// <summary>
/// Runs the same inputs through a TorchSharp module (evaluation mode) and through ONNX Runtime on the file the module
/// exported, and compares them element by element.
/// </summary>
internal static class OnnxParity
{
    /// <summary>The largest absolute difference allowed between the two, in float32.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// Compares <paramref name="torchForward"/> with ONNX Runtime on <paramref name="onnxPath"/> for every batch; returns
    /// the largest absolute difference and asserts it is within <see cref="Tolerance"/>.
    /// </summary>
    public static double Check(string onnxPath, Func<Tensor[], Tensor> torchForward, IEnumerable<Tensor[]> batches)
    {
        using var session = new InferenceSession(onnxPath);
        var largest = 0.0;
        foreach (var inputs in batches)
        {
            using var scope = NewDisposeScope();
            float[] expected;
            long[] expectedShape;
            using (no_grad())
            {
                var output = torchForward(inputs).contiguous();
                expected = output.data<float>().ToArray();
                expectedShape = output.shape;
            }

            var (actual, actualShape) = Run(session, inputs);
            Assert.Equal(expectedShape, actualShape);
            var difference = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).DefaultIfEmpty(0).Max();
            Assert.True(expected.All(float.IsFinite), "the torch output has non-finite values");
            Assert.True(
                difference <= Tolerance,
                $"ONNX Runtime differs from TorchSharp by {difference:E3} (> {Tolerance:E0}) for inputs {string.Join(", ", inputs.Select(i => $"[{string.Join(", ", i.shape)}]"))}");
            largest = Math.Max(largest, difference);
        }

        return largest;
    }

    /// <summary>The graph's output for <paramref name="inputs"/> (the graph's inputs in order), with its shape.</summary>
    public static (float[] Values, long[] Shape) Run(InferenceSession session, IReadOnlyList<Tensor> inputs)
    {
        var values = new List<OrtValue>();
        try
        {
            foreach (var input in inputs)
            {
                var data = input.contiguous();
                values.Add(data.dtype switch
                {
                    ScalarType.Int64 => OrtValue.CreateTensorValueFromMemory(data.data<long>().ToArray(), data.shape),
                    ScalarType.Int32 => OrtValue.CreateTensorValueFromMemory(data.data<int>().ToArray(), data.shape),
                    _ => OrtValue.CreateTensorValueFromMemory(data.data<float>().ToArray(), data.shape),
                });
            }

            using var options = new RunOptions();
            using var results = session.Run(options, session.InputNames, values, session.OutputNames);
            var result = results[0];
            return (result.GetTensorDataAsSpan<float>().ToArray(), result.GetTensorTypeAndShape().Shape);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    /// <summary>The graph's nodes (and any subgraph's, each after the node holding it), in order.</summary>
    public static IReadOnlyList<global::Onnx.NodeProto> Nodes(string onnxPath)
    {
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath));
        return All(model.Graph).ToList();

        static IEnumerable<global::Onnx.NodeProto> All(global::Onnx.GraphProto graph) =>
            graph.Node.SelectMany(n => n.Attribute.Where(a => a.G is not null).SelectMany(a => All(a.G)).Prepend(n));
    }

    /// <summary>The integer attribute <paramref name="name"/> of <paramref name="node"/>.</summary>
    public static long IntAttribute(global::Onnx.NodeProto node, string name) => node.Attribute.Single(a => a.Name == name).I;

    /// <summary>The string attribute <paramref name="name"/> of <paramref name="node"/>.</summary>
    public static string StringAttribute(global::Onnx.NodeProto node, string name) => node.Attribute.Single(a => a.Name == name).S.ToStringUtf8();

    /// <summary>Random token ids in <c>[1, vocabulary)</c>, <c>[batch, steps]</c>.</summary>
    public static Tensor Ids(int batch, int steps, int vocabulary, ScalarType type = ScalarType.Int64) =>
        randint(1, vocabulary, new long[] { batch, steps }, dtype: type);

    /// <summary>
    /// Token ids with id 0 as padding in every arrangement a mask must handle: none, before (Keras's default), after,
    /// in the middle, a row of padding only, then random holes.
    /// </summary>
    public static Tensor PaddedIds(int batch, int steps, int vocabulary)
    {
        var ids = randint(1, vocabulary, new long[] { batch, steps }, dtype: ScalarType.Int64);
        var keep = ones(batch, steps, dtype: ScalarType.Int64);
        for (var row = 0; row < batch; row++)
        {
            switch (row % 6)
            {
                case 1: keep[row, ..(steps / 2)] = 0; break;
                case 2: keep[row, Math.Max(0, steps - 2)..] = 0; break;
                case 3: keep[row, Math.Min(2, steps)..Math.Min(4, steps)] = 0; break;
                case 4: keep[row] = 0; break;
                case 5: keep[row] = randint(0, 2, new long[] { steps }, dtype: ScalarType.Int64); break;
            }
        }

        return ids.mul(keep);
    }

    /// <summary>Standard normal features of <paramref name="shape"/>.</summary>
    public static Tensor Features(params long[] shape) => randn(shape);

    /// <summary>A fresh path in the temporary folder, deleted with the returned handle.</summary>
    public static TemporaryOnnxFile TemporaryFile() => new(Path.Combine(Path.GetTempPath(), $"modeldsl-onnx-{Guid.NewGuid():N}.onnx"));
}
