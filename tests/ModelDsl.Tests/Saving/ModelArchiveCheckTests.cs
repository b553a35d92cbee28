using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using ModelDsl.Saving;
using ModelDsl.Tests.Training;
using Xunit;

namespace ModelDsl.Tests.Saving;

/// <summary>
/// What reading a model archive refuses, and how: another declaration (naming the first differing tensor), a changed
/// byte in any entry (naming the entry), an unknown format version, a truncated file; and a failed write leaves the
/// previous file.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ModelArchiveCheckTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_IntoADeclarationWithOtherShapes_NamesTheFirstDifferingTensorWithBothShapes()
    {
        string path = SavedLstm();
        using var lstm = new ArchiveLstm();
        using var wider = new ArchiveWiderLstm();
        var saved = LayerSignature.Of(lstm);
        var other = LayerSignature.Of(wider);
        int first = Enumerable.Range(0, saved.Count).First(i => !saved[i].Equals(other[i]));

        var error = Assert.Throws<ArgumentException>(() => ArchiveWiderLstm.Load(path));

        Assert.StartsWith($"{path} was saved from ArchiveLstm with {saved[first]}; this ArchiveWiderLstm has {other[first]}", error.Message, StringComparison.Ordinal);
        Assert.Equal(saved[first].Name, other[first].Name); // same layer, other shape
        Assert.Contains("[24, 8] float32", error.Message, StringComparison.Ordinal); // the LSTM's 4 gates × 6 units over 8 features
        Assert.Contains("[28, 8] float32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IntoADeclarationWithOtherLayers_NamesTheFirstDifferingLayer()
    {
        string path = SavedLstm();
        using var lstm = new ArchiveLstm();
        using var gru = new ArchiveGru();
        var saved = LayerSignature.Of(lstm);
        var other = LayerSignature.Of(gru);
        int first = Enumerable.Range(0, saved.Count).First(i => !saved[i].Equals(other[i]));

        var error = Assert.Throws<ArgumentException>(() => ArchiveGru.Load(path));
        var predictorError = Assert.Throws<ArgumentException>(() => ArchiveGru.LoadPredictor(path));

        Assert.StartsWith($"{path} was saved from ArchiveLstm with {saved[first]}; this ArchiveGru has {other[first]}", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("lstm.", saved[first].Name, StringComparison.Ordinal);
        Assert.Equal(error.Message, predictorError.Message);
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("weights.bin")]
    [InlineData("compile.json")]
    [InlineData("tokenizer.json")]
    [InlineData("preprocessing.json")]
    public void Read_AFlippedByteInAnyEntry_IsRefusedNamingTheEntryAndTheFile(string entry)
    {
        string path = SavedLstm();
        ArchiveTestSupport.FlipByteIn(path, entry);

        var error = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnEntryChangedWithItsZipRecord_IsRefusedByItsSha256()
    {
        // A rewrite through a zip library keeps the zip's own CRC right; the manifest's SHA-256 still catches it.
        string path = SavedLstm();
        ReplaceEntry(path, "compile.json", text => text.Replace("\"adam\"", "\"sgd\"", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(path));

        Assert.Contains($"{path}: the entry compile.json is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnUnknownFormatVersion_IsRefusedNamingTheVersion()
    {
        string path = SavedLstm();
        ReplaceEntry(path, "manifest.json", text => text.Replace("\"version\": 1", "\"version\": 7", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(path));

        Assert.Contains($"{path} is a model archive of format version 7, newer than this ModelDsl reads (version 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void Read_ATruncatedFile_IsRefusedNamingIt(double kept)
    {
        string path = SavedLstm();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * kept)]);

        var error = Assert.Throws<InvalidDataException>(() => ArchiveLstm.Load(path));

        Assert.Contains($"{path} is not a ModelDsl model archive, or is truncated or damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AFileThatIsNotAnArchive_IsRefused()
    {
        string path = _directory.File("weights.bin");
        using (var model = new ArchiveLstm())
        using (var session = new ModelDsl.Training.TrainingSession(model, ArchiveLstm.TrainingOptions))
        {
            session.SaveWeights(path);
        }

        var error = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(path));

        Assert.Contains($"{path} is not a ModelDsl model archive", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ModelArchive.Read(_directory.File("missing.mdsl")));
    }

    [Fact]
    public void Save_ThatFailsPartWay_LeavesThePreviousFileAndNoTemporaryFile()
    {
        string path = SavedLstm();
        byte[] before = File.ReadAllBytes(path);
        ModelArchive.BeforeEntryWritten = (archive, entry) =>
        {
            if (archive == path && entry == "tokenizer.json")
            {
                throw new IOException("disk full (simulated)");
            }
        };
        try
        {
            RandomSeed.Set(99);
            using var other = new ArchiveLstm();
            var error = Assert.Throws<IOException>(() => other.Save(path, ArchiveTestSupport.FittedTokenizer()));
            Assert.Contains("simulated", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            ModelArchive.BeforeEntryWritten = null;
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory.Path));
        using ArchiveLstm loaded = ArchiveLstm.Load(path);
    }

    /// <summary>An <see cref="ArchiveLstm"/> saved with the fitted tokenizer (so every entry is present).</summary>
    private string SavedLstm()
    {
        RandomSeed.Set(21);
        string path = _directory.File("lstm.mdsl");
        using var model = new ArchiveLstm();
        model.Save(path, ArchiveTestSupport.FittedTokenizer());
        return path;
    }

    /// <summary>Rewrites one entry's text through <see cref="ZipArchive"/> (which writes a matching CRC-32).</summary>
    private static void ReplaceEntry(string path, string entry, Func<string, string> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        ZipArchiveEntry old = zip.GetEntry(entry)!;
        string text;
        using (var reader = new StreamReader(old.Open(), Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        string changed = change(text);
        Assert.NotEqual(text, changed);
        old.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
        writer.Write(changed);
    }
}
