using System.Globalization;
using System.Net;

namespace Messenger.LoadTest.Signalling;

/// <summary>One m-section of a remote SDP: what the load generator needs to answer it or send into it.</summary>
public sealed record RemoteMedia(string Kind, int Port, string Mid, IReadOnlyDictionary<byte, string> RtpMaps)
{
    /// <summary>The payload type whose rtpmap starts with <paramref name="codec"/> (e.g. "opus/48000"), if any.</summary>
    public byte? FindPayloadType(string codec) =>
        RtpMaps.Where(m => m.Value.StartsWith(codec, StringComparison.OrdinalIgnoreCase)).Select(m => (byte?)m.Key).FirstOrDefault();
}

/// <summary>
/// The parts of a server's SDP (RFC 8866) a client transport needs: ICE credentials, DTLS fingerprint, the first
/// UDP host candidate on IPv4 and the m-sections. Read line by line; the servers' SDP is trusted here.
/// </summary>
public sealed record RemoteDescription(string Ufrag, string Password, string Fingerprint, IPEndPoint Candidate, IReadOnlyList<RemoteMedia> Media)
{
    public static RemoteDescription Parse(string sdp)
    {
        string? ufrag = null, password = null, fingerprint = null;
        IPEndPoint? candidate = null;
        var media = new List<RemoteMedia>();
        string? kind = null, mid = null;
        var port = 0;
        var maps = new Dictionary<byte, string>();
        void Close()
        {
            if (kind is not null)
            {
                media.Add(new RemoteMedia(kind, port, mid ?? media.Count.ToString(CultureInfo.InvariantCulture), maps));
            }
        }

        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                Close();
                var parts = line[2..].Split(' ');
                (kind, port, mid, maps) = (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), null, []);
            }
            else if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag ??= line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                password ??= line["a=ice-pwd:".Length..];
            }
            else if (line.StartsWith("a=fingerprint:", StringComparison.Ordinal))
            {
                fingerprint ??= line["a=fingerprint:".Length..];
            }
            else if (line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                mid = line["a=mid:".Length..];
            }
            else if (line.StartsWith("a=rtpmap:", StringComparison.Ordinal))
            {
                var parts = line["a=rtpmap:".Length..].Split(' ', 2);
                maps[byte.Parse(parts[0], CultureInfo.InvariantCulture)] = parts[1];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && candidate is null)
            {
                // foundation component transport priority address port "typ" type (RFC 8839 §5.1)
                var parts = line["a=candidate:".Length..].Split(' ');
                if (parts.Length >= 8 && parts[1] == "1" && parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                    && IPAddress.TryParse(parts[4], out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    candidate = new IPEndPoint(address, int.Parse(parts[5], CultureInfo.InvariantCulture));
                }
            }
        }

        Close();
        return new RemoteDescription(
            ufrag ?? throw new FormatException("SDP without a=ice-ufrag"),
            password ?? throw new FormatException("SDP without a=ice-pwd"),
            fingerprint ?? throw new FormatException("SDP without a=fingerprint"),
            candidate ?? throw new FormatException("SDP without an IPv4 UDP candidate"),
            media);
    }

    /// <summary>Payload type → clock rate of the Opus and VP8 formats, which is what subscribers count.</summary>
    public IReadOnlyDictionary<byte, int> MediaClockRates()
    {
        var rates = new Dictionary<byte, int>();
        foreach (var section in Media)
        {
            foreach (var (pt, name) in section.RtpMaps)
            {
                if (name.StartsWith("opus/", StringComparison.OrdinalIgnoreCase))
                {
                    rates[pt] = 48_000;
                }
                else if (name.StartsWith("VP8/", StringComparison.OrdinalIgnoreCase))
                {
                    rates[pt] = 90_000;
                }
            }
        }

        return rates;
    }
}
