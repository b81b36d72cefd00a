namespace Messenger.MediaServer.Sdp;

/// <summary>o= line (RFC 8866 §5.2). The session id is kept as text because only its identity matters.</summary>
public sealed record SdpOrigin(
    string Username, string SessionId, ulong SessionVersion, string NetType, string AddressType, string Address)
{
    public override string ToString() =>
        $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}";
}

/// <summary>c= line (RFC 8866 §5.7).</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>The placeholder JSEP uses when candidates carry the real addresses (RFC 8829 §5.2.1).</summary>
    public static SdpConnection Placeholder { get; } = new("IN", "IP4", "0.0.0.0");

    public override string ToString() => $"{NetType} {AddressType} {Address}";
}

/// <summary>t= line (RFC 8866 §5.9); WebRTC always uses "0 0".</summary>
public readonly record struct SdpTiming(ulong Start, ulong Stop)
{
    public override string ToString() => $"{Start} {Stop}";
}

/// <summary>a=group (RFC 5888 §5), e.g. "BUNDLE 0 1" (RFC 8843 §7.1).</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}

/// <summary>
/// A line this model does not interpret (b=, i=, k=, ...) kept so a description can be written back out.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}

/// <summary>An a= attribute the parser does not interpret, kept verbatim; <see cref="Value"/> is null for flags.</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
