// The event sheet's days on the phone: the pencil and the disc work without a network, and what the member
// saves is kept on the phone (store.js) until the server says it has it.
//
// The server's part comes in as props (the days, their saved values, the refusals, and `answered`: for each
// day, the id of the last save the server handled in this tab); the phone's part is the queue of saves not
// yet confirmed, each with its own id. A save is sent when the page is live (connected and loaded for this
// member); it is sent again, under the same id, whenever the phone cannot know that it arrived (the
// connection dropped, the tab was closed and opened again, no answer for a while). The server applies each id
// once, so the queue can be sent as often as needed: the saves go through in the order they were made, each
// exactly once.
import { createElement as h, useContext, useEffect, useRef, useState } from "react";
import { Card, Flex, IconButton, Text, TextField } from "@radix-ui/themes";
import LucideSave from "lucide-react/dist/esm/icons/save.mjs";
import LucidePencil from "lucide-react/dist/esm/icons/pencil.mjs";
import { EventLoopContext } from "$/utils/context-registry";
import { draftsKey, isOffline, newSaveId, pagePath, pendingKey, readJson, writeJson } from "./store.js";

const RESEND_MS = 10000; // a save unanswered this long on a live page is sent again (same id)
export const NOT_SAVED_YET = "Not saved yet: it will be saved when you are back online.";
const TOUCH = { minWidth: "44px", minHeight: "44px", padding: "6px" };
const UNDER_LABEL = { paddingLeft: "calc(44px + var(--space-3))" }; // the day's words line up with its name

/** Whether the browser says it has a network at all (the websocket's failures say the rest). */
function useBrowserOnline() {
  const [online, setOnline] = useState(() => typeof navigator === "undefined" || navigator.onLine !== false);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, []);
  return online;
}

/** The saves and drafts of one member's one event, kept on the phone and in refs (read in handlers). */
function usePhoneCopy(member, event) {
  const scope = useRef(null);
  const queue = useRef([]);
  const drafts = useRef({});
  const [, setVersion] = useState(0);
  const current = `${member}|${event}`;
  if (scope.current !== current) { // another member signed in, or another event: read theirs, never mix
    scope.current = current;
    queue.current = member ? readJson(pendingKey(member, event), []) : [];
    drafts.current = member ? readJson(draftsKey(member, event), {}) : {};
  }
  const rerender = () => setVersion((n) => n + 1);
  return {
    queue,
    drafts,
    setQueue(next) {
      queue.current = next;
      if (member) writeJson(pendingKey(member, event), next);
      rerender();
    },
    setDrafts(next) {
      drafts.current = next;
      if (member) writeJson(draftsKey(member, event), next);
      rerender();
    },
    rerender,
  };
}

function words(entry, live, saved) {
  if (entry) return live ? ["Saving…", "gray"] : [NOT_SAVED_YET, "amber"];
  return saved !== "" ? ["Saved", "green"] : ["", "gray"];
}

function DayCard({ row, saved, error, entry, draft, editing, live, open, onEdit, onType, onSave }) {
  const id = row.id;
  const label = row.label;
  const shown = entry ? entry.value : saved;
  const [said, color] = words(entry, live, saved);
  const hint = h(Text, { as: "p", color: "gray", id: `hint-${id}`, size: "1" },
    "Up to ", row.max, " credits", row.session);
  const saving = Boolean(entry) && live;
  const credits = editing
    ? h(TextField.Root, {
      id: `credits-${id}`, name: "credits", defaultValue: draft ?? shown, inputMode: "decimal",
      autoComplete: "off", maxLength: 10, "aria-label": `Credits for ${label}`, size: "3",
      style: { width: "6em" }, autoFocus: true, "aria-invalid": error ? "true" : "false",
      "aria-describedby": `hint-${id}` + (error ? ` error-${id}` : ""),
      onChange: (ev) => onType(id, ev.target.value),
    })
    : h(Text, { as: "p", size: "5", weight: "bold", "aria-label": `Credits for ${label}: ${shown !== "" ? shown : "not entered"}` },
      shown !== "" ? shown : "—");
  // Two buttons, never one reused: a pencil turned into the disc during its own click would submit the form.
  const action = editing
    ? h(IconButton, { key: "save", type: "submit", "aria-label": `Save ${label}`, size: "3", style: TOUCH, disabled: saving },
      h(LucideSave, { "aria-hidden": "true", size: 24 }))
    : h(IconButton, { key: "edit", type: "button", "aria-label": `Edit ${label}`, size: "3", variant: "soft", style: TOUCH,
      disabled: !open, onClick: (ev) => { ev.preventDefault(); onEdit(id); } },
      h(LucidePencil, { "aria-hidden": "true", size: 24 }));
  const unsaved = !editing && !entry && draft !== undefined && draft !== saved;
  return h(Card, { role: "group", "aria-label": label, style: { width: "100%" } },
    h("form", {
      style: { width: "100%" },
      onSubmit: (ev) => {
        ev.preventDefault();
        const box = ev.currentTarget.elements.namedItem("credits");
        onSave(id, box ? box.value : "");
      },
    },
    h(Flex, { align: "center", gap: "3", width: "100%", className: "rx-Stack", direction: "row" },
      action,
      h(Flex, { direction: "column", gap: "0", className: "rx-Stack" }, h(Text, { as: "p", weight: "medium" }, label), hint),
      h(Flex, { style: { flex: 1 } }),
      credits),
    said !== "" && h(Text, { as: "p", size: "2", color, "aria-live": "polite", "data-day-state": id, style: UNDER_LABEL,
      weight: color === "amber" ? "medium" : "regular" }, said),
    unsaved && h(Text, { as: "p", size: "2", color: "amber", style: UNDER_LABEL },
      `You typed ${draft === "" ? "nothing" : draft} here and did not save it: tap the pencil to finish.`),
    error && !entry && h(Text, { as: "p", color: "red", id: `error-${id}`, role: "alert", size: "2", style: UNDER_LABEL },
      error)));
}

function NotRegistered({ row }) {
  return h(Card, { role: "group", "aria-label": row.label, style: { width: "100%" } },
    h(Flex, { align: "center", gap: "3", style: { width: "100%", minHeight: "44px" } },
      h(Flex, { direction: "column", gap: "0" }, h(Text, { as: "p", weight: "medium" }, row.label),
        h(Text, { as: "p", color: "gray", size: "2" }, "Not registered"))));
}

export function CmeDays({ rows = [], values = {}, errors = {}, answered = {}, phase = "", member = "",
  hydrated = false, onSave, children }) {
  const loop = useContext(EventLoopContext);
  const connectErrors = loop ? loop[1] : [];
  const browserOnline = useBrowserOnline();
  const live = Boolean(hydrated && browserOnline && !isOffline(connectErrors) && member);
  const event = pagePath().split("/").pop();
  const phone = usePhoneCopy(member, event);
  const [editing, setEditing] = useState({});
  const sent = useRef({}); // save id -> when it was last sent (this page only)
  const [tick, setTick] = useState(0);

  // The server's answers: a save it handled leaves the queue; a refused one goes back into the day's box.
  useEffect(() => {
    const answeredNow = phone.queue.current.filter((entry) => answered[entry.day] === entry.id);
    if (answeredNow.length === 0) return;
    const drafts = { ...phone.drafts.current };
    const open = {};
    for (const entry of answeredNow) {
      delete sent.current[entry.id];
      if (errors[entry.day]) {
        drafts[entry.day] = entry.value;
        open[entry.day] = true;
      } else {
        if (drafts[entry.day] === entry.value) delete drafts[entry.day];
        open[entry.day] = false;
      }
    }
    phone.setQueue(phone.queue.current.filter((entry) => !answeredNow.includes(entry)));
    phone.setDrafts(drafts);
    setEditing((was) => ({ ...was, ...open }));
  }, [answered, errors, member, event]);

  // Offline, nothing counts as sent: when the connection returns, every save still waiting goes again.
  useEffect(() => {
    if (!live) sent.current = {};
  }, [live]);

  // Send what waits, in the order it was made; again after RESEND_MS without an answer.
  useEffect(() => {
    if (!live || !onSave) return;
    const now = Date.now();
    for (const entry of phone.queue.current) {
      const at = sent.current[entry.id];
      if (at === undefined || now - at > RESEND_MS) {
        sent.current[entry.id] = now;
        onSave({ day_id: entry.day, credits: entry.value, save_id: entry.id, member });
      }
    }
  });

  useEffect(() => {
    if (!live || phone.queue.current.length === 0) return undefined;
    const timer = window.setInterval(() => setTick((n) => n + 1), RESEND_MS / 2);
    return () => window.clearInterval(timer);
  }, [live, phone.queue.current.length]);

  // Cut off in the middle of a save: the day shows its value and says it is not saved yet.
  useEffect(() => {
    if (live) return;
    const waiting = phone.queue.current.map((entry) => entry.day);
    if (waiting.some((day) => editing[day])) {
      setEditing((was) => Object.fromEntries(Object.entries(was).map(([day, on]) => [day, on && !waiting.includes(day)])));
    }
  }, [live, editing]);

  const isOpen = phase === "open";
  const onEdit = (day) => {
    if (isOpen) setEditing((was) => ({ ...was, [day]: true }));
  };
  const onType = (day, text) => phone.setDrafts({ ...phone.drafts.current, [day]: text });
  const onSaveDay = (day, text) => {
    const entry = { day, value: text.trim(), id: newSaveId(), at: Date.now() };
    phone.setQueue([...phone.queue.current.filter((e) => e.day !== day), entry]);
    const drafts = { ...phone.drafts.current };
    delete drafts[day];
    phone.setDrafts(drafts);
    if (!live) setEditing((was) => ({ ...was, [day]: false }));
  };

  const waiting = phone.queue.current;
  const ready = live && waiting.length === 0;
  const cards = rows.map((row) => {
    if (row.registered === "") return h(NotRegistered, { key: row.id, row });
    return h(DayCard, {
      key: row.id, row, saved: values[row.id] ?? "", error: errors[row.id] ?? "",
      entry: waiting.find((e) => e.day === row.id), draft: phone.drafts.current[row.id],
      editing: isOpen && Boolean(editing[row.id]), live, open: isOpen, onEdit, onType, onSave: onSaveDay,
    });
  });
  return h(Flex, { direction: "column", gap: "3", style: { width: "100%" } },
    h(Flex, { direction: "column", gap: "2", style: { width: "100%" } }, ...cards),
    h("fieldset", { disabled: !ready, style: { border: 0, padding: 0, margin: 0, minWidth: 0, width: "100%" } },
      h(Flex, { direction: "column", gap: "3", style: { width: "100%" } },
        children,
        isOpen && !live && rows.length > 0 && h(Text, { as: "p", size: "2", color: "gray" },
          "You can submit once you are back online and every day is saved."))));
}
