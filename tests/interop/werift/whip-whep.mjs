// werift, a WebRTC stack written independently of ours (TypeScript), publishes to the SFU over WHIP (RFC 9725)
// and a second werift peer plays the published tracks back over WHEP. Media is real: ffmpeg encodes a test pattern
// to VP8 and a sine tone to Opus and sends RTP to loopback UDP ports; this script hands every packet to werift's
// tracks, which re-stamp SSRC, payload type and sequence numbers and send them over SRTP.
//
//   node whip-whep.mjs <base-url> <access-token> <room>
//
// Prints one JSON line with what the player received, DELETEs both sessions, and exits 0; exits 1 when something
// failed and 2 when the whole run took longer than the deadline. Everything stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useAbsSendTime,
  useSdesMid,
} from 'werift';

const [base, token, room] = process.argv.slice(2);
if (!base || !token || !room) {
  console.error('usage: node whip-whep.mjs <base-url> <access-token> <room>');
  process.exit(64);
}

const DEADLINE_MS = 45_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MEDIA_SECONDS = 6;
const DRAIN_MS = 1_000;

/** ffmpeg, while it runs: killed with us when the deadline passes. */
let encoder;

const deadline = setTimeout(() => {
  console.error(`whip-whep: no result within ${DEADLINE_MS} ms`);
  encoder?.kill('SIGKILL');
  process.exit(2);
}, DEADLINE_MS);

const log = (message) => console.error(`whip-whep: ${message}`);

const loopback = '127.0.0.1';

/**
 * Loopback only: werift binds its sockets to iceInterfaceAddresses but leaves loopback out of its host candidates,
 * so 127.0.0.1 is added by hand and every pair off loopback is refused. Without a STUN server werift falls back to
 * a public one, so it is given a silent loopback socket of ours instead and waits for it only briefly.
 * Exactly the codecs our SFU negotiates are offered, so the answer cannot pick anything else.
 */
function peer(stunPort) {
  return new RTCPeerConnection({
    iceServers: [{ urls: `stun:${loopback}:${stunPort}` }],
    iceStunGatherTimeout: 0.2,
    iceInterfaceAddresses: { udp4: loopback },
    iceAdditionalHostAddresses: [loopback],
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === loopback && pair.remoteCandidate.host === loopback,
    iceUseIpv6: false,
    bundlePolicy: 'max-bundle',
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90000,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
        }),
      ],
    },
    // mid is publisher-only at the SFU (it is rewritten per subscriber); abs-send-time is relayed.
    headerExtensions: { audio: [useSdesMid()], video: [useSdesMid(), useAbsSendTime()] },
  });
}

function waitFor(pc, name, state) {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === state) {
      resolve();
      return;
    }
    const timer = setTimeout(() => reject(new Error(`${name}: not ${state} after ${CONNECT_TIMEOUT_MS} ms (${pc.connectionState})`)), CONNECT_TIMEOUT_MS);
    pc.connectionStateChange.subscribe((now) => {
      if (now === state) {
        clearTimeout(timer);
        resolve();
      } else if (now === 'failed' || now === 'closed') {
        clearTimeout(timer);
        reject(new Error(`${name}: connection ${now}`));
      }
    });
  });
}

function gathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') {
      resolve();
      return;
    }
    pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && resolve());
  });
}

/** RFC 9725 §4.2: POST the complete offer (no trickle), 201 with the answer and the session's Location. */
async function negotiate(pc, path) {
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` },
    body: pc.localDescription.sdp,
  });
  const body = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST ${path}: ${response.status} ${body}`);
  }
  if (!response.headers.get('content-type')?.startsWith('application/sdp')) {
    throw new Error(`POST ${path}: answer is ${response.headers.get('content-type')}`);
  }
  const location = response.headers.get('location');
  const participant = response.headers.get('x-participant-id');
  if (!location || !participant || !response.headers.get('etag')) {
    throw new Error(`POST ${path}: missing Location, ETag or X-Participant-Id`);
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: body });
  return { location: new URL(location, base), participant };
}

async function end(session) {
  if (!session) {
    return 0;
  }
  const response = await fetch(session.location, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

/** A loopback UDP socket that receives one stream from ffmpeg (RTP and, on the same port, its RTCP) or nothing. */
function rtpSocket(onRtp) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (packet) => {
    // RFC 5761 §4: RTCP packet types 192–223 in the second byte; ffmpeg's sender reports are not forwarded.
    const type = packet.length > 1 ? packet[1] : 0;
    if (packet.length >= 12 && (type < 192 || type > 223)) {
      onRtp(packet);
    }
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

/** ffmpeg encodes MEDIA_SECONDS of test pattern (VP8, a keyframe every second) and 440 Hz sine (Opus) in real time. */
function encode(videoPort, audioPort) {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-re', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=30:duration=${MEDIA_SECONDS}`,
    '-re', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${MEDIA_SECONDS}`,
    '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '400k', '-g', '30', '-keyint_min', '30',
    '-auto-alt-ref', '0', '-threads', '1',
    '-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${videoPort}?rtcpport=${videoPort}&pkt_size=1200`,
    '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '64k', '-frame_duration', '20', '-application', 'audio',
    '-f', 'rtp', '-payload_type', '111', `rtp://127.0.0.1:${audioPort}?rtcpport=${audioPort}&pkt_size=1200`,
  ];
  encoder = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    encoder.on('error', reject);
    encoder.on('exit', (code) => {
      encoder = undefined;
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`ffmpeg exited with ${code}`));
      }
    });
  });
}

/**
 * RFC 7741 §4.2: the VP8 payload descriptor; returns the VP8 payload that follows it, and whether this packet
 * starts partition 0 of a frame (S=1, PID=0). Returns null for a descriptor that runs past the packet.
 */
function vp8Payload(payload) {
  if (payload.length < 1) {
    return null;
  }
  let offset = 1;
  const start = (payload[0] & 0x10) !== 0 && (payload[0] & 0x07) === 0;
  if (payload[0] & 0x80) {
    if (payload.length < 2) {
      return null;
    }
    const x = payload[1];
    offset = 2;
    if (x & 0x80) {
      offset += payload.length > offset && payload[offset] & 0x80 ? 2 : 1; // M bit: 15-bit picture id
    }
    if (x & 0x40) {
      offset += 1; // TL0PICIDX
    }
    if (x & 0x30) {
      offset += 1; // TID / KEYIDX
    }
  }
  return offset < payload.length ? { start, data: payload.subarray(offset) } : null;
}

/** The player's tally: packets per kind, VP8 frames (marker bit) and keyframes (RFC 6386 §9.1 frame tag). */
function tally() {
  const counts = {
    audioPackets: 0, audioBytes: 0, opusInvalid: 0,
    videoPackets: 0, videoBytes: 0, videoFrames: 0, keyframes: 0, vp8Invalid: 0, width: 0, height: 0,
    audioSeqGaps: 0, videoSeqGaps: 0,
  };
  const lastSeq = { audio: undefined, video: undefined };
  const seqGap = (kind, seq) => {
    const last = lastSeq[kind];
    lastSeq[kind] = seq;
    return last !== undefined && ((seq - last) & 0xffff) !== 1 ? 1 : 0;
  };
  return {
    counts,
    audio(rtp) {
      counts.audioPackets++;
      counts.audioBytes += rtp.payload.length;
      counts.audioSeqGaps += seqGap('audio', rtp.header.sequenceNumber);
      // RFC 6716 §3.1: a packet is at least the TOC byte; code 3 needs the frame count byte too.
      if (rtp.payload.length < 1 || ((rtp.payload[0] & 0x03) === 3 && rtp.payload.length < 2)) {
        counts.opusInvalid++;
      }
    },
    video(rtp) {
      counts.videoPackets++;
      counts.videoBytes += rtp.payload.length;
      counts.videoSeqGaps += seqGap('video', rtp.header.sequenceNumber);
      const vp8 = vp8Payload(rtp.payload);
      if (!vp8) {
        counts.vp8Invalid++;
        return;
      }
      if (rtp.header.marker) {
        counts.videoFrames++;
      }
      // RFC 6386 §9.1: frame tag bit 0 clear is a key frame, whose start code 9d 01 2a follows the 3-byte tag.
      if (vp8.start && (vp8.data[0] & 0x01) === 0) {
        const d = vp8.data;
        if (d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
          counts.keyframes++;
          counts.width = (d[6] | (d[7] << 8)) & 0x3fff;
          counts.height = (d[8] | (d[9] << 8)) & 0x3fff;
        } else {
          counts.vp8Invalid++;
        }
      }
    },
  };
}

/**
 * RTCP the SFU sent, by name: SR and RR (RFC 3550 §6.4), NACK (RFC 4585 §6.2.1), PLI (RFC 4585 §6.3.1), FIR
 * (RFC 5104 §4.3.1) and REMB (draft-alvestrand-rmcat-remb) by their feedback message type.
 */
function rtcpCount(counts, packet) {
  const feedback = { 205: { 1: 'nack' }, 206: { 1: 'pli', 4: 'fir', 15: 'remb' } }[packet.type];
  const name = feedback
    ? (feedback[packet.feedback?.count] ?? `${packet.type}/${packet.feedback?.count}`)
    : ({ 200: 'sr', 201: 'rr', 202: 'sdes', 203: 'bye' }[packet.type] ?? `${packet.type}`);
  counts[name] = (counts[name] ?? 0) + 1;
}

async function main() {
  const stunSink = await rtpSocket(() => {});
  const sockets = [stunSink];
  const publisher = peer(stunSink.address().port);
  const player = peer(stunSink.address().port);
  const sessions = {};
  let result;
  try {
    const audio = new MediaStreamTrack({ kind: 'audio' });
    const video = new MediaStreamTrack({ kind: 'video' });
    const publisherRtcp = {};
    for (const track of [audio, video]) {
      const { sender } = publisher.addTransceiver(track, { direction: 'sendonly' });
      sender.onRtcp.subscribe((packet) => rtcpCount(publisherRtcp, packet));
    }
    sessions.publish = await negotiate(publisher, `/whip/${encodeURIComponent(room)}`);
    await waitFor(publisher, 'publisher', 'connected');
    log(`published as ${sessions.publish.participant}`);

    const seen = tally();
    const playerRtcp = {};
    for (const kind of ['audio', 'video']) {
      const { receiver } = player.addTransceiver(kind, { direction: 'recvonly' });
      receiver.onRtcp.subscribe((packet) => rtcpCount(playerRtcp, packet));
    }
    player.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => (track.kind === 'audio' ? seen.audio(rtp) : seen.video(rtp)));
    });
    const playPath = `/whep/${encodeURIComponent(room)}?participant=${encodeURIComponent(sessions.publish.participant)}`;
    sessions.play = await negotiate(player, playPath);
    await waitFor(player, 'player', 'connected');
    log(`playing as ${sessions.play.participant}`);

    const sent = { audio: 0, video: 0 };
    const videoIn = await rtpSocket((packet) => {
      sent.video++;
      video.writeRtp(packet);
    });
    const audioIn = await rtpSocket((packet) => {
      sent.audio++;
      audio.writeRtp(packet);
    });
    sockets.push(videoIn, audioIn);
    await encode(videoIn.address().port, audioIn.address().port);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    result = { sentAudioPackets: sent.audio, sentVideoPackets: sent.video, ...seen.counts, publisherRtcp, playerRtcp };
  } finally {
    for (const socket of sockets) {
      socket.close();
    }
    const deleted = { publish: await end(sessions.publish).catch(() => -1), play: await end(sessions.play).catch(() => -1) };
    await Promise.allSettled([publisher.close(), player.close()]);
    if (result) {
      result.deletePublishStatus = deleted.publish;
      result.deletePlayStatus = deleted.play;
      result.publisherId = sessions.publish?.participant;
      result.playerId = sessions.play?.participant;
    }
  }
  console.log(JSON.stringify(result));
}

main().then(
  () => {
    clearTimeout(deadline);
    process.exit(0);
  },
  (error) => {
    console.error(`whip-whep: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
