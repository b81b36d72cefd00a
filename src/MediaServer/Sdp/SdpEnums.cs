namespace Messenger.MediaServer.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1).</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary>DTLS role attribute a=setup (RFC 4145 §4, RFC 8842 §5).</summary>
public enum SdpSetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

/// <summary>ICE candidate types (RFC 8839 §5.1).</summary>
public enum SdpCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relay,
}

/// <summary>Direction of an RTP stream identifier (RFC 8851 §4) or simulcast list (RFC 8853 §5.1).</summary>
public enum RidDirection
{
    Send,
    Recv,
}

/// <summary>Text forms of the SDP enums and a few helpers that reverse directions for answers.</summary>
public static class SdpTokens
{
    public static string ToToken(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParseDirection(string token, out SdpDirection direction)
    {
        switch (token)
        {
            case "sendrecv": direction = SdpDirection.SendRecv; return true;
            case "sendonly": direction = SdpDirection.SendOnly; return true;
            case "recvonly": direction = SdpDirection.RecvOnly; return true;
            case "inactive": direction = SdpDirection.Inactive; return true;
            default: direction = SdpDirection.SendRecv; return false;
        }
    }

    /// <summary>True when the direction lets this side send media.</summary>
    public static bool CanSend(this SdpDirection direction) =>
        direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    /// <summary>True when the direction lets this side receive media.</summary>
    public static bool CanReceive(this SdpDirection direction) =>
        direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    /// <summary>The same stream seen from the other side: sendonly becomes recvonly and back (RFC 3264 §6.1).</summary>
    public static SdpDirection Reverse(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };

    public static string ToToken(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParseSetupRole(string token, out SdpSetupRole role)
    {
        switch (token)
        {
            case "actpass": role = SdpSetupRole.ActPass; return true;
            case "active": role = SdpSetupRole.Active; return true;
            case "passive": role = SdpSetupRole.Passive; return true;
            case "holdconn": role = SdpSetupRole.HoldConn; return true;
            default: role = SdpSetupRole.ActPass; return false;
        }
    }

    public static string ToToken(this SdpCandidateType type) => type switch
    {
        SdpCandidateType.ServerReflexive => "srflx",
        SdpCandidateType.PeerReflexive => "prflx",
        SdpCandidateType.Relay => "relay",
        _ => "host",
    };

    public static bool TryParseCandidateType(string token, out SdpCandidateType type)
    {
        switch (token)
        {
            case "host": type = SdpCandidateType.Host; return true;
            case "srflx": type = SdpCandidateType.ServerReflexive; return true;
            case "prflx": type = SdpCandidateType.PeerReflexive; return true;
            case "relay": type = SdpCandidateType.Relay; return true;
            default: type = SdpCandidateType.Host; return false;
        }
    }

    public static string ToToken(this RidDirection direction) => direction == RidDirection.Send ? "send" : "recv";

    public static bool TryParseRidDirection(string token, out RidDirection direction)
    {
        switch (token)
        {
            case "send": direction = RidDirection.Send; return true;
            case "recv": direction = RidDirection.Recv; return true;
            default: direction = RidDirection.Send; return false;
        }
    }

    public static RidDirection Reverse(this RidDirection direction) =>
        direction == RidDirection.Send ? RidDirection.Recv : RidDirection.Send;
}
