namespace Messenger.MediaServer.Rtcp;

/// <summary>RTCP packet type numbers (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;

    /// <summary>Transport layer feedback (RFC 4585 §6.2): NACK, transport-cc.</summary>
    public const byte TransportFeedback = 205;

    /// <summary>Payload-specific feedback (RFC 4585 §6.3): PLI, FIR, REMB.</summary>
    public const byte PayloadFeedback = 206;

    public const byte ExtendedReport = 207;
}

/// <summary>FMT values in the count field of feedback packets.</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>Generic NACK, PT=205 (RFC 4585 §6.2.1).</summary>
    public const byte GenericNack = 1;

    /// <summary>Transport-wide congestion control, PT=205 (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const byte TransportWideCc = 15;

    /// <summary>Picture loss indication, PT=206 (RFC 4585 §6.3.1).</summary>
    public const byte PictureLossIndication = 1;

    /// <summary>Full intra request, PT=206 (RFC 5104 §4.3.1).</summary>
    public const byte FullIntraRequest = 4;

    /// <summary>Application layer feedback, PT=206, used by REMB (draft-alvestrand-rmcat-remb §2.2).</summary>
    public const byte ApplicationLayer = 15;
}
