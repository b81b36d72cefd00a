// WHIP and WHEP clients (RFC 9725) for the browser. Our media server is ICE-lite and puts its candidates in the
// answer, so the browser (ICE controlling) needs no trickle: it posts its offer at once and checks the server's
// candidates itself.

async function postOffer(url, token, pc) {
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp', authorization: `Bearer ${token}` },
    body: pc.localDescription.sdp,
  });
  if (response.status !== 201) {
    let detail = `${response.status}`;
    try { detail += ': ' + (await response.json()).detail; } catch { /* not problem+json */ }
    throw new Error(`${url} refused the offer (${detail})`);
  }
  const answer = await response.text();
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  return {
    pc,
    resource: new URL(response.headers.get('location'), new URL(url, location.href)).href,
    participantId: response.headers.get('x-participant-id'),
    etag: response.headers.get('etag'),
  };
}

/** RTCPeerConnection settings: one bundled transport, plus ICE servers (TURN) and a relay-only policy when given. */
function peerConfig(iceServers, iceTransportPolicy) {
  const config = { bundlePolicy: 'max-bundle' };
  if (iceServers) config.iceServers = iceServers;
  if (iceTransportPolicy) config.iceTransportPolicy = iceTransportPolicy;
  return config;
}

/**
 * Publishes every track of `stream` to `url` (e.g. /whip/room). Simulcast sends three VP8 layers. `iceServers`
 * (e.g. from /api/turn-credentials) and `iceTransportPolicy: 'relay'` route the media through TURN.
 */
export async function whipPublish(url, token, stream, { simulcast = false, iceServers, iceTransportPolicy } = {}) {
  const pc = new RTCPeerConnection(peerConfig(iceServers, iceTransportPolicy));
  for (const track of stream.getTracks()) {
    const init = { direction: 'sendonly', streams: [stream] };
    if (track.kind === 'video' && simulcast) {
      init.sendEncodings = [
        { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
        { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
        { rid: 'h', maxBitrate: 1_500_000 },
      ];
    }
    pc.addTransceiver(track, init);
  }
  return postOffer(url, token, pc);
}

/**
 * Plays a room's publisher from `url` (e.g. /whep/room?participant=id). Resolves with the remote stream too.
 * `iceServers` and `iceTransportPolicy` as for whipPublish.
 */
export async function whepPlay(url, token, { iceServers, iceTransportPolicy } = {}) {
  const pc = new RTCPeerConnection(peerConfig(iceServers, iceTransportPolicy));
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.addTransceiver('video', { direction: 'recvonly' });
  const stream = new MediaStream();
  pc.ontrack = (event) => stream.addTrack(event.track);
  const session = await postOffer(url, token, pc);
  return { ...session, stream };
}

/** Ends a WHIP or WHEP session: DELETE on its resource, then close the connection. */
export async function stop(session, token) {
  try {
    await fetch(session.resource, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  } finally {
    session.pc.close();
  }
}

/** The inbound numbers tests and the echo page show: decoded video frames and received audio packets. */
export async function inboundStats(pc) {
  const result = { framesDecoded: 0, frameWidth: 0, audioPackets: 0, videoPackets: 0, nackCount: 0, pliCount: 0, packetsLost: 0 };
  (await pc.getStats()).forEach((report) => {
    if (report.type !== 'inbound-rtp') return;
    result.packetsLost += report.packetsLost ?? 0;
    if (report.kind === 'video') {
      result.framesDecoded += report.framesDecoded ?? 0;
      result.frameWidth = Math.max(result.frameWidth, report.frameWidth ?? 0);
      result.videoPackets += report.packetsReceived ?? 0;
      result.nackCount += report.nackCount ?? 0;
      result.pliCount += report.pliCount ?? 0;
    } else if (report.kind === 'audio') {
      result.audioPackets += report.packetsReceived ?? 0;
    }
  });
  return result;
}
