// A small client for Vert.x's TCP event-bus bridge (the web-ui's eventbus.tcp-bridge.port, 7001).
// The protocol: each frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON:
//   out: {"type": "register" | "unregister" | "send" | "publish" | "ping", "address", "body", "replyAddress"}
//   in:  {"type": "message" | "err" | "pong", "address", "body", "message"}
// npm has no maintained client for this bridge (the registry's "vertx3-eventbus-client" is the SockJS one),
// and the protocol is this small, so it lives here, with no dependencies.
'use strict';
const net = require('net');
const { EventEmitter } = require('events');

class TcpEventBus extends EventEmitter {
  /**
   * @param {string} host
   * @param {number} port
   * @param {{reconnectMs?: number, pingMs?: number}} options reconnects after reconnectMs when the connection
   *        drops, re-registering its handlers; pings every pingMs to keep it open
   */
  constructor(host, port, options = {}) {
    super();
    this.host = host;
    this.port = port;
    this.reconnectMs = options.reconnectMs ?? 1000;
    this.pingMs = options.pingMs ?? 5000;
    this.handlers = new Map(); // address -> [handler]
    this.replies = new Map(); // replyAddress -> {resolve, reject, timer}
    this.nextReply = 1;
    this.closed = false;
    this.socket = null;
    this.open = false;
    this.pending = Buffer.alloc(0);
    this.connect();
  }

  connect() {
    const socket = net.connect(this.port, this.host);
    this.socket = socket;
    socket.on('connect', () => {
      this.open = true;
      for (const address of this.handlers.keys()) this.write({ type: 'register', address });
      this.pinger = setInterval(() => this.write({ type: 'ping' }), this.pingMs);
      this.emit('open');
    });
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (e) => this.emit('error', e));
    socket.on('close', () => {
      const wasOpen = this.open;
      this.open = false;
      clearInterval(this.pinger);
      this.pending = Buffer.alloc(0);
      for (const [address, r] of this.replies) {
        clearTimeout(r.timer);
        r.reject(new Error('connection closed before the reply to ' + address));
      }
      this.replies.clear();
      if (wasOpen) this.emit('close');
      if (!this.closed) setTimeout(() => this.connect(), this.reconnectMs);
    });
  }

  onData(chunk) {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (this.pending.length < 4 + length) break;
      const json = this.pending.subarray(4, 4 + length).toString('utf8');
      this.pending = this.pending.subarray(4 + length);
      let frame;
      try {
        frame = JSON.parse(json);
      } catch (e) {
        this.emit('error', new Error('a frame that is not JSON: ' + json.substring(0, 200)));
        continue;
      }
      this.onFrame(frame);
    }
  }

  onFrame(frame) {
    if (frame.type === 'pong') return;
    const reply = frame.address && this.replies.get(frame.address);
    if (reply) {
      this.replies.delete(frame.address);
      clearTimeout(reply.timer);
      if (frame.type === 'err') reply.reject(new Error(frame.message || 'failed'));
      else reply.resolve(frame.body);
      return;
    }
    if (frame.type === 'err') {
      this.emit('refused', frame);
      return;
    }
    for (const h of this.handlers.get(frame.address) || []) h(frame.body, frame);
  }

  write(frame) {
    if (!this.open) return false;
    const body = Buffer.from(JSON.stringify(frame), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length, 0);
    this.socket.write(Buffer.concat([header, body]));
    return true;
  }

  /** Calls handler(body, frame) for every message on the address (kept across reconnects). */
  register(address, handler) {
    const list = this.handlers.get(address);
    if (list) {
      list.push(handler);
    } else {
      this.handlers.set(address, [handler]);
      this.write({ type: 'register', address });
    }
  }

  /** Sends a request and resolves with the reply's body (rejects on a refusal, a failure or a timeout). */
  request(address, body, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const replyAddress = 'reply.' + process.pid + '.' + this.nextReply++;
      const timer = setTimeout(() => {
        this.replies.delete(replyAddress);
        reject(new Error('no reply from ' + address + ' within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      this.replies.set(replyAddress, { resolve, reject, timer });
      if (!this.write({ type: 'send', address, body, replyAddress })) {
        clearTimeout(timer);
        this.replies.delete(replyAddress);
        reject(new Error('not connected'));
      }
    });
  }

  close() {
    this.closed = true;
    clearInterval(this.pinger);
    if (this.socket) this.socket.destroy();
  }
}

module.exports = { TcpEventBus };
