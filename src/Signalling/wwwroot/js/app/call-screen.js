// Sharing the screen in a call: getDisplayMedia, published into the room as a second video with source 'screen'.
// The SFU has no unpublish, so stopping mutes the screen track (forwarding stops, others hide its tile) and sharing
// again puts the new capture on the same sender with replaceTrack and unmutes it: no renegotiation either way.
import { $ } from './dom.js';

export class ScreenShare {
  constructor(onPreview) {
    this.onPreview = onPreview; // (stream | null) → shows or removes our own screen tile
    this.room = null;
    this.stream = null;
  }

  get sharing() { return this.stream !== null; }

  attach(room) {
    this.room = room;
    this.show(false);
  }

  /** The call ends: stop capturing. Nothing to tell the room, which is being left. */
  detach() {
    this.stopCapture();
    this.room = null;
    this.show(false);
  }

  async toggle() {
    if (!this.room) return;
    if (this.sharing) { await this.stop(); return; }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    if (!this.room) { stream.getTracks().forEach(t => t.stop()); return; }
    this.stream = stream;
    const [track] = stream.getVideoTracks();
    // The browser's own "Stop sharing" bar ends the track without touching our button.
    track.addEventListener('ended', () => { if (this.stream === stream) this.stop().catch(() => {}); });
    this.show(true);
    this.onPreview(stream);
    const room = this.room;
    const trackId = room.localTrackId('screen');
    if (trackId) {
      const local = room.localTracks.get(trackId);
      await local.sender.replaceTrack(track);
      local.track = track;
      await room.setMuted(trackId, false);
    } else {
      // One layer: a screen is read, not glanced at, and simulcast's small layers make text unreadable.
      await room.publish(stream, { simulcast: false, source: 'screen' });
    }
  }

  async stop() {
    this.stopCapture();
    this.show(false);
    const trackId = this.room?.localTrackId('screen');
    if (trackId) await this.room.setMuted(trackId, true);
  }

  stopCapture() {
    if (!this.stream) return;
    this.stream.getTracks().forEach(t => t.stop());
    this.stream = null;
    this.onPreview(null);
  }

  show(sharing) {
    $('#call-share').setAttribute('aria-pressed', String(sharing));
    $('#call-share').textContent = sharing ? 'Stop sharing' : 'Share screen';
  }
}
