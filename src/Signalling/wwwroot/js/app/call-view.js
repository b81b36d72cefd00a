// Calls inside the app (docs/protocol.md, "Calls"): the call button's StartCall, the incoming-call screen that rings
// until it is answered here or elsewhere, declined, missed or cancelled, and the in-call view. Every call's media
// goes through an SFU room: the CallJoin answer carries the room join token, which RoomClient takes to /rtc.
import { RoomClient } from '../room-client.js';
import { CallChat } from './call-chat.js';
import { ScreenShare } from './call-screen.js';
import { CallLinks } from './call-links.js';
import { el, $, toast } from './dom.js';
import { hubErrorText } from './hub.js';

export class CallView {
  constructor(store, hub, chatView) {
    this.store = store;
    this.hub = hub;
    this.chat = new CallChat(store, hub, chatView);
    this.screen = new ScreenShare(stream => this.previewScreen(stream));
    this.links = new CallLinks(store.api);
    this.ringing = null;   // CallRinging payload while the incoming screen shows
    this.call = null;      // {callId, conversationId, caller, answered, room, local, tiles}
    this.ringer = null;
    hub.on('CallRinging', r => this.onRinging(r));
    hub.on('CallAnswered', a => this.onAnswered(a));
    hub.on('CallDeclined', d => this.onGone(d.callId, d.userId));
    hub.on('CallMissed', m => this.onGone(m.callId, m.userId));
    hub.on('CallEnded', e => this.onEnded(e));
    $('#incoming-accept').onclick = () => this.accept();
    $('#incoming-decline').onclick = () => this.decline();
    $('#call-mic').onclick = () => this.toggle($('#call-mic'), 'microphone');
    $('#call-camera').onclick = () => this.toggle($('#call-camera'), 'camera');
    $('#call-hangup').onclick = () => this.hangUp();
    $('#call-share').onclick = () => this.screen.toggle().catch(e => this.status(`Screen sharing failed: ${e.message ?? e}`));
    $('#call-hand').onclick = () => this.toggleHand();
    // Closing the tab mid-call: say Leave while we still can, or the room keeps our place for its reconnect grace.
    window.addEventListener('pagehide', () => { this.call?.room?.leave().catch(() => {}); });
    $('#call-invite').onclick = () => this.links.share(this.call?.conversationId).catch(e => this.status(`No link: ${e.message ?? e}`));
  }

  /** Joins the call a shared link points to (the page was opened with #join=…). */
  async joinByLink(token) {
    if (this.call) return;
    try {
      const join = await this.links.join(token);
      await this.enter(join, { caller: false, answered: true, viaLink: true });
    } catch (e) {
      this.flash(`Could not join the call: ${e.message ?? e}`);
    }
  }

  async toggleHand() {
    const room = this.call?.room;
    if (!room) return;
    try { await room.setHandRaised(!room.handRaised); } catch (e) { this.status(hubErrorText(e)); }
  }

  showHand(participantId, raised) {
    const room = this.call?.room;
    const id = participantId === room?.participantId ? 'self' : participantId;
    this.call?.tiles.get(id)?.querySelector('.name').classList.toggle('hand', raised);
    if (id === 'self') {
      $('#call-hand').classList.toggle('on', raised);
      $('#call-hand').setAttribute('aria-pressed', String(raised));
      $('#call-hand').textContent = raised ? 'Lower hand' : 'Raise hand';
    }
  }

  get busy() { return this.call !== null; }

  async start(conversationId) {
    if (this.call || !conversationId) return;
    try {
      const started = await this.hub.invoke('StartCall', conversationId, true);
      if (!started.join) { this.flash('Nobody could be called: they are busy.'); return; }
      // A merged start (glare) joins a call that is already answered.
      await this.enter(started.join, { caller: !started.merged, answered: started.merged });
    } catch (e) {
      this.flash(hubErrorText(e));
    }
  }

  onRinging(r) {
    if (this.call || this.ringing) return; // the server rings only those not in a call; a second ring waits
    this.ringing = r;
    const entry = this.store.conversations.get(r.conversationId);
    const caller = this.store.userNow(r.from)?.displayName ?? 'Someone';
    const group = entry?.conversation.kind === 'group' ? ` in ${this.store.title(entry)}` : '';
    $('#incoming-name').textContent = caller;
    $('#incoming-what').textContent = `${r.video ? 'Video call' : 'Call'}${group}`;
    $('#incoming').hidden = false;
    this.startRinger();
  }

  onAnswered(a) {
    if (this.call?.callId === a.callId) { this.call.answered = true; this.status(''); return; }
    // Answered on another of my devices (ours never shows the incoming screen any more once we accept here).
    if (this.ringing?.callId === a.callId && a.userId === this.store.api.userId) this.stopRinging();
  }

  onGone(callId, userId) {
    if (this.ringing?.callId === callId && userId === this.store.api.userId) this.stopRinging();
  }

  onEnded(e) {
    if (this.ringing?.callId === e.callId) this.stopRinging();
    if (this.call?.callId === e.callId) this.close();
  }

  async accept() {
    const r = this.ringing;
    if (!r) return;
    this.stopRinging();
    try {
      const join = await this.hub.invoke('AcceptCall', r.callId);
      await this.enter(join, { caller: false, answered: true });
    } catch (e) {
      this.flash(hubErrorText(e));
    }
  }

  async decline() {
    const r = this.ringing;
    this.stopRinging();
    if (r) await this.hub.invoke('DeclineCall', r.callId).catch(() => {});
  }

  async enter(join, { caller, answered, viaLink = false }) {
    const call = { callId: join.callId, conversationId: join.conversationId, caller, answered, room: null,
      local: null, tiles: new Map() };
    this.call = call;
    $('#call-title').textContent = this.titleOf(join.conversationId);
    $('#call-grid').replaceChildren();
    // Someone who came in through a link may not be a member: no chat panel for them.
    if (this.store.conversations.has(join.conversationId)) this.chat.attach(join.conversationId);
    for (const b of ['#call-mic', '#call-camera', '#call-share', '#call-hand']) { $(b).classList.remove('off'); $(b).disabled = true; }
    this.showHand('self', false);
    delete $('#call').dataset.path;
    $('#call-path').textContent = '';
    const memberOfGroup = this.store.conversations.get(join.conversationId)?.conversation.kind === 'group';
    const group = memberOfGroup || viaLink; // links exist only for group rooms
    $('#call-invite').hidden = !memberOfGroup;
    $('#call').hidden = false;
    document.body.classList.add('in-call');
    this.status(answered ? 'Connecting…' : 'Ringing…');
    try {
      // ?ice=relay forces every path through the TURN servers the join carries (for checking a TURN setup).
      const relay = new URLSearchParams(location.search).get('ice') === 'relay';
      const room = new RoomClient({ token: join.token, url: join.rtcUrl ?? '/rtc', iceServers: join.iceServers ?? [],
        name: this.store.me?.displayName, iceTransportPolicy: relay ? 'relay' : 'all' });
      call.room = room;
      room.on('participantJoined', p => this.tile(p.participantId, p.name));
      room.on('participantLeft', ({ participantId }) => {
        this.removeTile(participantId);
        this.removeTile(`${participantId}:screen`);
      });
      room.on('remoteTrack', remote => this.showRemote(remote));
      room.on('remoteTrackRemoved', remote => {
        if (this.sourceOf(remote) === 'screen') this.removeTile(`${remote.participantId}:screen`);
      });
      room.on('trackMuted', ({ participantId }) => this.showMuted(participantId));
      room.on('handRaised', ({ participantId, raised }) => this.showHand(participantId, raised));
      // After a network drop the client resumes its place in the room and restarts ICE (room-client.js).
      // The call element counts recoveries in data attributes (what happened is visible to tests and to devtools).
      const counters = $('#call').dataset;
      counters.iceRestarts = '0';
      counters.resumes = '0';
      room.on('reconnecting', ({ reason }) => {
        if (this.call !== call) return;
        if (reason === 'ice') counters.iceRestarts = String(Number(counters.iceRestarts) + 1);
        this.status('Reconnecting…');
      });
      room.on('reconnected', () => {
        if (this.call !== call) return;
        counters.resumes = String(Number(counters.resumes) + 1);
        if (call.answered) this.status('');
      });
      room.on('connectionState', state => {
        if (this.call !== call) return;
        if (state === 'connected' && call.answered) this.status('');
        if (state === 'connected') this.showPath(call);
        if (state === 'resume failed' || state === 'ice failed' || String(state).startsWith('hub closed')) {
          this.status('Connection lost. Hang up and call again.');
        }
      });
      room.on('activeSpeakers', speakers => {
        const loudest = speakers[0]?.participantId;
        for (const [id, tile] of call.tiles) tile.classList.toggle('speaking', id === loudest);
      });
      await room.join();
      if (this.call !== call) { await room.leave().catch(() => {}); return; } // ended while joining
      for (const p of room.participants.values()) {
        this.tile(p.participantId, p.name);
        if (p.handRaised) this.showHand(p.participantId, true);
      }
      // Simulcast pays off when several people watch at different sizes; a 1:1 call sends one layer. Chromium
      // drops simulcast layers by capture size (640x360 gets two of the three), and the SFU may then ask for the
      // top one, which never comes: a simulcast capture is 960x540, the smallest size that carries all three.
      const size = group ? { width: 960, height: 540 } : { width: 640, height: 360 };
      call.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: size });
      if (this.call !== call) { this.stopLocal(call); return; }
      const self = this.tile('self', 'You');
      self.classList.add('self');
      const preview = self.querySelector('video');
      preview.muted = true;
      preview.srcObject = call.local;
      await room.publish(call.local, { simulcast: group });
      this.screen.attach(room);
      for (const b of ['#call-mic', '#call-camera', '#call-hand']) $(b).disabled = false;
      $('#call-share').disabled = !navigator.mediaDevices.getDisplayMedia;
      if (call.answered) this.status('');
    } catch (e) {
      if (this.call === call) this.status(`Call failed: ${e.message ?? e}`);
    }
  }

  // A shared screen gets a tile of its own next to the person's camera, with a stream holding only that track;
  // the camera tile plays the participant's stream, whose first video is the camera.
  showRemote(remote) {
    if (this.sourceOf(remote) === 'screen') {
      const tile = this.tile(`${remote.participantId}:screen`, `${this.nameOf(remote.participantId)} · screen`);
      tile.classList.add('screen');
      const video = tile.querySelector('video');
      video.classList.add('screen');
      video.srcObject = new MediaStream([remote.track]);
      tile.hidden = this.isMuted(remote.participantId, remote.trackId);
      return;
    }
    const video = this.tile(remote.participantId).querySelector('video');
    if (video.srcObject !== remote.stream) video.srcObject = remote.stream;
  }

  /** Shows how the media flows: 'host' (direct) or 'relay' (through TURN), from the nominated candidate pair. */
  async showPath(call) {
    // The nominated pair may show up in getStats a moment after 'connected': look a few times.
    for (let attempt = 0; attempt < 20 && this.call === call; attempt++) {
      const reports = [...(await call.room.pc.getStats()).values()];
      const pair = reports.find(r => r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded');
      const type = reports.find(r => r.id === pair?.localCandidateId)?.candidateType;
      if (type) {
        $('#call').dataset.path = type;
        $('#call-path').textContent = type === 'relay' ? 'relayed' : '';
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  sourceOf(remote) {
    return this.call?.room?.participants.get(remote.participantId)?.tracks.find(t => t.trackId === remote.trackId)?.source;
  }

  nameOf(participantId) { return this.call?.room?.participants.get(participantId)?.name ?? 'Someone'; }

  isMuted(participantId, trackId) {
    return this.call?.room?.participants.get(participantId)?.tracks.find(t => t.trackId === trackId)?.muted ?? false;
  }

  previewScreen(stream) {
    if (!this.call) return;
    if (!stream) { this.removeTile('self:screen'); return; }
    const tile = this.tile('self:screen', 'Your screen');
    tile.classList.add('screen', 'self-screen');
    const video = tile.querySelector('video');
    video.muted = true;
    video.srcObject = stream;
  }

  tile(participantId, name) {
    const tiles = this.call.tiles;
    let tile = tiles.get(participantId);
    if (!tile) {
      tile = el('figure', { class: 'tile', dataset: { participant: participantId } },
        el('video', { autoplay: true, playsinline: true, class: participantId.startsWith('self') ? 'local' : 'remote' }),
        el('figcaption', { class: 'name' }, ''));
      tiles.set(participantId, tile);
      // Remote cameras first (the 1:1 layout's big picture), then shared screens, then ourselves.
      const grid = $('#call-grid');
      if (participantId.startsWith('self')) grid.append(tile);
      else if (participantId.endsWith(':screen')) grid.insertBefore(tile, tiles.get('self') ?? null);
      else grid.prepend(tile);
      $('#call-grid').dataset.count = String(tiles.size);
    }
    const label = name ?? this.call.room?.participants.get(participantId)?.name;
    if (label) tile.querySelector('.name').textContent = label;
    return tile;
  }

  removeTile(participantId) {
    this.call?.tiles.get(participantId)?.remove();
    this.call?.tiles.delete(participantId);
    if (this.call) $('#call-grid').dataset.count = String(this.call.tiles.size);
  }

  showMuted(participantId) {
    const p = this.call?.room?.participants.get(participantId);
    const muted = p?.tracks.some(t => t.kind === 'audio' && t.muted) ?? false;
    this.call?.tiles.get(participantId)?.querySelector('.name').classList.toggle('mic-off', muted);
    // A stopped screen share is a muted screen track (there is no unpublish): hide its tile until it resumes.
    const screen = p?.tracks.find(t => t.source === 'screen');
    const screenTile = this.call?.tiles.get(`${participantId}:screen`);
    if (screen && screenTile) screenTile.hidden = screen.muted;
  }

  async toggle(button, source) {
    const room = this.call?.room;
    const trackId = room?.localTrackId(source);
    if (!trackId) return;
    const muting = !button.classList.contains('off');
    button.classList.toggle('off', muting);
    button.setAttribute('aria-pressed', String(muting));
    try { await room.setMuted(trackId, muting); } catch (e) { this.status(hubErrorText(e)); }
  }

  async hangUp() {
    const call = this.call;
    if (!call) return;
    // Before anyone answers, the caller cancels (recorded as missed); afterwards it is a hang-up.
    const method = call.caller && !call.answered ? 'CancelCall' : 'HangUp';
    this.close();
    await this.hub.invoke(method, call.callId).catch(() => this.hub.invoke('HangUp', call.callId).catch(() => {}));
  }

  close() {
    const call = this.call;
    if (!call) return;
    this.call = null;
    this.screen.detach();
    this.links.hide();
    call.room?.leave().catch(() => {});
    this.stopLocal(call);
    for (const video of $('#call-grid').querySelectorAll('video')) video.srcObject = null;
    $('#call-grid').replaceChildren();
    this.chat.detach();
    $('#call').hidden = true;
    document.body.classList.remove('in-call');
  }

  stopLocal(call) { call.local?.getTracks().forEach(t => t.stop()); }

  titleOf(conversationId) {
    const entry = this.store.conversations.get(conversationId);
    return entry ? this.store.title(entry) : 'Call';
  }

  status(text) { $('#call-status').textContent = text; }

  /** A short notice that shows whether or not a chat is open (the chat's error line may be hidden). */
  flash(text) {
    $('#chat-error').textContent = text;
    toast(text);
  }

  startRinger() {
    this.stopRinger();
    // A two-tone ring from WebAudio: no audio file to ship, and it stops the moment the screen goes.
    try {
      const audio = new AudioContext();
      const ring = () => {
        for (const [offset, freq] of [[0, 440], [0.4, 480]]) {
          const osc = audio.createOscillator(), gain = audio.createGain();
          gain.gain.value = 0.05;
          osc.frequency.value = freq;
          osc.connect(gain).connect(audio.destination);
          osc.start(audio.currentTime + offset);
          osc.stop(audio.currentTime + offset + 0.35);
        }
      };
      ring();
      this.ringer = { audio, timer: setInterval(ring, 2500) };
    } catch { this.ringer = null; }
  }

  stopRinger() {
    if (!this.ringer) return;
    clearInterval(this.ringer.timer);
    this.ringer.audio.close().catch(() => {});
    this.ringer = null;
  }

  stopRinging() {
    this.ringing = null;
    this.stopRinger();
    $('#incoming').hidden = true;
  }
}
