using System.Text;

namespace Messenger.MediaServer.Sdp;

/// <summary>One rid inside an a=simulcast alternative list; "~" marks it paused (RFC 8853 §5.1).</summary>
public readonly record struct SdpSimulcastFormat(string Rid, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}

/// <summary>
/// a=simulcast (RFC 8853 §5.1). Each list entry is one simulcast stream; each stream has one or more alternative
/// rids separated by ',' of which the sender picks one. Most browsers send one alternative per stream.
/// </summary>
public sealed record SdpSimulcast(
    IReadOnlyList<IReadOnlyList<SdpSimulcastFormat>> Send,
    IReadOnlyList<IReadOnlyList<SdpSimulcastFormat>> Recv)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Send.Count > 0)
        {
            sb.Append("send ");
            AppendList(sb, Send);
        }

        if (Recv.Count > 0)
        {
            sb.Append(sb.Length > 0 ? " recv " : "recv ");
            AppendList(sb, Recv);
        }

        return sb.ToString();
    }

    /// <summary>Swaps send and recv: what the offerer sends is what the answerer receives (RFC 8853 §5.3).</summary>
    public SdpSimulcast Reverse() => new(Recv, Send);

    public static bool TryParse(string text, out SdpSimulcast? simulcast, out string? problem)
    {
        simulcast = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (2 or 4))
        {
            problem = $"expected 'send|recv <rid list> [recv|send <rid list>]' but got '{text}'";
            return false;
        }

        List<IReadOnlyList<SdpSimulcastFormat>>? send = null;
        List<IReadOnlyList<SdpSimulcastFormat>>? recv = null;
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!TryParseList(parts[i + 1], out var list, out problem))
            {
                return false;
            }

            switch (parts[i])
            {
                case "send" when send is null:
                    send = list;
                    break;
                case "recv" when recv is null:
                    recv = list;
                    break;
                default:
                    problem = $"unexpected direction '{parts[i]}' in '{text}'";
                    return false;
            }
        }

        simulcast = new SdpSimulcast(send ?? [], recv ?? []);
        problem = null;
        return true;
    }

    private static bool TryParseList(
        string text, out List<IReadOnlyList<SdpSimulcastFormat>> list, out string? problem)
    {
        list = [];

        // Firefox before version 71 wrote "rid=a;b;c" (draft-ietf-mmusic-sdp-simulcast-13); accept it.
        if (text.StartsWith("rid=", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        foreach (var stream in text.Split(';'))
        {
            var alternatives = new List<SdpSimulcastFormat>();
            foreach (var alternative in stream.Split(','))
            {
                var paused = alternative.StartsWith('~');
                var rid = paused ? alternative[1..] : alternative;
                if (!SdpRid.IsValidId(rid))
                {
                    problem = $"invalid rid '{alternative}' in simulcast list '{text}'";
                    return false;
                }

                alternatives.Add(new SdpSimulcastFormat(rid, paused));
            }

            list.Add(alternatives);
        }

        problem = null;
        return true;
    }

    private static void AppendList(StringBuilder sb, IReadOnlyList<IReadOnlyList<SdpSimulcastFormat>> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : ";");
            for (var j = 0; j < list[i].Count; j++)
            {
                sb.Append(j == 0 ? string.Empty : ",").Append(list[i][j].ToString());
            }
        }
    }
}
