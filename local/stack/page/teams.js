// The local Teams look-alike: posts channel messages as Bot Framework activities to the real Teams
// handler, draws the bot's replies from the connector stand-in (cards with Microsoft's Adaptive Cards
// renderer, as Teams does), and sends a card's Action.Execute back as an adaptiveCard/action invoke.
// Plain ES module, no build step; `AdaptiveCards` is the renderer's global.

import { $, escapeHtml, wirePage } from './page-kit.js';

const state = { config: undefined, user: undefined, lastFeed: '', counter: 0 };

function channel() {
  return state.config.channels[0].channelId;
}

function currentUser() {
  return state.config.users.find((u) => u.aadObjectId === state.user);
}

function nextId() {
  state.counter += 1;
  return `${Date.now()}${String(state.counter).padStart(3, '0')}`;
}

/** The activity fields every request from Teams carries for this user and conversation. */
function envelope(type, conversationId, id) {
  const user = currentUser();
  return {
    type,
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: state.config.serviceUrl,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: state.config.bot,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: state.config.tenantId,
      id: conversationId,
    },
    channelData: {
      teamsChannelId: channel(),
      channel: { id: channel() },
      tenant: { id: state.config.tenantId },
    },
  };
}

async function post(activity) {
  const response = await fetch('/local/teams/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}

async function send(raw) {
  const text = raw.trim();
  if (!text) return;
  const id = nextId();
  const words = text.replace(/^@CentralOps\s*/i, '');
  const activity = {
    ...envelope('message', `${channel()};messageid=${id}`, id),
    text: `<at>${state.config.bot.name}</at> ${words}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', mentioned: state.config.bot, text: `<at>${state.config.bot.name}</at>` }],
  };
  const result = await post(activity);
  $('status').textContent =
    result.status < 300 ? '' : `Teams handler answered ${result.status} ${result.body}`;
}

/** A card's Action.Execute, as Teams invokes the bot: the answer shows on the card. */
async function execute(action, rootId, messageId) {
  const invoke = {
    ...envelope('invoke', `${channel()};messageid=${rootId}`, `f:${nextId()}`),
    name: 'adaptiveCard/action',
    replyToId: messageId,
    value: {
      action: { type: 'Action.Execute', id: action.id, verb: action.verb, data: action.data },
      trigger: 'manual',
    },
  };
  const result = await post(invoke);
  try {
    const body = JSON.parse(result.body);
    $('status').textContent = typeof body.value === 'string' ? body.value : (body.value?.message ?? '');
  } catch {
    $('status').textContent = `Teams handler answered ${result.status}`;
  }
}

/** Teams' markdown, enough for the bot's plain messages. */
function format(text) {
  return escapeHtml(text)
    .replace(/&lt;at&gt;([^&]+)&lt;\/at&gt;/g, '<b>@$1</b>')
    .replace(/\*\*([^*\n]+)\*\*/g, '<b>$1</b>')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

// Teams renders the markdown of a card's text itself; the renderer leaves it to its host.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = format(text)
    .split('\n')
    .map((line) => (line.startsWith('- ') ? `• ${line.slice(2)}` : line))
    .join('<br>');
  result.didProcess = true;
};

/** Teams on a phone: a card's buttons one under the other when a row would not hold them. */
const hostConfig = new AdaptiveCards.HostConfig({
  actions: {
    actionsOrientation: window.innerWidth < 500 ? 'vertical' : 'horizontal',
    maxActions: 6,
    buttonSpacing: 6,
  },
});

function renderCard(content, rootId, messageId) {
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.ExecuteAction) void execute(action, rootId, messageId);
  };
  card.parse(content);
  return card.render();
}

function renderMessage(message, rootId) {
  const element = document.createElement('div');
  const bot = message.from === state.config.bot.name;
  element.className = `message${message.personal ? ' ephemeral' : ''}`;
  element.dataset.id = message.id;
  element.dataset.bot = String(bot);
  element.dataset.edits = String(message.edits);
  // The final answer is the one that carries its card: readers and tests wait for that state.
  if (bot && message.cards.length > 0) element.dataset.answerState = 'final';
  const name = bot
    ? 'CentralOps'
    : (state.config.users.find((u) => u.aadObjectId === message.from)?.name ?? message.from);
  element.innerHTML = `<div class="avatar ${bot ? 'bot' : 'user'}">${escapeHtml(name[0].toUpperCase())}</div>
    <div class="body"><div class="meta"><b>${escapeHtml(name)}</b>${message.edits ? ' (edited)' : ''}</div>
    <div class="text"></div></div>`;
  const body = element.querySelector('.body');
  if (message.cards.length === 0 || (!bot && message.text))
    body.querySelector('.text').innerHTML = format(message.text);
  for (const card of message.cards) {
    const rendered = renderCard(card, rootId, message.id);
    if (rendered) body.appendChild(rendered);
  }
  if (message.replies?.length) {
    const thread = document.createElement('div');
    thread.className = 'thread';
    for (const reply of message.replies) thread.appendChild(renderMessage(reply, rootId));
    body.appendChild(thread);
  }
  return element;
}

async function refresh() {
  const response = await fetch(
    `/local/teams-feed?channel=${encodeURIComponent(channel())}&user=${encodeURIComponent(state.user)}`,
  );
  const text = await response.text();
  if (text === state.lastFeed) return;
  state.lastFeed = text;
  const list = $('messages');
  list.replaceChildren(...JSON.parse(text).messages.map((message) => renderMessage(message, message.id)));
}

async function start() {
  state.config = await (await fetch('/local/teams-config')).json();
  state.user = state.config.users[0]?.aadObjectId;
  $('channel-name').textContent = `Teams · ${channel()}`;
  $('user-select').innerHTML = state.config.users
    .map((u) => `<option value="${u.aadObjectId}">${escapeHtml(u.name)}</option>`)
    .join('');
  wirePage(state, { send, refresh });
  await refresh();
  document.body.dataset.ready = 'true';
}

void start();
