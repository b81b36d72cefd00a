// The browser side of the room signalling hub `/rtc` (docs/protocol.md, "Room signalling hub"). One
// RTCPeerConnection (max-bundle) carries everything we publish and everything we receive. Negotiation runs both
// ways: we offer to publish (`Publish`, the answer is its result), the server offers when what we receive changes
// (the `Offer` event, we reply with `Answer`). We are the polite side of perfect negotiation: on `glare` we roll our
// offer back, answer the server's, then publish again.
//
// Needs the SignalR client loaded first as a classic script (/lib/signalr/signalr.min.js sets globalThis.signalR).

import { remoteSections, inboundNumbers, outboundNumbers, hubErrorCode } from './room-sdp.js';

/** Three VP8 layers, quarter, half and full size (rids as in docs/protocol.md). */
export const SIMULCAST_ENCODINGS = [
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

const EVENTS = ['layersWanted', 'participantJoined', 'participantLeft', 'trackPublished', 'trackUnpublished', 'trackMuted',
  'activeSpeakers', 'layerChanged', 'remoteTrack', 'remoteTrackRemoved', 'connectionState', 'handRaised', 'reconnecting',
  'reconnected', 'error'];

/** Hub reconnect delays after a drop (ms): within the server's Media:ReconnectGrace (20 s by default). */
const RECONNECT_DELAYS = [0, 1000, 2000, 3000, 4000, 5000];
/** ICE: how long 'disconnected' may last before we restart, and how many restarts in a row we try. */
const ICE_DISCONNECTED_GRACE_MS = 2000, ICE_RESTART_ATTEMPTS = 5, ICE_RESTART_RETRY_MS = 4000;

/** How long to wait for the server's offer after a `glare` refusal, and how often to publish again. */
const GLARE_WAIT_STEPS = 40, GLARE_WAIT_MS = 50, PUBLISH_ATTEMPTS = 5;

export class RoomClient {
  /**
   * @param {{token: string|(() => string|Promise<string>), url?: string, name?: string, autoSubscribe?: boolean,
   *          iceServers?: RTCIceServer[], iceTransportPolicy?: RTCIceTransportPolicy}} options
   *   token: a room join token (the room comes from it); iceTransportPolicy 'relay' forces TURN.
   */
  constructor({ token, url = '/rtc', name, autoSubscribe = true, iceServers = [], iceTransportPolicy = 'all' }) {
    const signalR = globalThis.signalR;
    if (!signalR) throw new Error('Load /lib/signalr/signalr.min.js before room-client.js.');
    this.name = name;
    this.autoSubscribe = autoSubscribe;
    this.participantId = null;
    this.room = null;
    /** participantId → ParticipantInfo ({participantId, userId, name, tracks: [TrackInfo]}), others only. */
    this.participants = new Map();
    /** trackId → {participantId, trackId, kind, mid, track, stream}: what we currently receive. */
    this.remoteTracks = new Map();
    /** trackId → {mid, source, track, sender}: what we publish. */
    this.localTracks = new Map();
    /** trackId → {spatial, temporal}, and every LayerChanged in order (tests read both). */
    this.layers = new Map();
    this.layerHistory = [];
    this.activeSpeakers = [];
    this._listeners = new Map(EVENTS.map((e) => [e, new Set()]));
    this._streams = new Map(); // participantId → MediaStream of their tracks we receive
    this._pendingPublish = []; // {transceiver, source} added but not yet answered
    this._serverOffer = null;
    this._queue = Promise.resolve();

    this.resumeToken = null;
    this.handRaised = false;
    this._leaving = false;
    this._iceRestarts = 0;
    this._iceTimer = null;

    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers, iceTransportPolicy });
    this.pc.onconnectionstatechange = () => this._emit('connectionState', this.pc.connectionState);
    this.pc.oniceconnectionstatechange = () => this._watchIce();

    const tokenFactory = typeof token === 'function' ? token : () => token;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: tokenFactory })
      .withAutomaticReconnect(RECONNECT_DELAYS)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this._wireHubEvents();
  }

  /** Adds a listener for one of EVENTS; returns a function that removes it. */
  on(event, listener) {
    const set = this._listeners.get(event);
    if (!set) throw new Error(`Unknown event ${event}; known: ${EVENTS.join(', ')}`);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Opens the hub connection (negotiation carries the token). */
  async connect() {
    await this.connection.start();
  }

  /** Joins the token's room; the server's `Offer` for the room's current tracks follows (autoSubscribe). */
  async join() {
    if (this.connection.state !== 'Connected') await this.connect();
    const result = await this.connection.invoke('Join', { name: this.name, autoSubscribe: this.autoSubscribe });
    this.participantId = result.participantId;
    this.room = result.room;
    this.resumeToken = result.resumeToken ?? null;
    for (const p of result.participants ?? []) {
      if (p.participantId !== this.participantId) this.participants.set(p.participantId, p);
    }
    if (result.offer?.sdp) this._onServerOffer(result.offer);
    return result;
  }

  /** Raises or lowers our hand; everyone in the room gets `handRaised`. */
  async setHandRaised(raised) {
    await this.connection.invoke('SetHandRaised', { raised });
    this.handRaised = raised;
  }

  /**
   * Restarts ICE (RFC 8445 §9): a fresh offer with new credentials through `Publish`; the server answers with new
   * credentials of its own and the media path is found again, the tracks and their streams unchanged.
   */
  restartIce() {
    if (this.connection.state !== 'Connected' || this.pc.signalingState === 'closed') return Promise.resolve([]);
    this.pc.restartIce();
    return this._enqueue(() => this._publishWithGlareRetry());
  }

  /**
   * Publishes every track of `stream`: camera video as VP8 simulcast (rids l/m/h) unless simulcast is false.
   * Resolves with [{mid, trackId}] from the server's answer.
   */
  async publish(stream, { simulcast = true, source } = {}) {
    for (const track of stream.getTracks()) {
      const init = { direction: 'sendonly', streams: [stream] };
      if (track.kind === 'video' && simulcast) init.sendEncodings = SIMULCAST_ENCODINGS.map((e) => ({ ...e }));
      const transceiver = this.pc.addTransceiver(track, init);
      negotiateServerExtensions(transceiver);
      if (track.kind === 'video') preferVp8(transceiver);
      this._pendingPublish.push({ transceiver, track, source: source ?? (track.kind === 'audio' ? 'microphone' : 'camera') });
    }
    return this._enqueue(() => this._publishWithGlareRetry());
  }

  subscribe(trackId) { return this.connection.invoke('Subscribe', trackId); }

  unsubscribe(trackId) { return this.connection.invoke('Unsubscribe', trackId); }

  /** Mutes one of our tracks: the server stops forwarding it and we stop capturing into it (track.enabled). */
  async setMuted(trackId, muted) {
    const local = this.localTracks.get(trackId);
    if (local) local.track.enabled = !muted;
    await this.connection.invoke('SetMuted', { trackId, muted });
  }

  /** Our published track of a source ('camera', 'microphone', 'screen'), or undefined. */
  localTrackId(source) {
    for (const [trackId, local] of this.localTracks) if (local.source === source) return trackId;
    return undefined;
  }

  /** Stops or resumes what this participant receives of a track. */
  setPaused(trackId, paused) { return this.connection.invoke('SetPaused', { trackId, paused }); }

  /** Asks for a layer or a size ({spatial?, temporal?, maxWidth?, maxHeight?}); the server still caps by bandwidth. */
  setPreferredLayer(trackId, preference) {
    return this.connection.invoke('SetPreferredLayer', { trackId, ...preference });
  }

  /** Leaves the room and closes both the hub connection and the peer connection. */
  async leave() {
    this._leaving = true;
    clearTimeout(this._iceTimer);
    try {
      if (this.connection.state === 'Connected') await this.connection.invoke('Leave');
    } finally {
      await this.connection.stop();
      this.pc.close();
    }
  }

  /** The MediaStream of everything we receive from one participant (created on first use). */
  streamOf(participantId) {
    let stream = this._streams.get(participantId);
    if (!stream) this._streams.set(participantId, stream = new MediaStream());
    return stream;
  }

  /** Inbound numbers per remote track: trackId → {participantId, kind, framesDecoded, frameWidth, packetsReceived, nackCount, pliCount, lost, …}. */
  async stats() {
    const byMid = new Map(), byTrack = new Map();
    for (const remote of this.remoteTracks.values()) {
      byMid.set(remote.mid, remote);
      byTrack.set(remote.track.id, remote);
    }
    const result = {}, reports = await this.pc.getStats();
    reports.forEach((report) => {
      if (report.type !== 'inbound-rtp') return;
      const remote = byMid.get(report.mid) ?? byTrack.get(report.trackIdentifier);
      if (!remote) return;
      const codec = reports.get(report.codecId)?.mimeType ?? null;
      result[remote.trackId] = { participantId: remote.participantId, codec, ...inboundNumbers(report) };
    });
    return result;
  }

  /** Outbound numbers per published encoding (one entry per simulcast rid): what the browser actually sends. */
  async outboundStats() {
    const result = [];
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'outbound-rtp') result.push(outboundNumbers(report));
    });
    return result;
  }

  // ---- recovery after a network drop ----

  /** The hub came back on a new connection: take our participant back, then find a new media path. */
  async _resume() {
    try {
      const result = await this.connection.invoke('Resume', { participantId: this.participantId, resumeToken: this.resumeToken });
      const present = new Map((result.participants ?? []).map((p) => [p.participantId, p]));
      for (const id of [...this.participants.keys()]) {
        if (!present.has(id)) {
          this.participants.delete(id);
          this._emit('participantLeft', { participantId: id });
        }
      }
      for (const [id, p] of present) {
        const known = this.participants.has(id);
        this.participants.set(id, { ...p, tracks: p.tracks ?? [] });
        if (!known) this._emit('participantJoined', p);
      }
      this._iceRestarts = 0;
      await this.restartIce();
      this._emit('reconnected', { participantId: this.participantId });
    } catch (error) {
      // resume_failed: the grace ran out; the caller decides whether to join again.
      this._emit('error', error);
      this._emit('connectionState', 'resume failed');
    }
  }

  /** 'failed' restarts at once; 'disconnected' gets a short grace, since it often heals by itself. */
  _watchIce() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this._iceTimer);
    if (this._leaving) return;
    if (state === 'connected' || state === 'completed') { this._iceRestarts = 0; return; }
    if (state !== 'failed' && state !== 'disconnected') return;
    const wait = state === 'failed' ? 0 : ICE_DISCONNECTED_GRACE_MS;
    this._iceTimer = setTimeout(() => this._restartUntilConnected(), wait);
  }

  async _restartUntilConnected() {
    const state = this.pc.iceConnectionState;
    if (this._leaving || state === 'connected' || state === 'completed') return;
    if (this._iceRestarts >= ICE_RESTART_ATTEMPTS) { this._emit('connectionState', 'ice failed'); return; }
    this._iceRestarts++;
    this._emit('reconnecting', { reason: 'ice', attempt: this._iceRestarts });
    await this.restartIce().catch((error) => this._emit('error', error));
    clearTimeout(this._iceTimer);
    this._iceTimer = setTimeout(() => this._restartUntilConnected(), ICE_RESTART_RETRY_MS);
  }

  // ---- negotiation ----

  _enqueue(task) {
    const run = this._queue.then(task);
    this._queue = run.catch(() => {}); // one failure must not wedge later negotiations
    return run;
  }

  async _publishWithGlareRetry() {
    for (let attempt = 1; ; attempt++) {
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      const tracks = [...this._publishedSections()].map(({ transceiver, source }) => ({ mid: transceiver.mid, source }));
      let answer;
      try {
        answer = await this.connection.invoke('Publish', { sdp: this.pc.localDescription.sdp, tracks });
      } catch (error) {
        await this.pc.setLocalDescription({ type: 'rollback' });
        if (hubErrorCode(error) !== 'glare' || attempt >= PUBLISH_ATTEMPTS) throw error;
        // The server has an offer out to us; it arrives before the refusal on the same connection, but wait a
        // little in case it does not. Answer it, then offer again (our new sections are still unassociated).
        for (let step = 0; step < GLARE_WAIT_STEPS && !this._serverOffer; step++) await delay(GLARE_WAIT_MS);
        await this._answerServerOffer();
        continue;
      }
      await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      this._recordPublished(answer.tracks ?? []);
      return answer.tracks ?? [];
    }
  }

  /** Every section we send on, with its source: those published before and those waiting now. */
  * _publishedSections() {
    for (const local of this.localTracks.values()) yield { transceiver: local.transceiver, source: local.source };
    for (const pending of this._pendingPublish) yield pending;
  }

  _recordPublished(tracks) {
    const byMid = new Map(tracks.map((t) => [t.mid, t.trackId]));
    this._pendingPublish = this._pendingPublish.filter((pending) => {
      const trackId = byMid.get(pending.transceiver.mid);
      if (trackId === undefined) return true;
      this.localTracks.set(trackId, { ...pending, mid: pending.transceiver.mid, sender: pending.transceiver.sender });
      return false;
    });
  }

  _onServerOffer(offer) {
    // Only the newest offer matters: the server never has two in flight, and a later one supersedes.
    this._serverOffer = offer;
    this._enqueue(() => this._answerServerOffer());
  }

  async _answerServerOffer() {
    const offer = this._serverOffer;
    if (!offer) return; // already answered inside a glare retry
    this._serverOffer = null;
    const sections = remoteSections(offer.sdp);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp }); // rolls back a local offer if any
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this._syncRemoteTracks(sections);
    try {
      await this.connection.invoke('Answer', { sdp: this.pc.localDescription.sdp, version: offer.version });
    } catch (error) {
      // stale_answer: a newer offer is already on its way and will be answered in turn.
      if (hubErrorCode(error) !== 'stale_answer') this._emit('error', error);
    }
  }

  /** Reconciles remoteTracks with what the applied offer sends us, section by section. */
  _syncRemoteTracks(sections) {
    const seen = new Set();
    for (const transceiver of this.pc.getTransceivers()) {
      const section = transceiver.mid === null ? undefined : sections.get(transceiver.mid);
      if (!section?.sending || transceiver.currentDirection === 'stopped') continue;
      seen.add(section.trackId);
      const known = this.remoteTracks.get(section.trackId);
      if (known && known.mid === section.mid) continue;
      if (known) this._removeRemote(known);
      for (const other of this.remoteTracks.values()) if (other.mid === section.mid) this._removeRemote(other);
      const remote = { participantId: section.participantId, trackId: section.trackId, kind: section.kind,
        mid: section.mid, track: transceiver.receiver.track, transceiver };
      remote.stream = this.streamOf(remote.participantId);
      remote.stream.addTrack(remote.track);
      this.remoteTracks.set(remote.trackId, remote);
      this._emit('remoteTrack', remote);
    }
    for (const remote of [...this.remoteTracks.values()]) if (!seen.has(remote.trackId)) this._removeRemote(remote);
  }

  _removeRemote(remote) {
    this.remoteTracks.delete(remote.trackId);
    remote.stream.removeTrack(remote.track);
    this._emit('remoteTrackRemoved', remote);
  }

  // ---- hub events ----

  _wireHubEvents() {
    const c = this.connection;
    c.on('Offer', (offer) => this._onServerOffer(offer));
    c.on('ParticipantJoined', (info) => {
      this.participants.set(info.participantId, { ...info, tracks: info.tracks ?? [] });
      this._emit('participantJoined', info);
    });
    c.on('ParticipantLeft', ({ participantId }) => {
      this.participants.delete(participantId);
      this._streams.delete(participantId);
      this._emit('participantLeft', { participantId });
    });
    c.on('TrackPublished', ({ participantId, track }) => {
      const p = this.participants.get(participantId);
      if (p && !p.tracks.some((t) => t.trackId === track.trackId)) p.tracks.push(track);
      this._emit('trackPublished', { participantId, track });
    });
    c.on('TrackUnpublished', ({ participantId, trackId }) => {
      const p = this.participants.get(participantId);
      if (p) p.tracks = p.tracks.filter((t) => t.trackId !== trackId);
      this._emit('trackUnpublished', { participantId, trackId });
    });
    c.on('TrackMuted', (event) => {
      const track = this.participants.get(event.participantId)?.tracks.find((t) => t.trackId === event.trackId);
      if (track) track.muted = event.muted;
      this._emit('trackMuted', event);
    });
    c.on('ActiveSpeakers', ({ speakers }) => {
      this.activeSpeakers = speakers ?? [];
      this._emit('activeSpeakers', this.activeSpeakers);
    });
    c.on('LayerChanged', (event) => {
      this.layers.set(event.trackId, { spatial: event.spatial, temporal: event.temporal });
      this.layerHistory.push(event);
      this._emit('layerChanged', event);
    });
    // The server says which of our simulcast layers anyone receives; switching the rest off saves upload and CPU.
    c.on('LayersWanted', ({ trackId, active }) => {
      this._applyWantedLayers(trackId, active).catch(() => { /* a sender that is gone or not simulcast */ });
    });
    c.on('HandRaised', ({ participantId, raised }) => {
      const p = this.participants.get(participantId);
      if (p) p.handRaised = raised;
      if (participantId === this.participantId) this.handRaised = raised;
      this._emit('handRaised', { participantId, raised });
    });
    c.onreconnecting((error) => this._emit('reconnecting', { reason: 'signalling', error }));
    c.onreconnected(() => this._resume());
    c.onclose((error) => this._emit('connectionState', error ? `hub closed: ${error.message}` : 'hub closed'));
  }

  async _applyWantedLayers(trackId, active) {
    const local = this.localTracks.get(trackId);
    const params = local?.sender?.getParameters();
    if (!params?.encodings || params.encodings.length !== active.length) return;
    let changed = false;
    params.encodings.forEach((encoding, i) => {
      if (encoding.active !== active[i]) {
        encoding.active = active[i];
        changed = true;
      }
    });
    if (changed) await local.sender.setParameters(params);
    this._emit('layersWanted', { trackId, active });
  }

  _emit(event, payload) {
    for (const listener of this._listeners.get(event)) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`room ${event} listener failed`, error);
      }
    }
  }
}

/** The header extensions the server understands on what we publish (docs/protocol.md, WHIP and WHEP). */
const SERVER_EXTENSIONS = new Set([
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
]);

/**
 * Chromium starts a new transceiver with the header extensions negotiated so far on the connection. Once we have
 * answered a server offer whose sections carry no rid extension, a simulcast section would be offered without it
 * and setLocalDescription fails ("negotiates simulcast but does not negotiate the RID RTP header extension"), so
 * turn the server's extensions back on for what we publish.
 */
function negotiateServerExtensions(transceiver) {
  if (!transceiver.getHeaderExtensionsToNegotiate || !transceiver.setHeaderExtensionsToNegotiate) return;
  const extensions = transceiver.getHeaderExtensionsToNegotiate();
  let changed = false;
  for (const extension of extensions) {
    if (extension.direction === 'stopped' && SERVER_EXTENSIONS.has(extension.uri)) {
      extension.direction = 'sendrecv';
      changed = true;
    }
  }
  if (changed) transceiver.setHeaderExtensionsToNegotiate(extensions);
}

/** Puts VP8 first on a video transceiver, so the server (VP8 only) and the browser agree without a retry. */
function preferVp8(transceiver) {
  const codecs = globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs;
  if (!codecs || !transceiver.setCodecPreferences) return;
  const vp8 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/vp8');
  const rtx = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/rtx');
  try {
    if (vp8.length > 0) transceiver.setCodecPreferences([...vp8, ...rtx]);
  } catch {
    // A browser that refuses the list negotiates its default order; the server picks VP8 from it anyway.
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
