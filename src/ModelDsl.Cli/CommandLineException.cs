using System;

namespace ModelDsl.Cli;

/// <summary>
/// An expected failure of a command (bad data, a missing run folder, a model the command cannot handle): the
/// command line prints <see cref="Exception.Message"/> as one line, without a stack trace, and exits with
/// <see cref="ExitCode"/>.
/// </summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
