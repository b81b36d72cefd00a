namespace Messenger.MediaServer.Rtp;

/// <summary>
/// The extension ids negotiated for one transport (RFC 8285 §5 a=extmap). Built once at negotiation time;
/// the hot path only reads the byte-valued id properties. An id of 0 means "not negotiated" (0 is never a
/// valid element id: it is padding in both RFC 8285 forms).
/// </summary>
public sealed class RtpExtensionMap
{
    /// <summary>Ids 1-14 fit the one-byte form, 1-255 the two-byte form (RFC 8285 §4.2, §4.3).</summary>
    public const int MaxOneByteId = 14;

    private readonly string?[] _uris = new string?[256];

    public byte Mid { get; private set; }

    public byte Rid { get; private set; }

    public byte RepairedRid { get; private set; }

    public byte AbsSendTime { get; private set; }

    public byte TransportWideCc { get; private set; }

    public byte AudioLevel { get; private set; }

    /// <summary>True when some id needs the two-byte form to be sent.</summary>
    public bool RequiresTwoByteHeader { get; private set; }

    /// <summary>
    /// Binds <paramref name="id"/> to <paramref name="uri"/>. Fails for id 0, for an id already bound to another
    /// URI, and for a URI already bound to another id (RFC 8285 §5: a URI maps to one id per direction).
    /// </summary>
    public bool TryRegister(byte id, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (id == 0)
        {
            return false;
        }

        var existing = _uris[id];
        if (existing is not null)
        {
            return string.Equals(existing, uri, StringComparison.Ordinal);
        }

        if (TryGetId(uri, out _))
        {
            return false;
        }

        _uris[id] = uri;
        RequiresTwoByteHeader |= id > MaxOneByteId;
        switch (uri)
        {
            case RtpExtensionUris.Mid: Mid = id; break;
            case RtpExtensionUris.Rid: Rid = id; break;
            case RtpExtensionUris.RepairedRid: RepairedRid = id; break;
            case RtpExtensionUris.AbsSendTime: AbsSendTime = id; break;
            case RtpExtensionUris.TransportWideCc: TransportWideCc = id; break;
            case RtpExtensionUris.AudioLevel: AudioLevel = id; break;
            default: break;
        }

        return true;
    }

    /// <summary>The URI bound to <paramref name="id"/>, or null.</summary>
    public string? GetUri(byte id) => _uris[id];

    public bool TryGetId(string uri, out byte id)
    {
        for (var i = 1; i < _uris.Length; i++)
        {
            if (string.Equals(_uris[i], uri, StringComparison.Ordinal))
            {
                id = (byte)i;
                return true;
            }
        }

        id = 0;
        return false;
    }
}
