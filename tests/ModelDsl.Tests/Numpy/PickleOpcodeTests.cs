using System;
using ModelDsl.Numpy;
using Xunit;

namespace ModelDsl.Tests.Numpy;

/// <summary>Error messages name an opcode as Python's <c>pickletools</c> does, from <see cref="PickleOpcode"/>'s member names.</summary>
public sealed class PickleOpcodeTests
{
    [Theory]
    [InlineData((byte)'(', "MARK (0x28)")]
    [InlineData((byte)'K', "BININT1 (0x4b)")]
    [InlineData((byte)'U', "SHORT_BINSTRING (0x55)")]
    [InlineData((byte)'j', "LONG_BINGET (0x6a)")]
    [InlineData(0x92, "NEWOBJ_EX (0x92)")]
    [InlineData(0x98, "READONLY_BUFFER (0x98)")]
    public void Describe_GivesPickletoolsNameAndByte(byte opcode, string expected)
    {
        Assert.Equal(expected, PickleOpcodeNames.Describe((PickleOpcode)opcode));
    }

    [Fact]
    public void Describe_AByteThatIsNoOpcode_SaysSo()
    {
        Assert.Equal("0xff (not a pickle opcode)", PickleOpcodeNames.Describe((PickleOpcode)0xff));
    }

    [Fact]
    public void EveryOpcodeOfProtocols0To5_IsAMember()
    {
        // pickletools.opcodes has 68 entries for protocols 0 to 5.
        Assert.Equal(68, Enum.GetValues<PickleOpcode>().Length);
    }
}
