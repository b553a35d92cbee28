using System;
using System.IO;
using System.Text;

namespace ModelDsl.Numpy;

/// <summary>
/// Reads the pickle stream numpy writes for an object array (<c>dtype=object</c>) whose items are lists of Python
/// ints — the ragged sequences of Keras's <c>imdb.npz</c> and <c>reuters.npz</c> — and nothing else.
/// </summary>
/// <remarks>
/// <para>
/// Unpickling arbitrary data is code execution: a pickle can name any importable callable (<c>os.system</c>,
/// <c>builtins.eval</c>) and call it. This is not an unpickler. It is a small interpreter for the opcodes numpy's
/// object-array pickles use (protocols 2 to 5): PROTO, FRAME, MARK, STOP, the tuple, list, int, bool, None, bytes
/// and str opcodes, the memo opcodes, and GLOBAL / STACK_GLOBAL / REDUCE / BUILD only for
/// <c>numpy.core.multiarray._reconstruct</c> (or numpy 2's <c>numpy._core.multiarray._reconstruct</c>),
/// <c>numpy.ndarray</c> and <c>numpy.dtype</c>. The opcodes run in <see cref="PickleInterpreter"/>; those calls are
/// interpreted by <see cref="NumpyReconstruction"/>, into plain C# values; no type is ever looked up or constructed
/// by name. Any other opcode or global is an <see cref="InvalidDataException"/> naming it and its byte offset.
/// </para>
/// <para>
/// SHORT_BINSTRING and BINSTRING (a Python 2 <c>str</c>, what Python 2's numpy wrote for the same bytes) are
/// accepted as data too: like SHORT_BINBYTES they only push bytes. Protocol 2 written by Python 3 has no bytes
/// opcode and writes bytes as <c>_codecs.encode(text, 'latin1')</c> (and <c>b''</c> as <c>bytes()</c>): those two
/// calls are interpreted too, only with exactly those arguments, into the same bytes.
/// </para>
/// <para>
/// Every length a pickle declares (FRAME, BINBYTES, BINUNICODE …) is checked against the bytes that remain before
/// anything is allocated, and the items are turned into <c>int[]</c> within a budget of one int per pickle byte (see
/// <see cref="PickledIntLists"/>), so memo references cannot make a small file stand for gigabytes.
/// </para>
/// </remarks>
internal static class NumpyPickleReader
{
    /// <summary>Why a pickle is refused, in every refusal's message.</summary>
    internal const string Refusal =
        "unpickling arbitrary data is code execution, so only numpy object arrays of Python int lists are accepted";

    /// <summary>
    /// Reads the object array pickled in <paramref name="data"/>[<paramref name="start"/>..<paramref name="end"/>]
    /// and returns its items, each a list of ints, in C order.
    /// </summary>
    /// <param name="data">The buffer.</param>
    /// <param name="start">Where the pickle starts.</param>
    /// <param name="end">Where the pickle must end (just after its STOP).</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <param name="expectedShape">The shape from the <c>.npy</c> header, which the pickled array must have.</param>
    public static int[][] ReadObjectArray(byte[] data, int start, int end, string source, int[] expectedShape)
    {
        var interpreter = new PickleInterpreter(data, start, end, source, new NumpyReconstruction(source));
        object? root = interpreter.Run();
        return PickledIntLists.Materialize(root, expectedShape, end - start, interpreter.Fail);
    }

    /// <summary>Up to 80 characters of <paramref name="text"/> for an error message, with anything but printable ASCII as <c>?</c>.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 80));
        foreach (char c in text.Length <= 80 ? text : text.Substring(0, 80))
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return text.Length <= 80 ? builder.ToString() : builder.Append("...").ToString();
    }
}
