// The realtime room client (protocol v1, docs/rooms-protocol.md). One websocket; the room's
// state comes in `welcome` and is then folded event by event (the same rules as the server's
// reducer). On a drop it reconnects with backoff and resumes with `since=<last seq>`.

const root = document.getElementById("room");
const config = JSON.parse(root.dataset.config);
const S = config.strings;
const isModerator = config.role === "moderator";
const maySpeak = config.role !== "observer";
const params = new URLSearchParams(location.search);
const group = params.get("group");
const $ = (id) => document.getElementById(id);

const fmt = (key, vars = {}) => (S[key] || key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v != null) node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
};

let state = null;
let last = 0;
let socket = null;
let backoff = 500;
let stopped = false;
const present = new Map();
const myVotes = new Map();

// ---- connection -----------------------------------------------------------------------------

function setStatus(text) {
  $("room-status").textContent = text;
}

function banner(text) {
  const b = $("room-banner");
  b.textContent = text;
  b.hidden = !text;
}

function connect() {
  const q = new URLSearchParams();
  if (last > 0) q.set("since", String(last));
  if (group) q.set("group", group);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  setStatus(S.connecting);
  socket = new WebSocket(`${scheme}//${location.host}/ws/sessions/${config.session}?${q}`);
  socket.addEventListener("message", (m) => receive(JSON.parse(m.data)));
  socket.addEventListener("close", (e) => {
    socket = null;
    if (e.code === 4003) return stop(S.closed_removed);
    if (e.code === 4001) return stop(S.closed_signed_out);
    if (stopped) return;
    setStatus(S.reconnecting);
    const wait = backoff / 2 + Math.random() * backoff;
    backoff = Math.min(backoff * 2, 15000);
    setTimeout(connect, wait);
  });
}

function stop(text) {
  stopped = true;
  setStatus(text);
  banner(text);
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function receive(m) {
  switch (m.type) {
    case "welcome":
      backoff = 500;
      state = m.state;
      last = state.seq;
      present.clear();
      for (const p of m.present) present.set(p.user, p);
      setStatus(S.connected);
      renderAll();
      break;
    case "event":
      if (m.seq <= last) return; // already in the state
      last = m.seq;
      apply(m);
      renderAll(m);
      break;
    case "presence":
      if (m.online) present.set(m.member.user, m.member);
      else present.delete(m.member.user);
      renderPresent();
      break;
    case "typing":
      if (m.user !== config.user) {
        $("room-typing").textContent = `${m.name}…`;
        clearTimeout(receive.typing);
        receive.typing = setTimeout(() => ($("room-typing").textContent = ""), 3000);
      }
      break;
    case "error":
      banner(fmt("error", { message: m.message }));
      setTimeout(() => banner(""), 5000);
      break;
    default:
      break;
  }
}

// ---- the reducer (mirrors server/src/rooms/realtime/reducer.rs) -------------------------------

function apply(e) {
  const ev = e.event;
  const s = state;
  s.seq = e.seq;
  switch (ev.kind) {
    case "chat":
      s.chat.push({ seq: e.seq, author: e.author, name: e.author_name, text: ev.text, at: e.at, edited: false, deleted: false });
      if (s.chat.length > 100) s.chat.shift();
      break;
    case "chat_edited": {
      const line = s.chat.find((l) => l.seq === ev.target);
      if (line) Object.assign(line, { text: ev.text, edited: true });
      break;
    }
    case "chat_deleted": {
      const line = s.chat.find((l) => l.seq === ev.target);
      if (line) Object.assign(line, { text: "", deleted: true });
      break;
    }
    case "hand_raised":
      if (!s.hands.some((h) => h.user === ev.user)) s.hands.push({ user: ev.user, name: ev.name, seq: e.seq });
      break;
    case "hand_lowered":
      s.hands = s.hands.filter((h) => h.user !== ev.user);
      break;
    case "floor_given":
      s.hands = s.hands.filter((h) => h.user !== ev.user);
      s.floor = { user: ev.user, name: ev.name, seconds: ev.seconds, until: ev.until };
      break;
    case "floor_ended":
      s.floor = null;
      break;
    case "agenda_set":
      s.agenda = { title: ev.title, minutes: ev.minutes, started_at: ev.started_at };
      break;
    case "agenda_cleared":
      s.agenda = null;
      break;
    case "poll_opened":
      s.polls.push({
        id: e.seq, question: ev.question, options: ev.options, multiple: ev.multiple, anonymous: ev.anonymous,
        live_results: ev.live_results, open: true, tally: ev.live_results ? ev.options.map(() => 0) : null, votes_cast: 0,
      });
      break;
    case "poll_voted": {
      const p = s.polls.find((x) => x.id === ev.poll);
      if (p) {
        p.votes_cast = ev.votes_cast;
        if (ev.tally) p.tally = ev.tally;
      }
      break;
    }
    case "poll_closed": {
      const p = s.polls.find((x) => x.id === ev.poll);
      if (p) Object.assign(p, { open: false, tally: ev.tally, votes_cast: ev.votes_cast });
      break;
    }
    case "reaction":
      showReaction(e.author_name, ev.emoji);
      break;
    case "chat_muted":
      s.muted = ev.muted;
      break;
    case "participant_removed":
      s.removed.push(ev.user);
      s.hands = s.hands.filter((h) => h.user !== ev.user);
      if (s.floor && s.floor.user === ev.user) s.floor = null;
      break;
    case "room_locked":
      s.locked = ev.locked;
      break;
    case "note_added":
      s.notes.push({ seq: e.seq, name: e.author_name, text: ev.text, at: e.at });
      break;
    case "breakout_started":
      s.breakout = { groups: ev.groups, assignment: ev.assignment, ends_at: ev.ends_at };
      s.broadcast = null;
      break;
    case "breakout_broadcast":
      s.broadcast = ev.text;
      break;
    case "breakout_recalled":
      s.breakout = null;
      s.broadcast = null;
      if (group) {
        banner(S.recalled);
        stopped = true;
        if (socket) socket.close(1000);
        setTimeout(() => (location.search = ""), 1500);
      }
      break;
    default:
      break;
  }
}

// ---- drawing ------------------------------------------------------------------------------------

function secondsUntil(iso) {
  return Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
}

function renderAll() {
  if (!state) return;
  renderStage();
  renderHands();
  renderChat();
  renderPolls();
  renderPresent();
  renderNotes();
  renderBreakout();
  renderModeration();
}

// Live regions change only when their text does; the timers beside them are not announced.
function setText(id, text) {
  const node = $(id);
  if (node.textContent !== text) node.textContent = text;
}

function renderStage() {
  const a = state.agenda;
  if (a) {
    const end = Date.parse(a.started_at) + a.minutes * 60000;
    const left = Math.max(0, Math.ceil((end - Date.now()) / 60000));
    setText("room-agenda", a.title);
    setText("room-agenda-timer", fmt("minutes_left", { minutes: left }));
  } else {
    setText("room-agenda", "");
    setText("room-agenda-timer", "");
  }
  const f = state.floor;
  if (f) {
    setText("room-floor", f.user === config.user ? S.you_have_floor : fmt("floor", { name: f.name }));
    setText("room-floor-timer", fmt("seconds_left", { seconds: secondsUntil(f.until) }));
  } else {
    setText("room-floor", S.nobody_has_floor);
    setText("room-floor-timer", "");
  }
  $("room-end-floor").hidden = !(f && (f.user === config.user || isModerator));
  const raised = state.hands.some((h) => h.user === config.user);
  const hand = $("room-hand");
  hand.textContent = raised ? S.lower_hand : S.raise_hand;
  hand.setAttribute("aria-pressed", String(raised));
  hand.disabled = !maySpeak;
}

function renderHands() {
  const list = $("room-hands");
  list.replaceChildren();
  if (!state.hands.length) list.append(el("li", { class: "empty" }, S.no_hands));
  for (const h of state.hands) {
    const item = el("li", {}, el("span", {}, h.user === config.user ? `${h.name} (${S.you})` : h.name));
    if (isModerator) {
      item.append(
        " ",
        el("button", { type: "button", class: "button button--small", "data-give-floor": h.user,
          onclick: () => send({ type: "give_floor", user: h.user, seconds: 120 }) }, S.give_floor),
        " ",
        el("button", { type: "button", class: "button button--small button--secondary",
          onclick: () => send({ type: "lower_hand", user: h.user }) }, S.lower),
      );
    }
    list.append(item);
  }
}

function renderChat() {
  const log = $("room-log");
  const seen = new Set();
  for (const line of state.chat) {
    seen.add(`chat-${line.seq}`);
    let item = document.getElementById(`chat-${line.seq}`);
    const text = line.deleted ? S.deleted : line.text + (line.edited ? ` ${S.edited}` : "");
    if (!item) {
      item = el("li", { id: `chat-${line.seq}`, class: "room__line" },
        el("span", { class: "room__who" }, line.name || ""), " ", el("span", { class: "room__text" }, text));
      if (!line.deleted && (line.author === config.user || isModerator)) {
        const actions = el("span", { class: "room__line-actions" });
        if (line.author === config.user) {
          actions.append(el("button", { type: "button", class: "button button--small button--ghost",
            onclick: () => editLine(line.seq) }, S.edit));
        }
        actions.append(el("button", { type: "button", class: "button button--small button--ghost",
          onclick: () => send({ type: "delete_chat", target: line.seq }) }, S.delete));
        item.append(" ", actions);
      }
      log.append(item);
      log.scrollTop = log.scrollHeight;
    } else {
      item.querySelector(".room__text").textContent = text;
      if (line.deleted) item.querySelector(".room__line-actions")?.remove();
    }
  }
  for (const item of [...log.children]) if (!seen.has(item.id)) item.remove();
  const input = $("room-chat-text");
  input.disabled = !maySpeak || (state.muted && !isModerator);
  input.placeholder = state.muted ? S.muted : "";
}

function editLine(seq) {
  const line = state.chat.find((l) => l.seq === seq);
  const item = document.getElementById(`chat-${seq}`);
  if (!line || !item) return;
  const input = el("input", { value: line.text, maxlength: "2000", "aria-label": S.edit });
  const form = el("form", { class: "room__edit" }, input,
    el("button", { type: "submit", class: "button button--small" }, S.save),
    el("button", { type: "button", class: "button button--small button--secondary", onclick: () => form.remove() }, S.cancel));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    send({ type: "edit_chat", target: seq, text: input.value });
    form.remove();
  });
  item.append(form);
  input.focus();
}

function renderPolls() {
  const box = $("room-polls");
  box.replaceChildren();
  for (const p of [...state.polls].reverse()) {
    const fieldset = el("fieldset", { class: "room__poll" },
      el("legend", {}, `${p.question} · ${p.open ? S.poll_open : S.poll_closed}${p.anonymous ? ` · ${S.anonymous}` : ""}`));
    const form = el("form", {}, fieldset);
    p.options.forEach((option, i) => {
      const id = `poll-${p.id}-${i}`;
      const count = p.tally ? ` — ${fmt("votes", { count: p.tally[i] })}` : "";
      const input = el("input", { type: p.multiple ? "checkbox" : "radio", name: `poll-${p.id}`, id, value: String(i),
        disabled: !p.open || !maySpeak, checked: (myVotes.get(p.id) || []).includes(i) });
      fieldset.append(el("div", {}, input, " ", el("label", { for: id }, option + count)));
    });
    fieldset.append(el("p", { class: "room__poll-meta" }, fmt("votes", { count: p.votes_cast }),
      !p.tally && p.open ? ` · ${S.results_after_close}` : ""));
    if (p.open && maySpeak) fieldset.append(el("button", { type: "submit", class: "button button--small" }, S.vote));
    if (p.open && isModerator) {
      fieldset.append(" ", el("button", { type: "button", class: "button button--small button--secondary",
        onclick: () => send({ type: "close_poll", poll: p.id }) }, S.close_poll));
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const choices = [...form.querySelectorAll("input:checked")].map((i) => Number(i.value));
      myVotes.set(p.id, choices);
      send({ type: "vote", poll: p.id, choices });
    });
    box.append(form);
  }
}

function renderPresent() {
  const list = $("room-present");
  list.replaceChildren();
  for (const m of [...present.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const item = el("li", {}, m.user === config.user ? `${m.name} (${S.you})` : m.name);
    if (isModerator && m.user !== config.user) {
      item.append(" ", el("button", { type: "button", class: "button button--small button--ghost",
        onclick: () => send({ type: "remove", user: m.user }) }, S.remove));
    }
    list.append(item);
  }
}

function renderNotes() {
  const list = $("room-notes");
  if (!list) return;
  list.replaceChildren(...state.notes.map((n) => el("li", {}, `${n.name || ""}: ${n.text}`)));
}

function renderBreakout() {
  const box = $("room-breakout");
  box.replaceChildren();
  const b = state.breakout;
  if (group) {
    box.append(el("p", {}, fmt("breakout_assigned", { group })),
      el("a", { href: location.pathname, class: "button button--secondary" }, S.breakout_back));
  } else if (b) {
    const until = new Date(b.ends_at).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
    box.append(el("p", {}, fmt("breakout_running", { minutes: until })));
    const mine = b.assignment[config.user];
    if (mine) box.append(el("a", { href: `?group=${mine}`, class: "button" }, fmt("breakout_join", { group: mine })));
    if (isModerator) {
      for (let g = 1; g <= b.groups; g += 1) {
        box.append(" ", el("a", { href: `?group=${g}`, class: "button button--small button--secondary" }, fmt("breakout_join", { group: g })));
      }
    }
  }
  if (state.broadcast) box.append(el("p", { class: "room__broadcast", role: "alert" }, fmt("broadcast", { text: state.broadcast })));
}

function renderModeration() {
  const mute = $("room-mute");
  if (mute) mute.setAttribute("aria-pressed", String(state.muted));
  const lock = $("room-lock");
  if (lock) lock.setAttribute("aria-pressed", String(state.locked));
}

function showReaction(name, emoji) {
  const feed = $("room-reaction-feed");
  feed.textContent = fmt("reaction", { name: name || "", emoji });
  clearTimeout(showReaction.timer);
  showReaction.timer = setTimeout(() => (feed.textContent = ""), 3000);
}

// ---- controls -------------------------------------------------------------------------------------

function onSubmit(id, build) {
  const form = $(id);
  if (!form) return;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const message = build();
    if (message) {
      send(message);
      form.reset();
    }
  });
}

let lastTyping = 0;
$("room-chat-text").addEventListener("input", () => {
  if (Date.now() - lastTyping > 3000) {
    lastTyping = Date.now();
    send({ type: "typing" });
  }
});
$("room-chat-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("room-chat-form").requestSubmit();
  }
});
onSubmit("room-chat-form", () => {
  const text = $("room-chat-text").value.trim();
  return text ? { type: "chat", text } : null;
});
$("room-hand").addEventListener("click", () => {
  const raised = state && state.hands.some((h) => h.user === config.user);
  send(raised ? { type: "lower_hand" } : { type: "raise_hand" });
});
$("room-end-floor").addEventListener("click", () => send({ type: "end_floor" }));
for (const b of document.querySelectorAll(".room__react")) {
  b.addEventListener("click", () => send({ type: "react", emoji: b.dataset.emoji }));
}
onSubmit("room-note-form", () => ({ type: "note", text: $("room-note-text").value }));
onSubmit("room-agenda-form", () => ({
  type: "set_agenda", title: $("room-agenda-title").value, minutes: Number($("room-agenda-minutes").value),
}));
onSubmit("room-poll-form", () => ({
  type: "open_poll",
  question: $("room-poll-question").value,
  options: $("room-poll-options").value.split("\n").map((o) => o.trim()).filter(Boolean),
  multiple: $("room-poll-multiple").checked,
  anonymous: $("room-poll-anonymous").checked,
  live_results: $("room-poll-live").checked,
}));
onSubmit("room-breakout-form", () => ({
  type: "start_breakout", groups: Number($("room-breakout-groups").value), minutes: Number($("room-breakout-minutes").value),
}));
onSubmit("room-broadcast-form", () => ({ type: "broadcast_to_groups", text: $("room-broadcast-text").value }));
$("room-recall")?.addEventListener("click", () => send({ type: "recall_breakout" }));
$("room-mute")?.addEventListener("click", () => send({ type: "mute_chat", muted: !state.muted }));
$("room-lock")?.addEventListener("click", () => send({ type: "lock", locked: !state.locked }));

// Timers tick locally; the server's times are the reference.
setInterval(() => state && renderStage(), 1000);
// Browsers cannot send ping frames; an application ping keeps idle proxies and the server content.
setInterval(() => send({ type: "ping" }), 20000);

connect();
