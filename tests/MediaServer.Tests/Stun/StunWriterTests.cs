using System.Net;
using System.Text;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Stun;

public sealed class StunWriterTests
{
    private static readonly byte[] Key = "0123456789abcdefghijkl"u8.ToArray();

    [Theory]
    [InlineData("203.0.113.7", 1)]
    [InlineData("203.0.113.7", 65535)]
    [InlineData("::1", 50000)]
    [InlineData("2001:db8::dead:beef", 443)]
    public void BindingSuccess_RoundTripsMappedAddressIntegrityAndFingerprint(string ip, int port)
    {
        var sender = new IPEndPoint(IPAddress.Parse(ip), port);
        StunTransactionId id = StunTransactionId.NewRandom();
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, id);
        writer.WriteXorMappedAddress(TransportAddress.FromIPEndPoint(sender));
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();
        Assert.True(writer.TryGetWritten(out int length));

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message));
        Assert.Equal(StunMessageType.BindingSuccessResponse, message.MessageType);
        Assert.Equal(id, message.TransactionId);
        Assert.True(message.TryGetXorMappedAddress(out TransportAddress mapped));
        Assert.Equal(sender, mapped.ToIPEndPoint());
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Key));
        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
    }

    [Fact]
    public void XorMappedAddress_ReportsDualModeSenderAsIPv4()
    {
        var mappedSender = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.9"), 4000);
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.NewRandom());
        writer.WriteXorMappedAddress(TransportAddress.FromIPEndPoint(mappedSender));
        Assert.True(writer.TryGetWritten(out int length));

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message));
        Assert.True(message.TryGetXorMappedAddress(out TransportAddress mapped));
        Assert.False(mapped.IsIPv6);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 4000), mapped.ToIPEndPoint());
    }

    [Fact]
    public void BindingRequest_RoundTripsIceAttributes()
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.WriteUsername("abcd:efgh"u8);
        writer.WritePriority(0x7e7f00ff);
        writer.WriteIceControlling(0x0102030405060708);
        writer.WriteUseCandidate();
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();
        Assert.True(writer.TryGetWritten(out int length));

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message));
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("abcd:efgh", Encoding.ASCII.GetString(username));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x7e7f00ffu, priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0102030405060708UL, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Key));
        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthenticated")]
    [InlineData(487, "Role Conflict")]
    public void ErrorCode_RoundTrips(int code, string reason)
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingErrorResponse, StunTransactionId.NewRandom());
        writer.WriteErrorCode(code, Encoding.UTF8.GetBytes(reason));
        writer.WriteFingerprint();
        Assert.True(writer.TryGetWritten(out int length));

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message));
        Assert.Equal(StunMessageClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out int parsedCode, out ReadOnlySpan<byte> parsedReason));
        Assert.Equal(code, parsedCode);
        Assert.Equal(reason, Encoding.UTF8.GetString(parsedReason));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(59)]
    public void TooSmallBuffer_ReportsOverflowInsteadOfThrowing(int size)
    {
        var buffer = new byte[size];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.NewRandom());
        writer.WriteXorMappedAddress(TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 9)));
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();

        Assert.True(writer.HasOverflowed);
        Assert.False(writer.TryGetWritten(out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Padding_IsZeroedAndLengthKeptCurrent()
    {
        var buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.WriteUsername("abcde"u8);

        Assert.Equal(32, writer.Length);
        Assert.Equal([0x00, 0x0c], buffer[2..4]);
        Assert.Equal([0, 0, 0], buffer[29..32]);
    }

    [Fact]
    public void InvalidErrorCode_IsRefused()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingErrorResponse, StunTransactionId.NewRandom());

        Assert.False(writer.WriteErrorCode(700, "x"u8));
        Assert.True(writer.HasOverflowed);
    }
}
