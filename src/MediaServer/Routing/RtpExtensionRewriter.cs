namespace Messenger.MediaServer.Routing;

/// <summary>
/// Maps a publisher's negotiated header-extension ids onto one subscriber's (RFC 8285 ids are per session, so the
/// same URI can carry different ids on each side). An extension the subscriber did not negotiate, or one that must
/// not be forwarded (mid, rid: they name the publisher's streams), is blanked into padding bytes, which RFC 8285
/// §4.2 lets a receiver skip.
/// </summary>
public sealed class RtpExtensionRewriter
{
    private const int MaxId = 14;
    private readonly byte[] _map = new byte[256];

    /// <param name="publisher">id → URI on the publisher's side.</param>
    /// <param name="subscriber">URI → id on the subscriber's side.</param>
    /// <param name="neverForward">URIs blanked whatever the subscriber negotiated.</param>
    public RtpExtensionRewriter(
        IEnumerable<KeyValuePair<int, string>> publisher,
        IReadOnlyDictionary<string, int> subscriber,
        IReadOnlySet<string> neverForward)
    {
        foreach (var (id, uri) in publisher)
        {
            if (id is > 0 and < 256 && !neverForward.Contains(uri) && subscriber.TryGetValue(uri, out var target) && target is > 0 and < 256)
            {
                _map[id] = (byte)target;
            }
        }

        IsIdentity = publisher.All(p => p.Key is > 0 and < 256 && _map[p.Key] == p.Key);
    }

    /// <summary>True when nothing would change, so the per-packet rewrite can be skipped.</summary>
    public bool IsIdentity { get; }

    /// <summary>Rewrites the extension block in place. <paramref name="profile"/> is 0xBEDE or 0x100X.</summary>
    public void Rewrite(ushort profile, Span<byte> data)
    {
        if (profile == 0xBEDE)
        {
            RewriteOneByte(data);
        }
        else if ((profile & 0xFFF0) == 0x1000)
        {
            RewriteTwoByte(data);
        }
    }

    private void RewriteOneByte(Span<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var head = data[i];
            if (head == 0)
            {
                i++;
                continue;
            }

            var id = head >> 4;
            if (id == 15)
            {
                return; // RFC 8285 §4.2: id 15 ends processing
            }

            var length = (head & 0x0F) + 1;
            if (i + 1 + length > data.Length)
            {
                return;
            }

            var target = _map[id];
            if (target is 0 or > MaxId)
            {
                data.Slice(i, 1 + length).Clear();
            }
            else
            {
                data[i] = (byte)((target << 4) | (head & 0x0F));
            }

            i += 1 + length;
        }
    }

    private void RewriteTwoByte(Span<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var id = data[i];
            if (id == 0)
            {
                i++;
                continue;
            }

            if (i + 1 >= data.Length)
            {
                return;
            }

            var length = data[i + 1];
            if (i + 2 + length > data.Length)
            {
                return;
            }

            var target = _map[id];
            if (target == 0)
            {
                data.Slice(i, 2 + length).Clear();
            }
            else
            {
                data[i] = target;
            }

            i += 2 + length;
        }
    }
}
