using System.IO;

namespace ModelDsl;

/// <summary>
/// A model that prints a Keras-style summary. Generated models implement it (their <c>Summary</c> method has this
/// signature), and the <c>summary</c> command of the command line (<c>ModelDsl.Cli.ModelCommandLine</c>) prints it;
/// for other modules that command prints a table of their direct submodules.
/// </summary>
public interface ISummarizable
{
    /// <summary>Writes the summary to <paramref name="output"/> (the console when omitted) and returns it.</summary>
    /// <param name="output">Where to write the table.</param>
    /// <returns>The summary.</returns>
    ModelSummary Summary(TextWriter? output = null);
}
