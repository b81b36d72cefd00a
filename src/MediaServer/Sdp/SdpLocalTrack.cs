namespace Messenger.MediaServer.Sdp;

/// <summary>
/// A track the SFU sends: its SSRC, optional rtx SSRC (announced with a=ssrc-group:FID, RFC 4588 §8.7), RTCP
/// CNAME (RFC 7022) and the msid stream/track ids (RFC 8830) the receiver groups it by.
/// </summary>
public sealed record SdpLocalTrack(uint Ssrc, uint? RtxSsrc, string Cname, string StreamId, string TrackId);
