using System.Net;
using System.Text;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Stun;

public sealed class Rfc5769VectorTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void SampleRequest_ParsesWithAllAttributes()
    {
        byte[] bytes = Rfc5769Vectors.SampleRequest;

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(bytes, out StunMessage message));
        Assert.True(message.IsBindingRequest);
        Assert.Equal(StunMessageClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionIdBytes.ToArray());
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal(Rfc5769Vectors.Username, Encoding.ASCII.GetString(username));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.ASCII.GetString(software));
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message));

        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Key));
        Assert.Equal(StunParseResult.BadIntegrity, message.ValidateMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8));
    }

    [Fact]
    public void SampleIPv4Response_YieldsMappedAddressAndVerifies()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleIPv4Response, out StunMessage message));

        Assert.Equal(StunMessageClass.SuccessResponse, message.Class);
        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Key));
        Assert.True(message.TryGetXorMappedAddress(out TransportAddress mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped.ToIPEndPoint());
    }

    [Fact]
    public void SampleIPv6Response_YieldsMappedAddressAndVerifies()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleIPv6Response, out StunMessage message));

        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Key));
        Assert.True(message.TryGetXorMappedAddress(out TransportAddress mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped.ToIPEndPoint());
    }

    // The RFC pads with spaces where our writer pads with zeros (RFC 8489 §14 allows any padding value, and
    // the padding is inside the HMAC and CRC). Patching the padding before the integrity attribute shows the
    // writer produces the vectors byte for byte.
    [Fact]
    public void Writer_ReproducesSampleRequest()
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.WriteAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.WritePriority(0x6e0001ff);
        writer.WriteIceControlled(0x932ff9b151263b36);
        writer.WriteUsername(Encoding.ASCII.GetBytes(Rfc5769Vectors.Username));
        buffer.AsSpan(writer.Length - 3, 3).Fill(0x20);
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();

        Assert.True(writer.TryGetWritten(out int length));
        Assert.Equal(Rfc5769Vectors.SampleRequest, buffer[..length]);
    }

    [Theory]
    [InlineData("192.0.2.1", false)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", true)]
    public void Writer_ReproducesSampleResponses(string address, bool ipv6)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.WriteAttribute(StunAttributeType.Software, "test vector"u8);
        buffer[writer.Length - 1] = 0x20;
        writer.WriteXorMappedAddress(TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), 32853)));
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();

        Assert.True(writer.TryGetWritten(out int length));
        byte[] expected = ipv6 ? Rfc5769Vectors.SampleIPv6Response : Rfc5769Vectors.SampleIPv4Response;
        Assert.Equal(expected, buffer[..length]);
    }
}
