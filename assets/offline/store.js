// What this phone keeps for the CE Tracker, so nothing a member typed is lost with the conference Wi-Fi.
//
// Everything lives in localStorage (synchronous: a value is on the phone before the tap's handler returns, and
// it outlives a closed tab or a discarded one), under keys scoped to the member, by the member ID the page
// shows (never a token), and to the event:
//   ce-offline:v1:member                          who was last signed in on this phone (the offline copies' owner)
//   ce-offline:v1:pending:<member>:cme:<event>    the saves not yet confirmed by the server, in the order made
//   ce-offline:v1:drafts:<member>:cme:<event>     what was typed in a day's box and not yet saved
//   ce-offline:v1:copy:<member>:<path>            the last page the server sent, to open it offline
// A value pending for one member is only ever read under that member's key, so the next person signed in on
// the same phone never sends it as theirs.

const PREFIX = "ce-offline:v1:";
export const MEMBER_KEY = `${PREFIX}member`;
const memory = new Map(); // when storage is refused (private mode, quota): this tab at least keeps it

export function readJson(key, fallback) {
  let raw = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    raw = null;
  }
  if (raw === null) raw = memory.get(key) ?? null;
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function writeJson(key, value) {
  const empty = value === null || value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  try {
    if (empty) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
    memory.delete(key);
  } catch {
    if (empty) memory.delete(key);
    else memory.set(key, JSON.stringify(value));
  }
}

export const pendingKey = (member, event) => `${PREFIX}pending:${member}:cme:${event}`;
export const draftsKey = (member, event) => `${PREFIX}drafts:${member}:cme:${event}`;
export const copyKey = (member, path) => `${PREFIX}copy:${member}:${path}`;

export function lastMember() {
  return readJson(MEMBER_KEY, null);
}

export function rememberMember(member) {
  if (lastMember() !== member) writeJson(MEMBER_KEY, member);
}

export function forgetMember() {
  writeJson(MEMBER_KEY, null);
}

/** The page's path without a trailing slash: one key for "/cme/7" and "/cme/7/". */
export function pagePath() {
  const path = typeof window === "undefined" ? "/" : window.location.pathname;
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Whether the phone is cut off: the websocket keeps failing, or the browser itself knows it has no network. */
export function isOffline(connectErrors) {
  const browserOffline = typeof navigator !== "undefined" && navigator.onLine === false;
  return browserOffline || (connectErrors?.length ?? 0) > 0;
}

/** A fresh id for one save: the server applies each id once, so sending a save again is harmless. */
export function newSaveId() {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
