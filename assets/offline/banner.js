// The one, plain sign that the phone is offline, on every page, instead of Reflex's technical toast
// ("Cannot connect to server: websocket error."); and the note of who is signed in on this phone, which the
// offline copies (copy.js) are kept under.
import { createElement as h, useContext, useEffect, useState } from "react";
import { EventLoopContext } from "$/utils/context-registry";
import { isOffline, rememberMember } from "./store.js";
import { rememberBootState } from "./boot_state.js";

export const OFFLINE_WORDS = "You are offline. What you enter is kept on this phone and saved when you are back online.";

export function OfflineBanner({ hydrated = false, signedIn = false, member = "" }) {
  const loop = useContext(EventLoopContext);
  const [browserOnline, setBrowserOnline] = useState(true);
  useEffect(rememberBootState, []);
  useEffect(() => {
    const update = () => setBrowserOnline(navigator.onLine !== false);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  const offline = !browserOnline || isOffline(loop ? loop[1] : []);

  useEffect(() => {
    if (!hydrated || offline) return;
    // Forgotten only by "Log out" (state/auth.py): a page that does not look at the session says "not signed
    // in" without meaning it.
    if (signedIn && member) rememberMember(member);
  }, [hydrated, offline, signedIn, member]);

  if (!offline) return null;
  return h("div", {
    role: "status",
    className: "no-print",
    style: {
      position: "relative", width: "100%", padding: "0.6em 1em", textAlign: "center",
      background: "var(--amber-3)", color: "var(--amber-12)", borderBottom: "1px solid var(--amber-7)",
      fontSize: "var(--font-size-2)", lineHeight: 1.4,
    },
  }, OFFLINE_WORDS);
}
