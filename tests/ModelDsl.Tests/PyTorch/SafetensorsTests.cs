using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelDsl.Interop.PyTorch;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ModelDsl.Tests.PyTorch;

/// <summary>
/// <see cref="Safetensors"/> against PyTorch: Fixtures/*.safetensors are ModelDsl's exports of models filled with
/// <see cref="DeterministicWeights"/>; Fixtures/check_safetensors.py loaded them into the documented PyTorch modules with
/// <c>load_state_dict(strict=True)</c> (torch 1.13) and wrote torch_outputs.json. Set MODELDSL_ACCEPT_SNAPSHOTS=1 to rewrite
/// the exports, then rerun the script.
/// </summary>
public sealed class SafetensorsTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> ModelNames => new() { nameof(TorchSmallLstm), nameof(TorchBidirectionalGru), nameof(TorchConvolution) };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Save_DeterministicModel_WritesTheFilePyTorchLoaded(string name)
    {
        using var model = DeterministicWeights.Fill(Create(name));
        var path = TemporaryPath();
        try
        {
            Safetensors.Save(model, path);
            var fixture = SourceFixture(name + ".safetensors");
            if (Environment.GetEnvironmentVariable("MODELDSL_ACCEPT_SNAPSHOTS") == "1")
            {
                File.Copy(path, fixture, overwrite: true);
            }

            Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Outputs_OfTheDeterministicModel_EqualPyTorchs(string name)
    {
        using var model = DeterministicWeights.Fill(Create(name));
        AssertMatchesPyTorch(model, name);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Load_ThePyTorchCheckedFile_IntoAFreshModel_GivesPyTorchsOutputs(string name)
    {
        using var model = Create(name);

        Safetensors.Load(model, FixturePath(name + ".safetensors"));

        AssertMatchesPyTorch(model, name);
    }

    [Fact]
    public void Load_AFileWrittenByPyTorch_GivesPyTorchsOutputs()
    {
        // check_safetensors.py wrote PyTorch's own initialisation of the bidirectional GRU module, in state_dict order.
        using var model = new TorchBidirectionalGru();

        Safetensors.Load(model, FixturePath("FromPyTorch.safetensors"));

        AssertMatchesPyTorch(model, "FromPyTorch");
    }

    [Fact]
    public void Save_BidirectionalGru_UsesTheNamesOfOneBidirectionalNnGru()
    {
        using var model = new TorchBidirectionalGru();
        var path = TemporaryPath();
        try
        {
            Safetensors.Save(model, path);
            var names = HeaderNames(path);

            Assert.Equal(
                new[]
                {
                    "embedding.weight",
                    "bidirectional.weight_ih_l0", "bidirectional.weight_hh_l0", "bidirectional.bias_ih_l0", "bidirectional.bias_hh_l0",
                    "bidirectional.weight_ih_l0_reverse", "bidirectional.weight_hh_l0_reverse", "bidirectional.bias_ih_l0_reverse", "bidirectional.bias_hh_l0_reverse",
                    "simple_rnn.weight_ih_l0", "simple_rnn.weight_hh_l0", "simple_rnn.bias_ih_l0", "simple_rnn.bias_hh_l0",
                    "dense.weight", "dense.bias",
                },
                names);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_AnotherModelsFile_NamesTheMissingAndUnexpectedTensors()
    {
        using var model = new TorchSmallLstm();

        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(model, FixturePath("TorchConvolution.safetensors")));

        Assert.Contains("missing lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0", error.Message);
        Assert.Contains("unexpected conv1d.weight, conv1d.bias", error.Message);
    }

    [Fact]
    public void Load_ShapeDiffers_NamesTheTensorAndBothShapes()
    {
        using var smaller = new TorchLstmOfFourUnits();

        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(smaller, FixturePath("TorchSmallLstm.safetensors")));

        Assert.Contains("tensor 'lstm.weight_ih_l0' has shape [24, 8], the model expects [16, 8]", error.Message);
    }

    [Fact]
    public void Load_RefusedFile_LeavesEveryWeightAsItWas()
    {
        using var smaller = new TorchLstmOfFourUnits();
        var embedding = ((ModelDsl.Layers.Embedding)smaller.Layers["embedding"]).weight;
        using var before = embedding.detach().clone();

        Assert.Throws<InvalidDataException>(() => Safetensors.Load(smaller, FixturePath("TorchSmallLstm.safetensors")));

        Assert.True(before.eq(embedding.detach()).all().item<bool>(), "the embedding was changed although the LSTM did not fit");
    }

    [Fact]
    public void Load_FileThatIsNotSafetensors_SaysSo()
    {
        using var model = new TorchSmallLstm();
        var path = TemporaryPath();
        File.WriteAllText(path, "not a safetensors file at all");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(model, path));

            Assert.Contains("is not a safetensors file: its header length", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private void AssertMatchesPyTorch(nn.Module<Tensor, Tensor> model, string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath("torch_outputs.json")));
        var root = document.RootElement;
        var ids = tensor(root.GetProperty("input").EnumerateArray().Select(e => e.GetInt64()).ToArray(), Shape(root.GetProperty("input_shape")));
        var torchOutput = root.GetProperty(name);
        var expected = tensor(torchOutput.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray(), Shape(torchOutput.GetProperty("output_shape")));

        model.eval();
        using var _ = no_grad();
        var actual = model.call(ids).to_type(ScalarType.Float64);

        Assert.Equal(expected.shape, actual.shape);
        var difference = actual.sub(expected).abs().max().item<double>();
        output.WriteLine($"{name}: max |ModelDsl - PyTorch 1.13| = {difference:E2}");
        Assert.True(difference <= Tolerance, $"{name}: outputs differ from PyTorch's by {difference:E2} (tolerance {Tolerance:E0})");
    }

    private static nn.Module<Tensor, Tensor> Create(string name) => name switch
    {
        nameof(TorchSmallLstm) => new TorchSmallLstm(),
        nameof(TorchBidirectionalGru) => new TorchBidirectionalGru(),
        nameof(TorchConvolution) => new TorchConvolution(),
        _ => throw new ArgumentException($"no model {name}", nameof(name)),
    };

    private static string[] HeaderNames(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, length));
        return header.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").ToArray();
    }

    private static long[] Shape(JsonElement shape) => shape.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "PyTorch", "Fixtures", file);

    private static string SourceFixture(string file, [CallerFilePath] string testFile = "") =>
        Path.Combine(Path.GetDirectoryName(testFile)!, "Fixtures", file);

    private static string TemporaryPath() => Path.Combine(Path.GetTempPath(), $"modeldsl-safetensors-{Guid.NewGuid():N}.safetensors");
}
