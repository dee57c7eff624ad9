// A page's last known content, kept on the phone so it opens offline (the CME Tracker and the event sheet).
//
// Online, every time the server has loaded the page for the member signed in, the page's own state (the
// fields named) and the signed-in person's display facts are written under that member and the page's path.
// Opened offline (a reload, a closed tab, the home-screen icon), the page's state is empty and the websocket
// fails: the copy of the member last signed in on this phone is put back into the page's state, and a notice
// says plainly that this is the phone's copy and from when. When the connection returns, the server's
// hydrate replaces it all.
import { createElement as h, useContext, useEffect, useState } from "react";
import { Callout } from "@radix-ui/themes";
import { DispatchContext, EventLoopContext, useStateContext } from "$/utils/context-registry";
import { copyKey, isOffline, lastMember, pagePath, readJson, writeJson } from "./store.js";

function pick(state, fields) {
  const out = {};
  for (const field of fields) if (state && field in state) out[field] = state[field];
  return out;
}

function when(at) {
  const date = new Date(at);
  const sameDay = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  return sameDay ? `today at ${time}` : `${date.toLocaleDateString([], { weekday: "short", month: "short", day: "numeric" })} at ${time}`;
}

export function OfflineCopy({ stateName, authName, fields = [], authFields = [], member = "", hydrated = false }) {
  const loop = useContext(EventLoopContext);
  const offline = isOffline(loop ? loop[1] : []);
  const dispatch = useContext(DispatchContext);
  const state = useStateContext(stateName);
  const auth = useStateContext(authName);
  const [restored, setRestored] = useState(null);
  const path = pagePath();

  useEffect(() => {
    if (!hydrated || offline || !member) return;
    writeJson(copyKey(member, path), { at: Date.now(), state: pick(state, fields), auth: pick(auth, authFields) });
  }, [hydrated, offline, member, path, state, auth]);

  useEffect(() => {
    if (hydrated || !offline || restored) return;
    const who = lastMember();
    const copy = who ? readJson(copyKey(who, path), null) : null;
    if (copy && dispatch) {
      dispatch[authName]?.(copy.auth);
      dispatch[stateName]?.(copy.state);
      setRestored({ at: copy.at });
    } else {
      setRestored({ at: null });
    }
  }, [hydrated, offline, path]);

  useEffect(() => {
    if (hydrated && !offline) setRestored(null);
  }, [hydrated, offline]);

  if (!restored || (hydrated && !offline)) return null;
  const text = restored.at
    ? `This is the copy kept on this phone, as it was ${when(restored.at)}. It is updated when you are back online.`
    : "This page has not been opened on this phone before, so there is no copy of it here. It opens when you are back online.";
  return h(Callout.Root, { color: restored.at ? "amber" : "gray", role: "status", style: { width: "100%" } },
    h(Callout.Text, {}, text));
}
