namespace Messenger.MediaServer.Tests.Rtcp;

/// <summary>
/// Real browser RTCP compounds published as plaintext test vectors in public repositories. The 16-character
/// base64 CNAMEs are what Chrome generates.
/// </summary>
internal static class CapturedRtcp
{
    /// <summary>SR (RC=0) + SDES CNAME "ceiNLmy6VHSE5Ja7"; haaspors/rlib test/rsrtp.c (pkt_rtcp_sr_sdes).</summary>
    public const string SrSdesRlib =
        "80c80006b476823adc2327b2ac348f545550cd920000000500000175" +
        "81ca0006b476823a01106365694e4c6d793656485345354a61370000";

    /// <summary>SR (RC=0) + SDES CNAME "RnT5CmJhzyetAxw+"; pion/srtp srtcp_test.go (decrypted vector).</summary>
    public const string SrSdesPion =
        "80c8000666ef91ffdf4880dd61a62ed3d8bcdebe0000000900001604" +
        "81ca000666ef91ff0110526e5435436d4a687a7965744178772b0000";

    /// <summary>
    /// SR + SDES CNAME "/vmKQnGnUpO+p8dR" + REMB (2 SSRCs, exp 4, mantissa 142743);
    /// awslabs/amazon-kinesis-video-streams-rtcp unit test "Compound RTCP Packet that contains SR, SDES and REMB".
    /// </summary>
    public const string SrSdesRembKvs =
        "80c80006f12d7b4be1e32043e53d102bbf58f7ef000023f3006cd375" +
        "81ca0006f12d7b4b01102f766d4b516e476e55704f2b703864520000" +
        "8fce0006f12d7b4b0000000052454d4202122d970cef370d2d073d1d";
}
