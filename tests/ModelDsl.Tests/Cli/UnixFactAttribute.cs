using System.IO;
using Xunit;

namespace ModelDsl.Tests.Cli;

/// <summary>A fact that reads the Unix device <c>/dev/zero</c>; skipped, saying so, where there is none.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (!File.Exists("/dev/zero"))
        {
            Skip = "needs the Unix device /dev/zero, which this system does not have";
        }
    }
}
