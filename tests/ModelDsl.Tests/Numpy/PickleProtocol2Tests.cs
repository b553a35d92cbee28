using System;
using System.IO;
using System.Linq;
using System.Text;
using ModelDsl.Numpy;
using Xunit;
using static ModelDsl.Tests.Numpy.NumpyTestFiles;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// Object arrays pickled with protocol 2 on Python 3, which has no bytes opcode: numpy's <c>b'b'</c> type code and an
/// ndarray item's raw data are written as <c>_codecs.encode(text, 'latin1')</c>, and <c>b''</c> as <c>bytes()</c>.
/// </summary>
public sealed class PickleProtocol2Tests
{
    /// <summary>
    /// Made with Debian's python3-numpy 1.24.2 (not needed to run the tests):
    /// <c>a = np.empty(3, dtype=object); a[0] = [1, 2, 300]; a[1] = [70000, 5]; a[2] = np.array([7, 8], dtype='&lt;i8')</c>,
    /// then <c>np.lib.format.write_array_header_1_0(f, np.lib.format.header_data_from_array_1_0(a)); pickle.dump(a, f, protocol=2)</c>.
    /// </summary>
    private const string ListsAndAnInt64Array =
        "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d"
        + "202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8002636e"
        + "756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f64656373"
        + "0a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b0385710a636e756d70790a64747970650a710b"
        + "58020000004f38710c898887710d52710e284b0358010000007c710f4e4e4e4affffffff4affffffff4b3f74711062895d7111285d7112284b014b024d2c01655d71"
        + "13284a701101004b0565680068014b008571146807877115527116284b014b02857117680b580200000069387118898887711952711a284b0358010000003c711b4e"
        + "4e4e4affffffff4affffffff4b0074711c62896803581000000007000000000000000800000000000000711d680586711e52711f7471206265747121622e";

    /// <summary>The same with <c>a = np.empty(2, dtype=object); a[0] = np.array([], dtype='&lt;i8'); a[1] = []</c>: the empty data is <c>__builtin__.bytes()</c>.</summary>
    private const string AnEmptyInt64ArrayAndAnEmptyList =
        "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d"
        + "202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8002636e"
        + "756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f64656373"
        + "0a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b0285710a636e756d70790a64747970650a710b"
        + "58020000004f38710c898887710d52710e284b0358010000007c710f4e4e4e4affffffff4affffffff4b3f74711062895d711128680068014b008571126807877113"
        + "527114284b014b00857115680b5802000000693871168988877117527118284b0358010000003c71194e4e4e4affffffff4affffffff4b0074711a6289635f5f6275"
        + "696c74696e5f5f0a62797465730a711b2952711c74711d625d711e6574711f622e";

    private static NpyArray Read(byte[] npy) => NpyFile.Read(new MemoryStream(npy), "protocol2.npy");

    [Fact]
    public void NumpysProtocol2PickleOfListsAndAnArrayReads()
    {
        NpyArray array = Read(Convert.FromHexString(ListsAndAnInt64Array));

        Assert.Equal(new[] { 3 }, array.Shape);
        Assert.Equal(new[] { new[] { 1, 2, 300 }, new[] { 70000, 5 }, new[] { 7, 8 } }, array.ToJaggedInt32());
    }

    [Fact]
    public void NumpysProtocol2PickleOfEmptyItemsReads()
    {
        NpyArray array = Read(Convert.FromHexString(AnEmptyInt64ArrayAndAnEmptyList));

        Assert.Equal(new[] { Array.Empty<int>(), Array.Empty<int>() }, array.ToJaggedInt32());
    }

    [Fact]
    public void Protocol2ImdbArchiveLoadsThroughTheKerasLoader()
    {
        string path = Path.Combine(Path.GetTempPath(), "ModelDsl.Tests.P2." + Guid.NewGuid().ToString("N") + ".npz");
        try
        {
            WriteImdbNpz(path, new[] { new[] { 5, 6 }, new[] { 7 } }, new[] { 1, 0 }, new[] { new[] { 8, 9, 10 } }, new[] { 1 }, PickleFlavor.Python3Protocol2);

            var data = ModelDsl.Datasets.Keras.Imdb.LoadData(path, numWords: 100);

            Assert.Equal(2, data.Train.Count);
            Assert.Equal(new[] { 1, 11, 12, 13 }, data.Test.X[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("rot13")]
    [InlineData("base64")]
    public void CodecsEncodeWithAnotherEncodingIsRefused(string encoding)
    {
        byte[] npy = Npy("|O", new[] { 1 }, Pickle(CodecsEncode("abc", encoding)));

        var error = Assert.Throws<InvalidDataException>(() => Read(npy));

        Assert.Contains("protocol2.npy", error.Message);
        Assert.Contains("calls _codecs.encode with arguments other than (str, 'latin1')", error.Message);
    }

    [Fact]
    public void CodecsEncodeOfTextBeyondLatin1IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(Npy("|O", new[] { 1 }, Pickle(CodecsEncode("\u0100", "latin1")))));

        Assert.Contains("not latin-1 (U+0100 at 0)", error.Message);
    }

    [Fact]
    public void BytesWithArgumentsIsRefused()
    {
        // bytes(10) would be ten zero bytes; only the empty bytes() that protocol 2 writes for b'' is interpreted.
        byte[] pickle = Pickle(Encoding.ASCII.GetBytes("c__builtin__\nbytes\n"), new byte[] { (byte)'K', 10, 0x85, (byte)'R', (byte)'.' });

        var error = Assert.Throws<InvalidDataException>(() => Read(Npy("|O", new[] { 1 }, pickle)));

        Assert.Contains("only bytes() (an empty bytes object) is accepted", error.Message);
    }

    [Theory]
    [InlineData("_codecs", "decode")]
    [InlineData("codecs", "encode")]
    [InlineData("builtins", "bytearray")]
    public void OtherCodecAndBytesGlobalsStayRefused(string module, string name)
    {
        byte[] pickle = Pickle(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"), new byte[] { (byte)')', (byte)'R', (byte)'.' });

        var error = Assert.Throws<InvalidDataException>(() => Read(Npy("|O", new[] { 1 }, pickle)));

        Assert.Contains($"refusing pickle global '{module}.{name}'", error.Message);
        Assert.Contains("unpickling arbitrary data is code execution", error.Message);
    }

    /// <summary>PROTO 2, the parts, then STOP (the parts must leave one value on the stack).</summary>
    private static byte[] Pickle(params byte[][] parts) =>
        new byte[] { 0x80, 2 }.Concat(parts.SelectMany(p => p)).ToArray();

    /// <summary><c>_codecs.encode(text, encoding)</c> as protocol 2 writes it, then STOP.</summary>
    private static byte[] CodecsEncode(string text, string encoding) =>
        Encoding.ASCII.GetBytes("c_codecs\nencode\n").Concat(Str(text)).Concat(Str(encoding)).Concat(new byte[] { 0x86, (byte)'R', (byte)'.' }).ToArray();

    /// <summary>BINUNICODE.</summary>
    private static byte[] Str(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        return new byte[] { (byte)'X' }.Concat(BitConverter.GetBytes(utf8.Length)).Concat(utf8).ToArray();
    }
}
