// Inlined into every page's <head> (components/offline.py): open the page's websocket while its scripts still
// load and run, instead of after. On a phone that is one round trip (150 ms on Lighthouse's mobile profile)
// saved on every page load: the socket's handshake no longer waits for the whole bundle to be evaluated.
//
// The socket is the one Reflex would open itself: the same address (this page's host, /_event/, the tab's
// token, Engine.IO 4 over websocket) and the same subprotocol (Reflex's version, __REFLEX_VERSION__). When
// Reflex's own client asks for exactly that socket, it is handed this one, with what already arrived replayed
// in order; any other socket, or none asked for within 10 s, and this one is closed and nothing is changed.
(() => {
  try {
    if (typeof WebSocket === "undefined" || !window.sessionStorage || !window.crypto) return;
    const TOKEN_KEY = "token"; // Reflex's own key for the tab's state token
    let token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      token = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
      sessionStorage.setItem(TOKEN_KEY, token);
    }
    const Native = window.WebSocket;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const url = `${scheme}${location.host}/_event/?token=${encodeURIComponent(token)}&EIO=4&transport=websocket`;
    const protocol = "__REFLEX_VERSION__";
    const early = new Native(url, [protocol]);
    const waiting = []; // [handler name, event] in the order they happened, until Reflex takes the socket
    let taker = null;
    const forward = (name) => (event) => {
      if (taker && taker.live) taker[name]?.call(taker, event);
      else waiting.push([name, event]);
    };
    early.onopen = forward("onopen");
    early.onmessage = forward("onmessage");
    early.onclose = forward("onclose");
    early.onerror = forward("onerror");

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
        send: (data) => early.send(data),
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
