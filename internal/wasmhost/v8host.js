// v8host.js: the proxy-wasm host of internal/wasmhost (host.go, stream.go)
// written again for Node.js, so the compiled filter runs in V8, the engine
// Envoy and Istio use. The Go side (v8.go) starts it as a child process,
//
//	node --no-liftoff --disable-warning=ExperimentalWarning v8host.js
//
// (Envoy's V8 host turns Liftoff off too: no baseline tier, every
// function runs as TurboFan compiled it; V8 11.3 compiles a function
// lazily, on its first call) and drives it over two pipes: requests
// come in on fd 3, answers go out on fd 4, each frame a little-endian
// uint32 length and that many bytes of JSON (bodies base64). The guest's
// own stdout and stderr go to this process's stderr, so nothing the
// filter prints can break a frame.
//
// The Envoy rules are those of stream.go, function for function, and the
// names follow it (flow, release, headersStep, bodyRun, ...): read it for
// the why; the comments here say only where JavaScript differs. A call
// the filter dispatches (proxy_http_call) is sent to the Go side as a
// "call" frame and its answer read back before the next callback, as the
// Go host serves it synchronously through Host.Upstream.
//
// Everything is synchronous: one frame in, the filter runs, one frame
// out. No event loop work is pending, so the process ends when fd 3
// closes.
'use strict';

const fs = require('node:fs');
const { WASI } = require('node:wasi');

const IN = 3, OUT = 4;

// proxy-wasm ABI 0.2 values, as in host.go.
const OK = 0, NOT_FOUND = 1, BAD_ARGUMENT = 2, CAS_MISMATCH = 8;
const BUF_REQUEST_BODY = 0, BUF_RESPONSE_BODY = 1, BUF_CALL_RESPONSE_BODY = 4, BUF_PLUGIN_CONFIG = 7;
const MAP_REQUEST_HEADERS = 0, MAP_REQUEST_TRAILERS = 1, MAP_RESPONSE_HEADERS = 2, MAP_RESPONSE_TRAILERS = 3,
  MAP_CALL_RESPONSE_HEADERS = 6;
const ROOT_ID = 1;
const CONTINUE = 0, PAUSE = 1;
const PART_HEADERS = 1, PART_BODY = 2, PART_TRAILERS = 3;
const ACTION_NAMES = ['Continue', 'Pause'];

// --- framing ----------------------------------------------------------------

function readFull(n) {
  const buf = Buffer.allocUnsafe(n);
  let off = 0;
  while (off < n) {
    let got;
    try {
      got = fs.readSync(IN, buf, off, n - off, null);
    } catch (e) {
      if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
      throw e;
    }
    if (got === 0) return null; // the Go side closed the pipe
    off += got;
  }
  return buf;
}

function recv() {
  const head = readFull(4);
  if (head === null) return null;
  const body = readFull(head.readUInt32LE(0));
  if (body === null) return null;
  return JSON.parse(body.toString('utf8'));
}

function send(msg) {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32LE(body.length, 0);
  const all = Buffer.concat([head, body]);
  for (let off = 0; off < all.length;) {
    try {
      off += fs.writeSync(OUT, all, off, all.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

// Header maps are Maps (one value per name, lower-case keys); on the wire
// they are JSON objects.
const toMap = (o) => new Map(Object.entries(o || {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
const toObj = (m) => (m ? Object.fromEntries(m) : null);
const copyMap = (m) => new Map(m || []);
const b64 = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.length).toString('base64');
const bytes = (s) => (s == null ? null : new Uint8Array(Buffer.from(s, 'base64')));
// Buffers are never written in place (an edit makes a new one), so concat
// may return one of its arguments.
const concat = (a, b) => {
  if (!a || a.length === 0) return b || new Uint8Array(0);
  if (!b || b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

class StreamError extends Error {
  constructor(msg, done) { super(msg); this.done = done; }
}

// --- streams (stream.go) ------------------------------------------------------

class Flow {
  constructor(name) {
    this.name = name;
    this.headersHeld = false; this.headersSent = false; this.started = false; this.gotEnd = false;
    this.hasTrailers = false; this.trailersArr = false; this.trailersHeld = false; this.trailersSent = false;
    this.sentEnd = false; this.buf = new Uint8Array(0); this.buffering = false; this.inBody = false;
    this.paused = false; this.resume = false; this.sentBody = 0; this.sentHdrs = null; this.mapGone = false;
  }
  bodySeen() { return this.inBody || this.buffering || this.sentBody > 0; }
}

class Stream {
  constructor(id, headers) {
    this.id = id;
    this.reqHeaders = headers; this.respHeaders = null; this.reqTrailers = null; this.respTrailers = null;
    this.upstream = []; this.downstream = []; this.local = null; this.reset = ''; this.resumed = [false, false];
    this.violations = []; this.calls = [];
    this.req = new Flow('request'); this.resp = new Flow('response');
    this.cb = ''; this.ended = false; this.localChain = false; this.pendingLocal = null;
    // How much of each list the Go side has already been sent.
    this.seen = { up: 0, down: 0, calls: 0, viol: 0 };
  }
  done() { return this.local !== null || this.reset !== ''; }
  flow(response) { return response ? this.resp : this.req; }
  headersMap(f) { return f === this.req ? this.reqHeaders : this.respHeaders; }
  trailersMap(f) { return f === this.req ? this.reqTrailers : this.respTrailers; }
  violate(msg) { this.violations.push(this.cb ? `${msg} (in ${this.cb})` : msg); }

  emit(f, p) {
    p.after = this.calls.length;
    p.local = f === this.resp && this.localChain;
    (f === this.req ? this.upstream : this.downstream).push(p);
    if (p.kind === PART_BODY) f.sentBody += p.body.length;
    if (p.end) {
      f.sentEnd = true;
      const cl = f.sentHdrs && f.sentHdrs.get('content-length');
      // strconv.Atoi: an optional sign and decimal digits only.
      if (cl !== undefined && cl !== null && /^[+-]?[0-9]+$/.test(cl) && Number(cl) !== f.sentBody) {
        this.violate(`${f.name} sent with content-length ${Number(cl)} but ${f.sentBody} body bytes`);
      }
    }
  }

  release(f) {
    if (this.reset !== '' || (this.local !== null && (f === this.req || !this.localChain))) return;
    const headers = this.headersMap(f);
    if (f.headersHeld || (!f.headersSent && f.started)) {
      f.headersHeld = false;
      f.headersSent = true;
      f.sentHdrs = copyMap(headers);
      this.emit(f, { kind: PART_HEADERS, headers: copyMap(headers),
        end: f.gotEnd && !f.hasTrailers && f.buf.length === 0 && !f.bodySeen() });
    }
    if (f.sentEnd) {
      f.buf = new Uint8Array(0); f.buffering = false; f.paused = false;
      return;
    }
    const endHere = f.gotEnd && !f.hasTrailers;
    if (f.buf.length > 0 || endHere) this.emit(f, { kind: PART_BODY, body: f.buf, end: endHere });
    f.buf = new Uint8Array(0); f.buffering = false;
    if (f.trailersHeld || (f.trailersArr && !f.trailersSent)) {
      f.trailersHeld = false;
      f.trailersSent = true;
      this.emit(f, { kind: PART_TRAILERS, headers: copyMap(this.trailersMap(f)), end: true });
    }
    f.paused = false;
  }

  // The part of the stream the Go side has not seen yet, and its state.
  delta() {
    const part = (p) => ({ k: p.kind, h: p.headers ? toObj(p.headers) : undefined,
      b: p.kind === PART_BODY ? b64(p.body) : undefined, e: p.end, l: p.local, a: p.after });
    const d = {
      id: this.id,
      up: this.upstream.slice(this.seen.up).map(part),
      down: this.downstream.slice(this.seen.down).map(part),
      calls: this.calls.slice(this.seen.calls),
      viol: this.violations.slice(this.seen.viol),
      local: this.local && { status: this.local.status, headers: toObj(this.local.headers), body: b64(this.local.body) },
      reset: this.reset, resumed: this.resumed,
      reqHeaders: toObj(this.reqHeaders), respHeaders: toObj(this.respHeaders),
      reqTrailers: toObj(this.reqTrailers), respTrailers: toObj(this.respTrailers),
      sentHdrs: toObj(this.req.sentHdrs), reqSentEnd: this.req.sentEnd, respSentEnd: this.resp.sentEnd,
      reqPaused: this.req.paused, respPaused: this.resp.paused,
    };
    this.seen = { up: this.upstream.length, down: this.downstream.length, calls: this.calls.length,
      viol: this.violations.length };
    return d;
  }
}

// --- the host (host.go) -------------------------------------------------------

class Host {
  constructor(wasm, config) {
    this.config = config;
    this.streams = new Map();
    this.current = 0;
    this.nextID = ROOT_ID + 1;
    this.shared = new Map(); // key -> {data, cas}
    this.nextCas = 0;
    this.metrics = []; // BigInt values
    this.names = new Map();
    this.logs = []; // {l: level, m: message} not yet sent to the Go side
    this.sendLogs = false;
    this.callouts = [];
    this.nextCall = 0;
    this.tickMS = 0;
    this.pluginDone = false;
    this.callResp = null; // {headers, body} while proxy_on_http_call_response runs
    this.touched = new Set(); // streams ended during the current request
    // The guest writes its stdout and stderr to ours: fd 2.
    this.wasi = new WASI({ version: 'preview1', args: [], env: {}, stdout: 2, stderr: 2 });
    const mod = new WebAssembly.Module(wasm);
    this.instance = new WebAssembly.Instance(mod, {
      wasi_snapshot_preview1: this.wasi.wasiImport,
      env: this.imports(),
    });
    this.ex = this.instance.exports;
    this.wasi.initialize(this.instance); // a reactor: runs _initialize
    this.call('proxy_on_vm_start', ROOT_ID, 0);
    this.call('proxy_on_context_create', ROOT_ID, 0);
    if (this.call('proxy_on_configure', ROOT_ID, config.length) !== 1) throw new Error('plugin start failed');
  }

  mem() { return new Uint8Array(this.ex.memory.buffer); }
  view() { return new DataView(this.ex.memory.buffer); }

  call(name, ...args) {
    const f = this.ex[name];
    if (typeof f !== 'function') throw new Error(`module does not export ${name}`);
    try {
      const r = f(...args);
      return r === undefined ? 0 : r >>> 0;
    } catch (e) {
      throw new Error(`${name}: ${e && e.message ? e.message : e}`);
    }
  }

  // read copies guest bytes; null when out of bounds (host.go's nil).
  read(ptr, size) {
    ptr >>>= 0; size >>>= 0;
    const m = this.mem();
    if (ptr + size > m.length) return null;
    return m.slice(ptr, ptr + size);
  }
  str(ptr, size) { const b = this.read(ptr, size); return b ? Buffer.from(b).toString('utf8') : ''; }
  put32(ptr, v) {
    ptr >>>= 0;
    if (ptr + 4 > this.ex.memory.buffer.byteLength) return false;
    this.view().setUint32(ptr, v >>> 0, true);
    return true;
  }

  // give copies data into memory the guest allocates and writes its
  // address and size to the return pointers.
  give(data, retPtr, retSize) {
    let p;
    try {
      p = this.ex.proxy_on_memory_allocate(data.length) >>> 0;
    } catch (e) {
      return BAD_ARGUMENT;
    }
    const m = this.mem(); // after the allocation: memory may have grown
    if (p + data.length > m.length) return BAD_ARGUMENT;
    m.set(data, p);
    if (!this.put32(retPtr, p) || !this.put32(retSize, data.length)) return BAD_ARGUMENT;
    return OK;
  }

  headerMap(t) {
    if (t === MAP_CALL_RESPONSE_HEADERS) return [this.callResp ? this.callResp.headers : null, null, null];
    const s = this.streams.get(this.current);
    if (!s) return [null, null, null];
    switch (t) {
      case MAP_REQUEST_HEADERS: return [s.req.mapGone && !s.ended ? null : s.reqHeaders, s, s.req];
      case MAP_REQUEST_TRAILERS: return [s.reqTrailers, s, s.req];
      case MAP_RESPONSE_HEADERS: return [s.resp.mapGone && !s.ended ? null : s.respHeaders, s, s.resp];
      case MAP_RESPONSE_TRAILERS: return [s.respTrailers, s, s.resp];
    }
    return [null, null, null];
  }

  mutableMap(t, what) {
    const [hm, s, f] = this.headerMap(t);
    if (!s) return hm;
    const trailers = t === MAP_REQUEST_TRAILERS || t === MAP_RESPONSE_TRAILERS;
    const sent = trailers ? f.trailersSent : f.headersSent;
    if (sent && !s.ended) {
      const kind = trailers ? 'trailer' : 'header';
      const to = f === s.resp ? 'to the client' : 'upstream';
      s.violate(`${f.name} ${kind} ${what} after the ${kind}s were sent ${to}`);
    }
    return hm;
  }

  buffer(t) {
    if (t === BUF_PLUGIN_CONFIG) return [{ get: () => this.config, set: null }, null];
    if (t === BUF_CALL_RESPONSE_BODY) {
      if (!this.callResp) return [null, null];
      return [{ get: () => this.callResp.body, set: null }, null];
    }
    const s = this.streams.get(this.current);
    if (!s || (t !== BUF_REQUEST_BODY && t !== BUF_RESPONSE_BODY)) return [null, s];
    const f = s.flow(t === BUF_RESPONSE_BODY);
    if (!f.inBody && !f.buffering) return [null, s];
    return [{ get: () => f.buf, set: (b) => { f.buf = b; } }, s];
  }

  imports() {
    const h = this;
    const u = (x) => x >>> 0;
    return {
      proxy_log(level, ptr, size) {
        if (h.sendLogs) h.logs.push({ l: u(level), m: h.str(ptr, size) });
        return OK;
      },
      proxy_set_effective_context(id) { h.current = u(id); return OK; },
      proxy_get_buffer_bytes(t, start, max, retPtr, retSize) {
        const [buf] = h.buffer(u(t));
        if (!buf) return NOT_FOUND;
        const b = buf.get();
        start = u(start);
        if (start > b.length) return BAD_ARGUMENT;
        const end = Math.min(start + u(max), b.length);
        if (end === start) return OK; // Envoy: Ok and nothing written
        return h.give(b.subarray(start, end), retPtr, retSize);
      },
      proxy_set_buffer_bytes(t, start, length, ptr, size) {
        t = u(t); start = u(start); length = u(length);
        const [buf, s] = h.buffer(t);
        if (!buf) {
          if (s && (t === BUF_REQUEST_BODY || t === BUF_RESPONSE_BODY)) {
            s.violate(`set_buffer_bytes on the ${s.flow(t === BUF_RESPONSE_BODY).name} body where Envoy has none buffered`);
          }
          return NOT_FOUND;
        }
        if (!buf.set) return BAD_ARGUMENT;
        const data = h.read(ptr, size) || new Uint8Array(0);
        const cur = buf.get();
        if (start === 0) {
          buf.set(concat(data, cur.subarray(Math.min(length, cur.length))));
        } else if (start >= cur.length) {
          buf.set(concat(cur, data));
        } else {
          s.violate(`set_buffer_bytes(start=${start}, length=${length}) on a ${cur.length}-byte body: Envoy answers BadArgument`);
          return BAD_ARGUMENT;
        }
        return OK;
      },
      proxy_get_header_map_value(t, kp, ks, retPtr, retSize) {
        const [hm] = h.headerMap(u(t));
        if (!hm) return BAD_ARGUMENT;
        const v = hm.get(h.str(kp, ks).toLowerCase());
        if (v === undefined) return NOT_FOUND;
        return h.give(Buffer.from(v, 'utf8'), retPtr, retSize);
      },
      proxy_replace_header_map_value(t, kp, ks, vp, vs) {
        const k = h.str(kp, ks).toLowerCase();
        const hm = h.mutableMap(u(t), 'replaced: ' + k);
        if (!hm) return BAD_ARGUMENT;
        hm.set(k, h.str(vp, vs));
        return OK;
      },
      proxy_add_header_map_value(t, kp, ks, vp, vs) {
        const k = h.str(kp, ks).toLowerCase();
        const hm = h.mutableMap(u(t), 'added: ' + k);
        if (!hm) return BAD_ARGUMENT;
        const v = h.str(vp, vs);
        hm.set(k, hm.has(k) ? hm.get(k) + ',' + v : v);
        return OK;
      },
      proxy_remove_header_map_value(t, kp, ks) {
        const k = h.str(kp, ks).toLowerCase();
        const hm = h.mutableMap(u(t), 'removed: ' + k);
        if (!hm) return BAD_ARGUMENT;
        hm.delete(k);
        return OK;
      },
      proxy_set_header_map_pairs(t, ptr, size) {
        const hm = h.mutableMap(u(t), 'map replaced');
        if (!hm) return BAD_ARGUMENT;
        hm.clear();
        for (const [k, v] of readPairs(h.read(ptr, size))) hm.set(k.toLowerCase(), v);
        return OK;
      },
      proxy_send_local_response(status, _d, _ds, bp, bs, hp, hs, _g) {
        const s = h.streams.get(h.current);
        if (!s) return NOT_FOUND;
        const headers = new Map([...readPairs(h.read(hp, hs))].map(([k, v]) => [k.toLowerCase(), v]));
        h.localResponse(s, { status: u(status), body: h.read(bp, bs) || new Uint8Array(0), headers });
        return OK;
      },
      proxy_get_shared_data(kp, ks, retPtr, retSize, retCas) {
        const v = h.shared.get(h.str(kp, ks));
        if (!v) return NOT_FOUND;
        h.put32(retCas, v.cas);
        if (v.data.length === 0) {
          h.put32(retPtr, 0);
          h.put32(retSize, 0);
          return OK;
        }
        return h.give(v.data, retPtr, retSize);
      },
      proxy_set_shared_data(kp, ks, vp, vs, cas) {
        const k = h.str(kp, ks);
        const old = h.shared.get(k);
        if (u(cas) !== 0 && old && old.cas !== u(cas)) return CAS_MISMATCH;
        h.nextCas = (h.nextCas + 1) >>> 0;
        h.shared.set(k, { data: h.read(vp, vs) || new Uint8Array(0), cas: h.nextCas });
        return OK;
      },
      proxy_define_metric(_type, np, ns, retID) {
        const name = h.str(np, ns);
        let id = h.names.get(name);
        if (id === undefined) {
          id = h.metrics.length;
          h.metrics.push(0n);
          h.names.set(name, id);
        }
        h.put32(retID, id);
        return OK;
      },
      // i64 arguments arrive as BigInt.
      proxy_increment_metric(id, off) {
        if (u(id) < h.metrics.length) h.metrics[u(id)] = BigInt.asIntN(64, h.metrics[u(id)] + BigInt(off));
        return OK;
      },
      proxy_record_metric(id, v) {
        if (u(id) < h.metrics.length) h.metrics[u(id)] = BigInt.asIntN(64, BigInt(v));
        return OK;
      },
      proxy_get_metric(id, ret) {
        if (u(id) >= h.metrics.length) return NOT_FOUND;
        if (u(ret) + 8 <= h.ex.memory.buffer.byteLength) h.view().setBigInt64(u(ret), h.metrics[u(id)], true);
        return OK;
      },
      proxy_set_property() { return OK; },
      proxy_set_tick_period_milliseconds(ms) { h.tickMS = u(ms); return OK; },
      proxy_get_header_map_pairs(t, retPtr, retSize) {
        const [hm] = h.headerMap(u(t));
        if (!hm) { // Envoy answers an empty list
          h.put32(retPtr, 0);
          h.put32(retSize, 0);
          return OK;
        }
        return h.give(writePairs(hm), retPtr, retSize);
      },
      proxy_continue_stream(t) {
        const s = h.streams.get(h.current);
        if (!s) return NOT_FOUND;
        if (u(t) > 1) return BAD_ARGUMENT;
        s.resumed[u(t)] = true;
        s.flow(u(t) === 1).resume = true;
        return OK;
      },
      proxy_close_stream(t) {
        const s = h.streams.get(h.current);
        if (!s) return NOT_FOUND;
        if (u(t) > 1) return BAD_ARGUMENT;
        if (s.reset === '') s.reset = `close_stream(${s.flow(u(t) === 1).name})`;
        return OK;
      },
      proxy_get_property() { return NOT_FOUND; },
      proxy_done() { h.pluginDone = true; return OK; },
      proxy_http_call(up, upSize, hp, hs, bp, bs, _tp, _ts, _timeout, retID) {
        h.nextCall = (h.nextCall + 1) >>> 0;
        h.callouts.push({ id: h.nextCall, ctxID: h.current, cluster: h.str(up, upSize),
          headers: readPairs(h.read(hp, hs)), body: h.read(bp, bs) || new Uint8Array(0) });
        h.put32(retID, h.nextCall);
        return OK;
      },
    };
  }

  // --- the chunked stream API (stream.go) ---

  startRequest(headers, eos) {
    const id = this.nextID++;
    const s = new Stream(id, headers);
    this.streams.set(id, s);
    this.step(s, 'proxy_on_context_create', '', id, ROOT_ID);
    s.req.started = true;
    s.req.gotEnd = eos;
    return [s, this.headersStep(s, s.req, 'proxy_on_request_headers', eos)];
  }

  responseHeaders(s, headers, eos) {
    this.usable(s, s.resp, false);
    if (s.resp.started) throw new StreamError(`stream ${s.id}: response headers delivered twice`);
    s.respHeaders = headers;
    s.resp.started = true;
    s.resp.gotEnd = eos;
    return this.headersStep(s, s.resp, 'proxy_on_response_headers', eos);
  }

  usable(s, f, needStarted) {
    if (!s || this.streams.get(s.id) !== s) throw new StreamError('stream is not open on this host');
    if (s.done()) throw new StreamError(`stream ${s.id}: stream is done (local response sent or stream reset)`, true);
    if (needStarted && !f.started) throw new StreamError(`stream ${s.id}: ${f.name} body or trailers before its headers`);
    if (f.gotEnd) throw new StreamError(`stream ${s.id}: ${f.name} already ended`);
  }

  headersStep(s, f, fn, eos) {
    const a = this.step(s, fn, `${fn.replace('proxy_on_', '')}(eos=${eos})`, s.id, this.headersMap(s, f).size, eos ? 1 : 0);
    if (a === CONTINUE) {
      s.release(f);
      f.mapGone = true;
    } else {
      f.headersHeld = true; f.paused = true;
    }
    this.afterCall();
    return a;
  }

  headersMap(s, f) { return s.headersMap(f) || new Map(); }

  bodyStep(s, f, fn, chunk, eos) {
    this.usable(s, f, true);
    return this.bodyRun(s, f, fn, chunk, eos);
  }

  bodyRun(s, f, fn, chunk, eos) {
    f.buf = concat(f.buf, chunk);
    f.gotEnd = eos;
    f.inBody = true;
    let a;
    try {
      a = this.step(s, fn, `${fn.replace('proxy_on_', '')}(size=${f.buf.length},eos=${eos})`, s.id, f.buf.length, eos ? 1 : 0);
    } finally {
      f.inBody = false;
    }
    if (a === CONTINUE) s.release(f);
    else { f.buffering = true; f.paused = true; }
    this.afterCall();
    return a;
  }

  trailersStep(s, f, fn, trailers) {
    this.usable(s, f, true);
    if (f === s.req) s.reqTrailers = trailers; else s.respTrailers = trailers;
    f.gotEnd = true; f.hasTrailers = true; f.trailersArr = true;
    const a = this.step(s, fn, `${fn.replace('proxy_on_', '')}(n=${trailers.size})`, s.id, trailers.size);
    if (a === CONTINUE) s.release(f);
    else { f.trailersHeld = true; f.paused = true; }
    this.afterCall();
    return a;
  }

  step(s, fn, label, ...args) {
    this.current = s.id;
    s.cb = fn.replace('proxy_on_', '');
    let a;
    try {
      a = this.call(fn, ...args);
    } catch (e) {
      s.cb = '';
      if (label) s.calls.push(label + '=Continue');
      throw e;
    }
    s.cb = '';
    if (label) s.calls.push(label + '=' + (ACTION_NAMES[a] || `Action(${a})`));
    if (a > PAUSE && fn.includes('_on_re')) {
      s.violate(`${fn} returned ${a}: the Go SDK and this host know only Continue (0) and Pause (1)`);
      a = PAUSE;
    }
    return a;
  }

  afterCall() {
    this.applyResumes();
    this.serveCallouts();
  }

  applyResumes() {
    for (const s of this.streams.values()) {
      for (const f of [s.req, s.resp]) {
        if (f.resume) {
          f.resume = false;
          if (f.paused) s.release(f);
        }
      }
    }
    for (const s of this.streams.values()) if (s.pendingLocal) this.runLocal(s);
  }

  // serveCallouts sends each pending call to the Go side, which answers
  // it through Host.Upstream, and hands the answer to the filter.
  serveCallouts() {
    while (this.callouts.length > 0) {
      const c = this.callouts.shift();
      send({ t: 'call', cluster: c.cluster, headers: toObj(c.headers), body: b64(c.body), logs: this.takeLogs() });
      const ans = recv();
      if (ans === null) throw new Error('the Go side closed the pipe during a call');
      const resp = toMap(ans.headers);
      if (ans.status) resp.set(':status', String(ans.status));
      const body = bytes(ans.body) || new Uint8Array(0);
      this.callResp = { headers: resp, body };
      this.current = c.ctxID;
      const s = this.streams.get(c.ctxID);
      if (s) s.cb = 'http_call_response';
      let err = null;
      try {
        this.call('proxy_on_http_call_response', ROOT_ID, c.id, resp.size, body.length, 0);
      } catch (e) {
        err = e;
      }
      this.callResp = null;
      if (s) {
        s.cb = '';
        s.calls.push(`http_call_response(token=${c.id},status=${ans.status || 0})`);
      }
      if (err) throw err;
      this.applyResumes();
    }
  }

  localResponse(s, lr) {
    if (s.done()) {
      s.violate(`second send_local_response ignored (status ${lr.status})`);
      return;
    }
    if (s.resp.headersSent) {
      s.reset = `send_local_response(${lr.status}) after the response headers were sent`;
      return;
    }
    s.local = lr;
    s.req.paused = false; s.req.buf = new Uint8Array(0); s.req.buffering = false;
    const hdrs = copyMap(lr.headers);
    hdrs.set(':status', String(lr.status));
    hdrs.set('content-length', String(lr.body.length));
    if (lr.body.length > 0 && !hdrs.get('content-type')) hdrs.set('content-type', 'text/plain');
    if (!s.resp.started) {
      s.localChain = true;
      s.pendingLocal = { status: lr.status, headers: hdrs, body: lr.body };
      return;
    }
    const after = s.calls.length + 1;
    s.downstream.push({ kind: PART_HEADERS, headers: hdrs, local: true, end: lr.body.length === 0, after });
    if (lr.body.length > 0) s.downstream.push({ kind: PART_BODY, body: lr.body, local: true, end: true, after });
    s.resp.headersSent = true; s.resp.sentEnd = true;
    s.resp.paused = false; s.resp.buf = new Uint8Array(0); s.resp.buffering = false;
  }

  runLocal(s) {
    const lr = s.pendingLocal;
    s.pendingLocal = null;
    s.respHeaders = lr.headers;
    s.resp.started = true;
    s.resp.gotEnd = lr.body.length === 0;
    this.headersStep(s, s.resp, 'proxy_on_response_headers', s.resp.gotEnd);
    if (lr.body.length > 0) this.bodyRun(s, s.resp, 'proxy_on_response_body', lr.body, true);
  }

  end(s) {
    if (!s || this.streams.get(s.id) !== s) throw new StreamError('stream is not open on this host');
    s.ended = true;
    this.touched.add(s);
    try {
      for (const fn of ['proxy_on_log', 'proxy_on_done', 'proxy_on_delete']) {
        this.current = s.id;
        this.call(fn, s.id);
      }
    } finally {
      this.streams.delete(s.id);
    }
  }

  // done is Host.Done: proxy_on_done on the root context (the plugin is
  // going), serve what it dispatches, report whether it has finished.
  done() {
    this.current = ROOT_ID;
    this.pluginDone = false;
    const res = this.call('proxy_on_done', ROOT_ID);
    this.serveCallouts();
    return Number(res) !== 0 || this.pluginDone;
  }

  tick() {
    if (this.tickMS === 0) return;
    this.current = ROOT_ID;
    this.call('proxy_on_tick', ROOT_ID);
    this.serveCallouts();
  }

  // exchange is Host.Exchange: request, response unless the filter
  // answered, end. null respBody: no response phase.
  exchange(reqHeaders, reqBody, respHeaders, respBody) {
    const [s] = this.startRequest(reqHeaders, reqBody.length === 0);
    if (reqBody.length > 0 && !s.done()) this.bodyStep(s, s.req, 'proxy_on_request_body', reqBody, true);
    if (!s.done() && respBody !== null) {
      this.responseHeaders(s, respHeaders, respBody.length === 0);
      if (respBody.length > 0 && !s.done()) this.bodyStep(s, s.resp, 'proxy_on_response_body', respBody, true);
    }
    this.end(s);
    return s;
  }

  takeLogs() {
    const l = this.logs;
    this.logs = [];
    return l;
  }
}

function readPairs(b) {
  const out = new Map();
  if (!b || b.length < 4) return out;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const n = dv.getUint32(0, true);
  let sizes = 4, data = 4 + 8 * n;
  for (let i = 0; i < n && data <= b.length; i++) {
    const ks = dv.getUint32(sizes, true), vs = dv.getUint32(sizes + 4, true);
    sizes += 8;
    if (data + ks + vs + 2 > b.length) break;
    const k = Buffer.from(b.subarray(data, data + ks)).toString('utf8');
    data += ks + 1;
    out.set(k, Buffer.from(b.subarray(data, data + vs)).toString('utf8'));
    data += vs + 1;
  }
  return out;
}

function writePairs(m) {
  // Sorted by UTF-16 code units; the names are ASCII, where that is
  // Go's byte order too.
  const keys = [...m.keys()].sort();
  const enc = keys.map((k) => [Buffer.from(k, 'utf8'), Buffer.from(m.get(k), 'utf8')]);
  let size = 4 + 8 * keys.length;
  for (const [k, v] of enc) size += k.length + v.length + 2;
  const out = Buffer.alloc(size);
  out.writeUInt32LE(keys.length, 0);
  let off = 4;
  for (const [k, v] of enc) {
    out.writeUInt32LE(k.length, off);
    out.writeUInt32LE(v.length, off + 4);
    off += 8;
  }
  for (const [k, v] of enc) {
    k.copy(out, off); off += k.length + 1;
    v.copy(out, off); off += v.length + 1;
  }
  return out;
}

// --- the request loop -----------------------------------------------------------

function serve() {
  let host = null;
  const ops = {
    init(m) {
      host = new Host(bytes(m.wasm), bytes(m.config) || new Uint8Array(0));
      host.sendLogs = !!m.logs;
      return { node: process.version, v8: process.versions.v8, execArgv: process.execArgv };
    },
    start(m) {
      // Like Host.StartRequest, the stream comes back with an error too.
      const id = host.nextID;
      try {
        const [s, a] = host.startRequest(toMap(m.headers), m.eos);
        return { id: s.id, action: a };
      } catch (e) {
        return { id, err: e && e.message ? e.message : String(e) };
      }
    },
    body(m) {
      const s = stream(m.id);
      const f = s.flow(m.resp);
      return { action: host.bodyStep(s, f, m.resp ? 'proxy_on_response_body' : 'proxy_on_request_body', bytes(m.chunk) || new Uint8Array(0), m.eos) };
    },
    trailers(m) {
      const s = stream(m.id);
      const f = s.flow(m.resp);
      return { action: host.trailersStep(s, f, m.resp ? 'proxy_on_response_trailers' : 'proxy_on_request_trailers', toMap(m.trailers)) };
    },
    respHeaders(m) { return { action: host.responseHeaders(stream(m.id), toMap(m.headers), m.eos) }; },
    end(m) { host.end(stream(m.id)); return {}; },
    exchange(m) {
      const s = host.exchange(toMap(m.reqHeaders), bytes(m.reqBody) || new Uint8Array(0), toMap(m.respHeaders), bytes(m.respBody));
      return { id: s.id };
    },
    // repeat runs n exchanges and times them here, so a benchmark measures
    // the filter in V8 and not the pipe.
    repeat(m) {
      const rh = toMap(m.reqHeaders), body = bytes(m.reqBody) || new Uint8Array(0);
      let local = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < m.n; i++) {
        const s = host.exchange(new Map(rh), body, null, null);
        if (s.local) local++;
      }
      const ns = Number(process.hrtime.bigint() - t0);
      host.touched.clear();
      return { ns, local };
    },
    tick() { host.tick(); return {}; },
    done() { return { done: host.done() }; },
    metrics() {
      const out = {};
      for (const [n, id] of host.names) out[n] = host.metrics[id].toString();
      return { metrics: out };
    },
    memory() { return { bytes: host.ex.memory.buffer.byteLength }; },
  };
  function stream(id) {
    const s = host && host.streams.get(id);
    if (!s) throw new StreamError('stream is not open on this host');
    return s;
  }
  for (;;) {
    const m = recv();
    if (m === null || m.op === 'close') return;
    let reply;
    try {
      if (!ops[m.op]) throw new Error(`unknown op ${JSON.stringify(m.op)}`);
      if (!host && m.op !== 'init') throw new Error('no filter loaded');
      reply = ops[m.op](m);
    } catch (e) {
      reply = { err: e && e.message ? e.message : String(e), done: !!(e && e.done) };
    }
    reply.t = 'reply';
    if (host) {
      reply.logs = host.takeLogs();
      const ds = [];
      for (const s of host.streams.values()) ds.push(s.delta());
      for (const s of host.touched) if (!host.streams.has(s.id)) ds.push(s.delta());
      host.touched.clear();
      reply.streams = ds;
    }
    send(reply);
  }
}

serve();
