using System.Buffers.Binary;
using System.Text;
using Messenger.MediaServer.Stun;

namespace Messenger.MediaServer.Tests.Stun;

public sealed class StunMessageParseTests
{
    public delegate byte[] Mutation(byte[] sample);

    public static TheoryData<string, Mutation, StunParseResult> MalformedInputs => new()
    {
        { "empty", _ => [], StunParseResult.TooShort },
        { "19 bytes", s => s[..19], StunParseResult.TooShort },
        { "top bits set (RTP-like)", s => Patch(s, 0, 0x80), StunParseResult.NotStun },
        { "wrong magic cookie", s => Patch(s, 4, 0x21, 0x12, 0xa4, 0x43), StunParseResult.BadMagicCookie },
        { "length not a multiple of 4", s => SetLength(s, 0x57), StunParseResult.BadLength },
        { "length claims 4 more bytes", s => SetLength(s, 0x5c), StunParseResult.BadLength },
        { "length claims 4 fewer bytes", s => SetLength(s, 0x54), StunParseResult.BadLength },
        { "datagram cut by 4 bytes", s => s[..^4], StunParseResult.BadLength },
        { "datagram with 4 extra bytes", s => [.. s, 0, 0, 0, 0], StunParseResult.BadLength },
        { "attribute length past end", s => Patch(s, 62, 0x00, 0xff), StunParseResult.BadAttributeLength },
        { "integrity of 16 bytes", s => Patch(s, 78, 0x00, 0x10), StunParseResult.BadAttributeLength },
        { "fingerprint of 8 bytes", s => Patch(s, 102, 0x00, 0x08), StunParseResult.BadAttributeLength },
        { "attribute after fingerprint", AppendAfterFingerprint, StunParseResult.BadAttributeOrder },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void TryParse_RejectsMalformedInput(string name, Mutation mutate, StunParseResult expected)
    {
        byte[] input = mutate(Rfc5769Vectors.SampleRequest);

        StunParseResult result = StunMessage.TryParse(input, out _);

        Assert.True(expected == result, $"{name}: expected {expected}, got {result}");
    }

    public static TheoryData<string, Mutation, StunParseResult, StunParseResult> ForgedInputs => new()
    {
        // Byte 44 is in PRIORITY, covered by both HMAC and CRC.
        { "flipped priority bit", s => Flip(s, 44), StunParseResult.BadIntegrity, StunParseResult.BadFingerprint },
        { "flipped HMAC bit", s => Flip(s, 82), StunParseResult.BadIntegrity, StunParseResult.BadFingerprint },
        { "flipped CRC bit", s => Flip(s, 104), StunParseResult.Ok, StunParseResult.BadFingerprint },
        { "flipped transaction id bit", s => Flip(s, 10), StunParseResult.BadIntegrity, StunParseResult.BadFingerprint },
        { "fingerprint removed", s => SetLength(s[..^8], 0x50), StunParseResult.Ok, StunParseResult.MissingFingerprint },
        { "integrity and fingerprint removed", s => SetLength(s[..^32], 0x38), StunParseResult.MissingIntegrity, StunParseResult.MissingFingerprint },
    };

    [Theory]
    [MemberData(nameof(ForgedInputs))]
    public void Validation_DetectsForgery(string name, Mutation mutate, StunParseResult expectedIntegrity, StunParseResult expectedFingerprint)
    {
        byte[] input = mutate(Rfc5769Vectors.SampleRequest);

        Assert.True(StunMessage.TryParse(input, out StunMessage message) == StunParseResult.Ok, name);
        Assert.Equal(expectedIntegrity, message.ValidateMessageIntegrity(Encoding.ASCII.GetBytes(Rfc5769Vectors.Password)));
        Assert.Equal(expectedFingerprint, message.ValidateFingerprint());
    }

    [Fact]
    public void TryParse_EveryTruncationIsRejected()
    {
        byte[] sample = Rfc5769Vectors.SampleRequest;
        for (int length = 0; length < sample.Length; length++)
        {
            Assert.NotEqual(StunParseResult.Ok, StunMessage.TryParse(sample.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void TryParse_RandomBodiesNeverThrowAndAccessorsStayInBounds()
    {
        var random = new Random(5769);
        int accepted = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] input = new byte[20 + (4 * random.Next(0, 16))];
            random.NextBytes(input);
            input[0] &= 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2), (ushort)(input.Length - 20));
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(4), StunConstants.MagicCookie);
            if (StunMessage.TryParse(input, out StunMessage message) != StunParseResult.Ok)
            {
                continue;
            }

            accepted++;
            message.TryGetUsername(out _);
            message.TryGetXorMappedAddress(out _);
            message.TryGetErrorCode(out _, out _);
            message.ValidateFingerprint();
            message.ValidateMessageIntegrity("key"u8);
            foreach (StunAttribute attribute in message.Attributes)
            {
                Assert.True(attribute.Value.Length <= input.Length);
            }
        }

        Assert.True(accepted > 0, "the generator should produce some well-formed messages");
    }

    [Fact]
    public void Attributes_EnumeratesInWireOrder()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message));
        var types = new List<StunAttributeType>();
        foreach (StunAttribute attribute in message.Attributes)
        {
            types.Add(attribute.Type);
        }

        Assert.Equal(
            [
                StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled,
                StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint,
            ],
            types);
    }

    [Theory]
    [InlineData(StunMessageClass.Request, 0x0001)]
    [InlineData(StunMessageClass.Indication, 0x0011)]
    [InlineData(StunMessageClass.SuccessResponse, 0x0101)]
    [InlineData(StunMessageClass.ErrorResponse, 0x0111)]
    public void MessageType_ComposesAndSplitsClassBits(StunMessageClass messageClass, int wire)
    {
        Assert.Equal((ushort)wire, StunMessageType.Compose(StunMethod.Binding, messageClass));
        Assert.Equal(messageClass, StunMessageType.GetClass((ushort)wire));
        Assert.Equal(StunMethod.Binding, StunMessageType.GetMethod((ushort)wire));
    }

    [Fact]
    public void LooksLikeStun_NeedsCookieAndZeroTopBits()
    {
        Assert.True(StunMessage.LooksLikeStun(Rfc5769Vectors.SampleRequest));
        Assert.False(StunMessage.LooksLikeStun(Patch(Rfc5769Vectors.SampleRequest, 4, 0)));
        Assert.False(StunMessage.LooksLikeStun(Patch(Rfc5769Vectors.SampleRequest, 0, 0x40)));
    }

    private static byte[] Patch(byte[] source, int offset, params byte[] bytes)
    {
        bytes.CopyTo(source, offset);
        return source;
    }

    private static byte[] SetLength(byte[] source, ushort length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(source.AsSpan(2), length);
        return source;
    }

    private static byte[] Flip(byte[] source, int offset)
    {
        source[offset] ^= 0x01;
        return source;
    }

    private static byte[] AppendAfterFingerprint(byte[] source)
    {
        byte[] longer = [.. source, 0x00, 0x25, 0x00, 0x00];
        return SetLength(longer, (ushort)(longer.Length - 20));
    }
}
