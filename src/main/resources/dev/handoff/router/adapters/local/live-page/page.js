// Dev mode's live page (README "Live page"). Every 500 ms it reads the router's state through its queries alone
// (queue.list, queue.get, participant.get, conversation.get, conversation.transcript), which the page's server
// forwards to the router's endpoint, and redraws what changed. Text from the router only ever becomes text nodes
// (never HTML), so whatever a customer's name or message holds is shown, not run.
'use strict';

const POLL_MS = 500;
const POLL_GAP_MS = 100; // leaves the router's one dev-mode thread to other events between rounds
const POLL_HIDDEN_MS = 5000;
const PAGE_LIMIT = 100;
const MAX_PAGES = 50;
const LINES = ['any', 'bot', 'representative'];

const state = {
  // ?queues=<prefix> shows only the queues whose id starts with it (and their members)
  prefix: new URLSearchParams(location.search).get('queues') || '',
  selected: decodeURIComponent(location.hash.slice(1)) || null,
  drawn: new Map(),
};

/**
 * One query through the page's server; a rejection comes back as the router's answer, other failures throw. The
 * answer's eventId, new every time, is dropped: what is drawn changes only when the state does.
 */
async function query(type, data) {
  const response = await fetch('/api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type, data }),
  });
  if (!response.ok) {
    throw new Error(`${type}: HTTP ${response.status} ${await response.text()}`);
  }
  const { eventId, ...answer } = await response.json();
  return answer;
}

/**
 * Every page of a paged query: the first answer, with `field` holding the items of all pages; null when what it reads
 * is gone (not_found: a queue or participant removed meanwhile is left out of this round). Other rejections throw.
 */
async function allPages(type, data, field) {
  let first = null;
  let items = [];
  let after = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const asked = { ...data, limit: PAGE_LIMIT };
    if (after !== null) {
      asked.after = after;
    }
    const answer = await query(type, asked);
    if (answer.status !== 'ok') {
      const error = answer.error || {};
      if (error.code === 'not_found') {
        return first === null ? null : { ...first, [field]: items };
      }
      throw new Error(`${type} was refused: ${error.code} (${error.message})`);
    }
    first = first || answer;
    items = items.concat(answer[field] || []);
    after = answer.after ?? null;
    if (after === null) {
      break;
    }
  }
  return { ...first, [field]: items };
}

async function readBoard() {
  const list = await allPages('queue.list', {}, 'queues');
  const ids = list.queues.map(q => q.queueId).filter(id => id.startsWith(state.prefix)).sort();
  const queues = (await Promise.all(ids.map(queueId => allPages('queue.get', { queueId }, 'members'))))
    .filter(Boolean);
  const members = [...new Set(queues.flatMap(q => q.members.map(m => m.participantId)))].sort();
  const participants = (await Promise.all(members.map(participantId =>
    allPages('participant.get', { participantId }, 'conversations')))).filter(Boolean);
  return { queues, participants };
}

async function readConversation(conversationId) {
  const view = await query('conversation.get', { conversationId });
  if (view.status === 'rejected') {
    return view;
  }
  let messages = view.messages || [];
  // conversation.get carries the transcript's first page; the rest comes from conversation.transcript
  for (let pages = 0; messages.length > 0 && messages.length % 50 === 0 && pages < MAX_PAGES; pages++) {
    const page = await query('conversation.transcript',
      { conversationId, after: messages[messages.length - 1].sequence, limit: PAGE_LIMIT });
    if (page.status !== 'ok' || page.messages.length === 0) {
      break;
    }
    messages = messages.concat(page.messages);
    if (page.after === null) {
      break;
    }
  }
  return { ...view, messages };
}

// ---- Drawing: el() builds elements whose children are nodes or plain text (text nodes, never parsed as HTML)

function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/**
 * Redraws `container` only when its model changed, so that what a reader points at (or clicks) stays put between
 * polls. A waiting line's longest wait, which grows every second, is not a change: waitTimes() updates it in place.
 */
function draw(container, model, render) {
  const key = JSON.stringify(model, (name, value) => name === 'longestWaitSeconds' ? undefined : value);
  if (state.drawn.get(container.id) !== key) {
    state.drawn.set(container.id, key);
    container.replaceChildren(...render(model));
  }
}

function waitTimes(queues) {
  for (const queue of queues) {
    for (const line of queue.waiting || []) {
      const shown = document.querySelector(`[data-queue="${CSS.escape(queue.queueId)}"] `
        + `[data-line="${CSS.escape(line.needed)}"] .longest`);
      if (shown) {
        shown.textContent = `${line.longestWaitSeconds ?? 0}`;
      }
    }
  }
}

function time(iso) {
  return iso ? el('time', { datetime: iso, title: iso }, iso.slice(11, 19)) : '';
}

function openButton(conversationId) {
  return el('button', { type: 'button', class: 'open', 'data-open': conversationId,
    'aria-pressed': state.selected === conversationId ? 'true' : 'false' }, conversationId);
}

function count(counted) {
  return `${counted.count}${counted.countIsAtLeast ? '+' : ''}`;
}

function queueCard(queue) {
  const members = queue.members.map(m => {
    const share = m.capacity > 0 ? Math.min(100, Math.round(100 * m.load / m.capacity)) : 100;
    const fill = el('div', { class: share >= 100 ? 'fill full' : 'fill' });
    fill.style.width = `${share}%`; // through the CSSOM: the page's CSP refuses style attributes
    return el('tr', { 'data-member': m.participantId, 'data-load': m.load, 'data-capacity': m.capacity },
      el('td', {}, m.name, ' ', el('span', { class: 'muted' }, m.participantId)),
      el('td', { class: 'kind' }, m.kind, ', ', m.presence),
      el('td', {}, el('div', { class: 'bar', title: `${m.load} of ${m.capacity} units, in all its queues` }, fill)),
      el('td', { class: 'load' }, `${m.load} / ${m.capacity}`));
  });
  const lines = LINES.map(needed => (queue.waiting || []).find(w => w.needed === needed)
    || { needed, count: 0, countIsAtLeast: false, longestWaitSeconds: null, first: [] });
  return el('article', { class: 'card', 'data-queue': queue.queueId },
    el('h2', {}, queue.name, ' ', el('span', { class: 'muted' }, queue.queueId)),
    el('p', { class: 'muted' }, `${queue.unitsPerConversation} unit(s) per conversation, ${queue.memberCount}`
      + ` member(s), ${count(queue.assigned)} conversation(s) assigned`),
    el('table', {}, el('tbody', {}, members.length ? members : el('tr', {}, el('td', {}, 'no members')))),
    el('h3', {}, 'Waiting'),
    lines.map(line => el('div', { class: 'line', 'data-line': line.needed, 'data-count': line.count },
      `needs ${line.needed}: ${count(line)} waiting`,
      line.count > 0 ? [', longest ', el('span', { class: 'longest' }, line.longestWaitSeconds ?? 0), ' s '] : ' ',
      (line.first || []).map(w => openButton(w.conversationId)))));
}

function conversationsCard(participants) {
  const held = participants.flatMap(p => p.conversations.map(c => ({ ...c, holder: p })))
    .sort((a, b) => (a.claimedAt || '').localeCompare(b.claimedAt || ''));
  const rows = held.map(c => el('tr', { 'data-conversation': c.conversationId, 'data-holder': c.holder.participantId },
    el('td', {}, openButton(c.conversationId)),
    el('td', {}, c.holder.name, ' ', el('span', { class: 'muted' }, c.holder.participantId)),
    el('td', { class: 'kind' }, c.holder.kind),
    el('td', {}, `${c.units} unit(s)`),
    el('td', {}, 'since ', time(c.claimedAt))));
  return [el('div', { class: 'card' },
    el('h2', {}, 'Conversations held ', el('span', { class: 'muted' }, `(${held.length})`)),
    el('table', {},
      el('thead', {}, el('tr', {}, ['conversation', 'holder', 'kind', 'load', 'held'].map(h => el('th', {}, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 5 }, 'none')))))];
}

function detail(view) {
  if (view.status === 'rejected') {
    return [el('h2', { 'data-detail': view.conversationId }, 'Conversation ', view.conversationId),
      el('p', {}, `${view.error.code}: ${view.error.message}`)];
  }
  const customer = view.customer || {};
  const context = Object.entries(view.context || {});
  return [
    el('h2', { 'data-detail': view.conversationId, 'data-status': view.status }, 'Conversation ',
      view.conversationId),
    el('table', {}, el('tbody', {},
      el('tr', {}, el('th', {}, 'status'), el('td', { class: 'status' }, view.status)),
      el('tr', {}, el('th', {}, 'queue'), el('td', {}, view.queueId)),
      el('tr', {}, el('th', {}, 'customer'), el('td', { class: 'customer' }, customer.name || '', ' ',
        el('span', { class: 'muted' }, customer.id))),
      el('tr', {}, el('th', {}, 'holder'), el('td', { class: 'assignee' }, view.assignee
        ? `${view.assignee.participantId} (${view.assignee.kind})` : 'nobody')),
      el('tr', {}, el('th', {}, 'started'), el('td', {}, time(view.createdAt))),
      context.length ? el('tr', {}, el('th', {}, 'context'),
        el('td', {}, context.map(([k, v]) => `${k}=${v}`).join(', '))) : null)),
    el('h3', {}, 'Timeline'),
    el('ol', { class: 'timeline' }, (view.timeline || []).map(step => el('li',
      { 'data-step': step.event, 'data-participant': step.participantId },
      time(step.at), ' ', el('strong', {}, step.event),
      step.participantId ? ` ${step.participantId}` : '',
      step.from ? ` from ${step.from}` : '',
      step.queueId ? el('span', { class: 'muted' }, ` in ${step.queueId}`) : ''))),
    el('h3', {}, 'Transcript ', el('span', { class: 'muted' }, `(${view.messages.length})`)),
    view.messages.length === 0 ? el('p', { class: 'muted' }, 'No messages.')
      : el('ol', { class: 'transcript' }, view.messages.map(m => el('li',
        { 'data-message': m.sequence, 'data-kind': m.kind },
        time(m.at), ' ', el('strong', {}, m.participantId), el('span', { class: 'muted' }, ` (${m.kind}) `),
        el('span', { class: 'text' }, m.text)))),
  ];
}

// ---- The loop

async function refreshDetail() {
  const selected = state.selected;
  const aside = document.getElementById('detail');
  if (!selected) {
    return;
  }
  const view = await readConversation(selected);
  if (state.selected === selected) { // not a stale answer for a conversation no longer selected
    draw(aside, { ...view, conversationId: selected }, detail);
  }
}

async function refresh() {
  const [board] = await Promise.all([readBoard(), refreshDetail()]);
  draw(document.getElementById('queues'), { queues: board.queues, selected: state.selected },
    model => model.queues.length ? model.queues.map(queueCard)
      : [el('p', { class: 'muted' }, state.prefix ? `No queue id starts with ${state.prefix}.` : 'No queues yet.')]);
  draw(document.getElementById('conversations'), { participants: board.participants, selected: state.selected },
    model => conversationsCard(model.participants));
  waitTimes(board.queues);
  const status = document.getElementById('status');
  status.dataset.state = 'ok';
  status.textContent = `updated ${new Date().toISOString().slice(11, 23)}Z, ${board.queues.length} queue(s)`
    + (state.prefix ? ` whose id starts with ${state.prefix}` : '');
}

// A round every 500 ms from the start of the last one (a change shows within 500 ms plus one round), 100 ms apart
// at least.
async function loop() {
  const started = Date.now();
  try {
    await refresh();
  } catch (error) {
    const status = document.getElementById('status');
    status.dataset.state = 'error';
    status.textContent = `not updated: ${error.message}`;
  }
  const elapsed = Date.now() - started;
  setTimeout(loop, document.hidden ? POLL_HIDDEN_MS : Math.max(POLL_GAP_MS, POLL_MS - elapsed));
}

document.addEventListener('click', event => {
  const button = event.target.closest('[data-open]');
  if (button) {
    state.selected = button.dataset.open;
    history.replaceState(null, '', `#${encodeURIComponent(state.selected)}`);
    document.getElementById('detail').replaceChildren(el('p', { class: 'muted' }, 'loading ', state.selected, '…'));
    state.drawn.delete('detail');
    refreshDetail().catch(error => {
      document.getElementById('detail').replaceChildren(el('p', {}, `not loaded: ${error.message}`));
    });
  }
});

loop();
