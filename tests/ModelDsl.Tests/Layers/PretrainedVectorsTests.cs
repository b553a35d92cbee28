using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelDsl.Layers;
using Xunit;

namespace ModelDsl.Tests.Layers;

public sealed class PretrainedVectorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modeldsl-glove-").FullName;

    private static readonly Dictionary<string, int> WordIndex = new()
    {
        ["the"] = 1,
        ["cat"] = 2,
        ["sat"] = 3,
        ["rare"] = 7,
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Rows_AreTheVectorsOfTheIndexedWords_AndZeroElsewhere()
    {
        var path = Write("glove.txt", "the 0.1 0.2 0.3\nunknown 9 9 9\ncat -1 0 1.5e-1\nrare 5 5 5\n");

        using var matrix = PretrainedVectors.ReadGlove(path, WordIndex, inputDim: 5, outputDim: 3);

        // Row 0 is padding, "sat" (3) has no vector, "rare" (7) is beyond inputDim.
        Assert.Equal(new long[] { 5, 3 }, matrix.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, matrix.dtype);
        TensorAssert.Close(new[] { 0, 0, 0, 0.1, 0.2, 0.3, -1, 0, 0.15, 0, 0, 0, 0, 0, 0 }, matrix, 1e-7);
    }

    [Fact]
    public void GzipFiles_ReadTheSame()
    {
        var text = "cat 1 2\nthe 3 4\n";
        var path = Path.Combine(_folder, "glove.txt.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        using var matrix = PretrainedVectors.ReadGlove(path, WordIndex, inputDim: 3, outputDim: 2);

        TensorAssert.Close(new double[] { 0, 0, 3, 4, 1, 2 }, matrix, 0);
    }

    [Fact]
    public void AVectorOfTheWrongLength_NamesTheLineAndTheWord()
    {
        var path = Write("glove.50d.txt", "the 1 2 3\nsat 1 2\n");

        var error = Assert.Throws<InvalidDataException>(() => PretrainedVectors.ReadGlove(path, WordIndex, 5, 3));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("'sat'", error.Message);
        Assert.Contains("2 values", error.Message);
        Assert.Contains("3", error.Message);
    }

    [Fact]
    public void AMissingFile_SaysWhereItLooked()
    {
        var path = Path.Combine(_folder, "missing.txt");

        var error = Assert.Throws<FileNotFoundException>(() => PretrainedVectors.ReadGlove(path, WordIndex, 5, 3));

        Assert.Contains(path, error.Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
