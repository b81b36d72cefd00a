// The chat hub /hub through the npm SignalR client (global `signalR`, loaded by index.html). Updates are applied
// strictly in order; after every (re)connect the client pages through Sync from its cursor (docs/protocol.md,
// "Sync and delivery"), which also covers anything pushed while it was away.

export class ChatHub {
  constructor(api, store) {
    this.api = api;
    this.store = store;
    this.queue = Promise.resolve();
    this.onState = () => {};
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hub', { accessTokenFactory: () => api.accessToken() })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .build();
    this.connection.on('Update', update => this.enqueue(() => store.apply(update)));
    this.connection.on('Typing', t => store.noteTyping(t.conversationId, t.userId));
    this.connection.onreconnecting(() => this.onState('reconnecting'));
    this.connection.onreconnected(() => { this.onState('online'); this.catchUp(); });
    this.connection.onclose(() => this.onState('offline'));
  }

  enqueue(job) {
    this.queue = this.queue.then(job).catch(e => console.error('update failed', e));
    return this.queue;
  }

  async start() {
    await this.connection.start();
    this.onState('online');
    await this.catchUp();
  }

  catchUp() {
    return this.enqueue(async () => {
      for (;;) {
        const page = await this.connection.invoke('Sync', this.store.cursor, 500);
        for (const update of page.updates) await this.store.apply(update);
        if (!page.hasMore) break;
      }
    });
  }

  stop() { return this.connection.stop(); }

  invoke(method, ...args) { return this.connection.invoke(method, ...args); }

  /** Listens to a hub event outside the update stream (the call events of docs/protocol.md, "Calls"). */
  on(event, handler) { this.connection.on(event, handler); }
}

/** The machine-readable part of a hub error: "… HubException: code:field: message" → "message". */
export function hubErrorText(error) {
  const text = String(error?.message ?? error);
  const at = text.indexOf('HubException: ');
  if (at < 0) return text;
  const parts = text.slice(at + 14).split(': ');
  return parts.length > 1 ? parts.slice(1).join(': ') : parts[0];
}
