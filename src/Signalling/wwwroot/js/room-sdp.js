// Small readers over SDP text and getStats() reports for room-client.js. Kept apart so the client itself reads as
// the protocol (docs/protocol.md, "Room signalling hub /rtc").

/**
 * What each m-section of a server offer sends us: mid → {participantId, trackId, kind, sending}.
 * The server labels subscriber sections `a=msid:<publisher participantId> <trackId>` (RFC 8830); we read the ids
 * from the SDP rather than from MediaStreamTrack.id, which browsers need not take from msid.
 */
export function remoteSections(sdp) {
  const sections = new Map();
  let current = null;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const [kind, port] = line.slice(2).split(' ');
      // A port of 0 rejects or retires the section (RFC 8843 §7.3 keeps bundled sections on their own port).
      current = { kind, mid: null, participantId: null, trackId: null, direction: 'sendrecv', rejected: port === '0' };
    } else if (current && line.startsWith('a=mid:')) {
      current.mid = line.slice(6);
      sections.set(current.mid, current);
    } else if (current && line.startsWith('a=msid:')) {
      const [stream, track] = line.slice(7).split(' ');
      current.participantId = stream;
      current.trackId = track ?? null;
    } else if (current && /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) {
      current.direction = line.slice(2);
    } else if (current && line.startsWith('a=bundle-only')) {
      current.rejected = false;
    }
  }
  for (const section of sections.values()) {
    // The offerer's sendonly/sendrecv is what reaches us.
    section.sending = !section.rejected && (section.direction === 'sendonly' || section.direction === 'sendrecv')
      && section.participantId !== null && section.participantId !== '-' && section.trackId !== null;
  }
  return sections;
}

/** The numbers tests and the page read from one inbound-rtp report (names as in webrtc-stats). */
export function inboundNumbers(report) {
  return {
    kind: report.kind,
    packetsReceived: report.packetsReceived ?? 0,
    bytesReceived: report.bytesReceived ?? 0,
    lost: report.packetsLost ?? 0,
    nackCount: report.nackCount ?? 0,
    pliCount: report.pliCount ?? 0,
    firCount: report.firCount ?? 0,
    jitter: report.jitter ?? 0,
    framesDecoded: report.framesDecoded ?? 0,
    frameWidth: report.frameWidth ?? 0,
    frameHeight: report.frameHeight ?? 0,
    framesPerSecond: report.framesPerSecond ?? 0,
    audioLevel: report.audioLevel ?? 0,
  };
}

/** One outbound-rtp report: per simulcast rid, what the browser actually encodes and sends. */
export function outboundNumbers(report) {
  return {
    kind: report.kind,
    mid: report.mid ?? null,
    rid: report.rid ?? null,
    active: report.active ?? true,
    packetsSent: report.packetsSent ?? 0,
    bytesSent: report.bytesSent ?? 0,
    framesEncoded: report.framesEncoded ?? 0,
    frameWidth: report.frameWidth ?? 0,
    frameHeight: report.frameHeight ?? 0,
    nackCount: report.nackCount ?? 0,
    pliCount: report.pliCount ?? 0,
    qualityLimitationReason: report.qualityLimitationReason ?? 'none',
  };
}

/** The machine-readable code at the start of a hub error (`glare: …`), or null. */
export function hubErrorCode(error) {
  // The JS client reports a HubException as "An unexpected error occurred invoking 'X' on the server. HubException: code: text".
  const match = /(?:HubException: |^)([a-z_]+):/.exec(String(error?.message ?? error));
  return match ? match[1] : null;
}
