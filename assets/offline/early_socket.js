// Inlined into every page's <head> (components/offline.py): open the page's websocket while its scripts still
// load and run, instead of after, and (from the second visit on) ask for the page's state on it at once. On a
// phone each is a round trip (150 ms on Lighthouse's mobile profile) the page no longer waits for after its
// bundle has been evaluated: the handshake, then the hydrate and the page's load events.
//
// The socket is the one Reflex would open itself: the same address (this page's host, /_event/, the tab's
// token, Engine.IO 4 over websocket) and the same subprotocol (Reflex's version, __REFLEX_VERSION__). When
// Reflex's own client asks for exactly that socket, it is handed this one, with what already arrived replayed
// in order; any other socket, or none asked for within 10 s, and this one is closed and nothing is changed.
//
// The hydrate ahead of time: Reflex sends the page's hydrate in its socket.io CONNECT packet (the build's
// state hashes and schema, the page's address). The bundle notes the hashes and schema on the phone under its
// build (boot_state.js); when this page is of that build, this script sends the same CONNECT as soon as the
// socket opens and holds the answers. When Reflex's client then sends its own CONNECT, the two are compared:
// the same, and the client's is not sent again and the held answers are handed to it, as if they answered
// it; different (another address, other hashes), and ours is withdrawn (DISCONNECT), the client's is sent, and
// every answer before the server acknowledges the client's is dropped. Either way the client sees exactly
// what it would have seen without this script.
(() => {
  try {
    if (typeof WebSocket === "undefined" || !window.sessionStorage || !window.crypto) return;
    const TOKEN_KEY = "token"; // Reflex's own key for the tab's state token
    const BOOT_KEY = "ce-boot:v1"; // written by boot_state.js: {build, hashes, schema}
    const NAMESPACE = "/_event";
    const ROUTES = __DYNAMIC_ROUTES__; // the app's pages with a part in their path, e.g. "/cme/[event_id]"
    let token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      token = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
      sessionStorage.setItem(TOKEN_KEY, token);
    }
    const Native = window.WebSocket;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const url = `${scheme}${location.host}/_event/?token=${encodeURIComponent(token)}&EIO=4&transport=websocket`;
    const protocol = "__REFLEX_VERSION__";

    // This page's build: the React Router manifest's hashed name, which the parser has already put in the head.
    const buildOf = () => document.querySelector('link[rel="modulepreload"][href*="/assets/manifest-"]')
      ?.getAttribute("href") ?? null;

    // What Reflex's withRouterData puts in the hydrate: the path, the address, and the query with the path's parts.
    const routerData = () => {
      const { pathname, search, hash } = window.location;
      const data = { pathname, asPath: pathname + search + hash };
      const query = Object.fromEntries(new URLSearchParams(search));
      const segments = pathname.replace(/\/+$/, "").split("/");
      for (const pattern of ROUTES) {
        const parts = pattern.split("/");
        if (parts.length !== segments.length) continue;
        const params = {};
        if (parts.every((part, i) => {
          const name = /^\[(\w+)\]$/.exec(part);
          if (name) params[name[1]] = decodeURIComponent(segments[i]);
          return name ? segments[i] !== "" : part === segments[i];
        })) {
          Object.assign(query, params);
          break;
        }
      }
      if (Object.keys(query).length > 0) data.query = query;
      return data;
    };

    const bootAuth = () => {
      const noted = JSON.parse(localStorage.getItem(BOOT_KEY) || "null");
      const build = buildOf();
      if (!noted || !build || noted.build !== build || !Array.isArray(noted.hashes) || !noted.schema) return null;
      const event = { name: "reflex___state____state.hydrate_and_load", payload: { hashes: noted.hashes },
                      router_data: routerData() };
      return { event, state_schema: noted.schema };
    };

    // JSON with its keys sorted, to compare two CONNECT packets whatever order their keys were written in.
    const canonical = (value) => JSON.stringify(value, (key, v) => (v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

    const CONNECT = `40${NAMESPACE},`;
    const isNamespaceFrame = (data) => typeof data === "string" && data.startsWith(`4`) && data.slice(2).startsWith(`${NAMESPACE},`);
    const isAcknowledgement = (data) => data.startsWith(CONNECT) || data.startsWith(`44${NAMESPACE},`);
    let ahead = null; // our CONNECT packet's auth, once sent
    try {
      ahead = bootAuth();
    } catch (error) {
      ahead = null;
    }
    let sentAhead = false;
    // How this page's hydrate went, for the bench and the tests: "ahead" (sent, the client not yet booted),
    // "claimed" (the client took our answers), "withdrawn" (the client asked for something else), or "none".
    const outcome = (value) => { window.__ceHydrate = value; };
    outcome("none");
    let claimed = false; // the client's CONNECT matched ours: the held answers are its answers
    let dropping = false; // the client's CONNECT did not match ours: drop what answers ours, up to its acknowledgement
    let oursToAcknowledge = 1; // our CONNECT's acknowledgement, while it has not arrived
    const held = []; // the namespace's frames, until the client has sent its CONNECT

    const early = new Native(url, [protocol]);
    const waiting = []; // [handler name, event] in the order they happened, until Reflex takes the socket
    let taker = null;
    const deliver = (name, event) => {
      if (taker && taker.live) taker[name]?.call(taker, event);
      else waiting.push([name, event]);
    };
    const forward = (name) => (event) => deliver(name, event);
    early.onopen = forward("onopen");
    early.onclose = forward("onclose");
    early.onerror = forward("onerror");
    early.onmessage = (event) => {
      const data = event.data;
      if (ahead && !sentAhead && typeof data === "string" && data[0] === "0") {
        // Engine.IO's open packet: our CONNECT goes first, then the client hears of the open socket (a client
        // already waiting for it sends its own CONNECT at once, which must find ours sent).
        early.send(CONNECT + JSON.stringify(ahead));
        sentAhead = true;
        outcome("ahead");
        deliver("onmessage", event);
        return;
      }
      if (sentAhead && isNamespaceFrame(data)) {
        if (dropping) {
          if (!isAcknowledgement(data)) return; // an answer to our withdrawn CONNECT
          if (oursToAcknowledge > 0) {
            oursToAcknowledge -= 1;
            return;
          }
          dropping = false; // the client's own acknowledgement: from here on everything is its
        } else if (!claimed || held.length > 0) {
          held.push(event);
          return;
        }
      }
      deliver("onmessage", event);
    };

    // Hand the held answers over in order, after the client's send has returned (as a real answer would be).
    const release = () => setTimeout(() => {
      while (held.length) deliver("onmessage", held.shift());
    }, 0);

    // The client's own CONNECT, when ours went first: swallowed if it asks for the same, else ours is withdrawn.
    const clientConnect = (data) => {
      let theirs = null;
      try {
        theirs = JSON.parse(data.slice(CONNECT.length));
      } catch (error) {
        theirs = null;
      }
      if (theirs && canonical(theirs) === canonical(ahead)) {
        claimed = true;
        outcome("claimed");
        release();
        return;
      }
      // Withdraw ours; everything answered to it (held or still coming) goes, up to the client's acknowledgement.
      oursToAcknowledge = held.some((e) => isAcknowledgement(e.data)) ? 0 : 1;
      held.length = 0;
      dropping = true;
      claimed = true;
      outcome("withdrawn");
      early.send(`41${NAMESPACE},`);
      early.send(data);
    };

    // What Reflex's client (engine.io) uses of a WebSocket, in front of the early one.
    const adopt = () => {
      taker = {
        live: false,
        onopen: null, onmessage: null, onclose: null, onerror: null,
        get readyState() { return early.readyState; },
        get protocol() { return early.protocol; },
        get extensions() { return early.extensions; },
        get bufferedAmount() { return early.bufferedAmount; },
        get url() { return early.url; },
        get binaryType() { return early.binaryType; },
        set binaryType(value) { early.binaryType = value; },
        send: (data) => {
          if (sentAhead && !claimed && typeof data === "string" && data.startsWith(CONNECT)) clientConnect(data);
          else early.send(data);
        },
        close: (code, reason) => early.close(code, reason),
        addEventListener: (...args) => early.addEventListener(...args),
        removeEventListener: (...args) => early.removeEventListener(...args),
      };
      // The client sets its handlers right after construction: replay what came before them, then go live.
      setTimeout(() => {
        while (waiting.length) {
          const [name, event] = waiting.shift();
          taker[name]?.call(taker, event);
        }
        taker.live = true;
      }, 0);
      return taker;
    };

    function EarlyAwareWebSocket(address, protocols) {
      const wanted = Array.isArray(protocols) ? protocols : protocols ? [protocols] : [];
      if (!taker && address === url && wanted.length === 1 && wanted[0] === protocol
          && early.readyState <= Native.OPEN) {
        return adopt();
      }
      return protocols === undefined ? new Native(address) : new Native(address, protocols);
    }
    EarlyAwareWebSocket.prototype = Native.prototype;
    for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) EarlyAwareWebSocket[name] = Native[name];
    window.WebSocket = EarlyAwareWebSocket;
    setTimeout(() => {
      if (!taker) early.close();
    }, 10000);
  } catch (error) {
    // the page opens its socket the ordinary way
  }
})();
