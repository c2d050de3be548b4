// The local chat page: a Slack channel look-alike that sends signed Slack requests (slash commands,
// app_mention events, and block_actions when a button is tapped) to the real Slack handler and
// draws what the bot posted to the Web API stand-in, Block Kit as Slack draws it. Plain ES module,
// no build step.

import { startAuditPanel } from './audit-panel.js';
import { $, escapeHtml, wirePage } from './page-kit.js';

const state = { config: undefined, channel: undefined, user: undefined, lastFeed: '', counter: 0 };

const encoder = new TextEncoder();

/** `v0=` + HMAC-SHA256(signing secret, `v0:<timestamp>:<body>`), as Slack signs requests. */
async function slackSignature(secret, timestamp, body) {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`v0:${timestamp}:${body}`));
  return `v0=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function sendToSlackHandler(body, contentType) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = await slackSignature(state.config.signingSecret, timestamp, body);
  const response = await fetch(state.config.slackEventsPath, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

function nextId(prefix) {
  state.counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${state.counter}`;
}

function currentUser() {
  return state.config.users.find((u) => u.id === state.user);
}

function currentChannel() {
  return state.config.channels.find((c) => c.id === state.channel);
}

/** The form Slack POSTs for a slash command. */
function slashCommand(text) {
  return new URLSearchParams({
    token: 'local-verification-token',
    team_id: state.config.teamId,
    team_domain: 'central',
    channel_id: state.channel,
    channel_name: currentChannel().name,
    user_id: state.user,
    user_name: currentUser().name,
    command: '/ops',
    text,
    api_app_id: 'A0CENTRALOPS',
    is_enterprise_install: 'false',
    response_url: `${state.config.responseUrlPrefix}${state.user}-${nextId('')}`,
    trigger_id: nextId('13345224609.738474920.'),
  }).toString();
}

/** The Events API envelope Slack POSTs for an app_mention. */
function appMention(text) {
  const seconds = Math.floor(Date.now() / 1000);
  state.counter += 1;
  const ts = `${seconds}.${String(state.counter).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'local-verification-token',
    team_id: state.config.teamId,
    api_app_id: 'A0CENTRALOPS',
    event: {
      type: 'app_mention',
      user: state.user,
      text,
      ts,
      channel: state.channel,
      event_ts: ts,
      team: state.config.teamId,
    },
    type: 'event_callback',
    event_id: nextId('Ev'),
    event_time: seconds,
    authorizations: [
      {
        enterprise_id: null,
        team_id: state.config.teamId,
        user_id: state.config.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

/** The block_actions payload Slack POSTs (form field `payload`) when a message's button is tapped. */
function blockActions(button, message) {
  const user = currentUser();
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: state.user, username: user.name, name: user.name, team_id: state.config.teamId },
      api_app_id: 'A0CENTRALOPS',
      token: 'local-verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: state.channel,
        is_ephemeral: false,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      trigger_id: nextId('13345224609.738474920.'),
      team: { id: state.config.teamId, domain: 'central' },
      channel: { id: state.channel, name: currentChannel().name },
      response_url: `${state.config.responseUrlPrefix}${state.user}-${nextId('')}`,
      actions: [
        {
          action_id: button.dataset.actionId,
          block_id: 'centralops-answer',
          text: { type: 'plain_text', text: button.textContent, emoji: true },
          value: button.dataset.value,
          type: 'button',
          action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
        },
      ],
    }),
  }).toString();
}

async function tap(button) {
  const result = await sendToSlackHandler(
    blockActions(button, { ts: button.dataset.ts, threadTs: button.dataset.threadTs }),
    'application/x-www-form-urlencoded',
  );
  $('status').textContent =
    result.status === 200 ? '' : `Slack handler answered ${result.status} ${result.text}`;
}

async function send(raw) {
  const text = raw.trim();
  if (!text) return;
  const status = $('status');
  if (text.startsWith('/ops')) {
    const result = await sendToSlackHandler(
      slashCommand(text.slice(4).trim()),
      'application/x-www-form-urlencoded',
    );
    status.textContent =
      result.status === 200 ? '' : `Slack handler answered ${result.status} ${result.text}`;
    if (result.status === 200 && result.text) showAck(result.text);
    return;
  }
  if (!/@centralops\b/i.test(text)) {
    status.textContent = 'Mention @centralops or use /ops, as in Slack.';
    return;
  }
  const mention = text.replace(/@centralops\b/gi, `<@${state.config.botUserId}>`);
  const result = await sendToSlackHandler(appMention(mention), 'application/json');
  status.textContent = result.status === 200 ? '' : `Slack handler answered ${result.status} ${result.text}`;
}

/** What the handler answered a slash command with (Slack shows it to the user only). */
function showAck(body) {
  let text = body;
  try {
    const parsed = JSON.parse(body);
    text = parsed.text ?? '';
  } catch {
    // A plain-text ack is shown as is.
  }
  if (text) $('status').textContent = text;
}

/** Block Kit as Slack draws it: headers, sections (with their fields) and contexts of mrkdwn, dividers, buttons. */
function renderBlocks(blocks, message, threadTs) {
  return blocks
    .map((block) => {
      if (block.type === 'header')
        return `<div class="block header"><strong>${escapeHtml(block.text?.text ?? '')}</strong></div>`;
      if (block.type === 'section') {
        const fields = (block.fields ?? []).map(
          (f) => `<div class="field">${format(unescapeMrkdwn(f.text ?? ''))}</div>`,
        );
        return `<div class="block section">${format(unescapeMrkdwn(block.text?.text ?? ''))}${fields.join('')}</div>`;
      }
      if (block.type === 'context')
        return `<div class="block context">${(block.elements ?? []).map((e) => format(unescapeMrkdwn(e.text ?? ''))).join(' ')}</div>`;
      if (block.type === 'divider') return '<hr class="block divider" />';
      if (block.type === 'actions')
        return `<div class="block actions">${(block.elements ?? [])
          .map(
            (e) =>
              `<button type="button" class="slack-button" data-action-id="${escapeHtml(e.action_id)}" data-value="${escapeHtml(e.value ?? '')}" data-ts="${message.ts}" data-thread-ts="${threadTs ?? ''}">${escapeHtml(e.text?.text ?? '')}</button>`,
          )
          .join('')}</div>`;
      return '';
    })
    .join('');
}

/** Slack escapes `&`, `<` and `>` in mrkdwn; the page escapes again for HTML. */
function unescapeMrkdwn(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The subset of Slack mrkdwn and markdown the bot writes. */
function format(text) {
  const names = new Map(state.config.users.map((u) => [u.id, u.name]));
  names.set(state.config.botUserId, 'centralops');
  const blocks = escapeHtml(text).split('```');
  return blocks
    .map((block, index) => {
      if (index % 2 === 1) return `<pre>${block.replace(/^\n/, '')}</pre>`;
      return block
        .replace(/`([^`\n]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*\n]+)\*\*/g, '<b>$1</b>')
        .replace(/(^|\s)\*([^*\n]+)\*/g, '$1<b>$2</b>')
        .replace(/(^|\s)_([^_\n]+)_/g, '$1<i>$2</i>')
        .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
        .replace(/&lt;(https?:[^|&]+)\|([^&]+)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$2</a>')
        .replace(/&lt;@([A-Z0-9]+)&gt;/g, (_, id) => `<b>@${escapeHtml(names.get(id) ?? id)}</b>`);
    })
    .join('');
}

function renderMessage(message, inThread, threadTs) {
  const bot = message.user === state.config.botUserId;
  const name = bot
    ? 'CentralOps'
    : (state.config.users.find((u) => u.id === message.user)?.name ?? message.user);
  const seconds = Number(message.ts.split('.')[0]);
  const time = new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const classes = ['message', message.streaming ? 'streaming' : '', message.ephemeral ? 'ephemeral' : '']
    .filter(Boolean)
    .join(' ');
  const files = message.files
    .map((f) =>
      f.image?.startsWith('data:image/png;base64,')
        ? `<figure class="file-image"><img src="${escapeHtml(f.image)}" alt="${escapeHtml(f.alt)}"><figcaption>${escapeHtml(f.title)}</figcaption></figure>`
        : `<details class="file"><summary>📄 ${escapeHtml(f.title)}</summary><pre>${escapeHtml(f.content)}</pre></details>`,
    )
    .join('');
  // A stream's tasks (a fan-out's progress), each updated in place as Slack shows them.
  const tasks = (message.tasks ?? [])
    .map(
      (t) =>
        `<div class="task">${{ complete: '✅', error: '⚠️' }[t.status] ?? '⏳'} ${escapeHtml(t.title)}</div>`,
    )
    .join('');
  const replies = message.replies ?? [];
  const thread =
    !inThread && replies.length
      ? `<div class="thread-count">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div><div class="thread">${replies
          .map((r) => renderMessage(r, true, message.ts))
          .join('')}</div>`
      : '';
  // A finished answer says so (from the bot's message metadata): readers and tests wait for it.
  const answerState = message.answerState ? ` data-answer-state="${escapeHtml(message.answerState)}"` : '';
  // So does an alert's root: the status it shows now (ALARM, OK, …).
  const alertStatus = message.alertStatus ? ` data-alert-status="${escapeHtml(message.alertStatus)}"` : '';
  return `<div class="${classes}" data-ts="${message.ts}" data-bot="${bot}" data-edits="${message.edits}"${answerState}${alertStatus}>
    <div class="avatar ${bot ? 'bot' : 'user'}">${escapeHtml(name[0].toUpperCase())}</div>
    <div class="body"><div class="meta"><b>${escapeHtml(name)}</b>${time}${message.edits ? ' (edited)' : ''}</div>
    ${tasks}<div class="text">${message.blocks ? renderBlocks(message.blocks, message, threadTs) : format(message.text)}</div>${files}${thread}</div></div>`;
}

async function refresh() {
  const response = await fetch(
    `/local/feed?channel=${encodeURIComponent(state.channel)}&user=${encodeURIComponent(state.user)}`,
  );
  const text = await response.text();
  if (text === state.lastFeed) return;
  state.lastFeed = text;
  const feed = JSON.parse(text);
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  const responses = feed.responses.map((r) =>
    renderMessage(
      {
        ts: '0.0',
        user: state.config.botUserId,
        text: r.text,
        streaming: false,
        ephemeral: true,
        edits: 0,
        files: [],
      },
      true,
    ),
  );
  list.innerHTML = feed.messages.map((m) => renderMessage(m, false)).join('') + responses.join('');
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function selectChannel(id) {
  state.channel = id;
  state.lastFeed = '';
  const channel = currentChannel();
  $('channel-name').textContent = `# ${channel.name}`;
  $('channel-note').textContent = `reads: ${channel.environments.join(', ')}`;
  $('channel-select').value = id;
  for (const link of document.querySelectorAll('#channels a'))
    link.classList.toggle('active', link.dataset.id === id);
  void refresh();
}

async function start() {
  state.config = await (await fetch('/local/config')).json();
  const { users, channels } = state.config;
  state.user = users[0]?.id;
  $('user-select').innerHTML = users
    .map((u) => `<option value="${u.id}">${escapeHtml(u.name)}</option>`)
    .join('');
  $('channel-select').innerHTML = channels
    .map((c) => `<option value="${c.id}"># ${escapeHtml(c.name)}</option>`)
    .join('');
  $('channels').innerHTML = channels
    .map((c) => `<a href="#${c.id}" data-id="${c.id}"># ${escapeHtml(c.name)}</a>`)
    .join('');
  for (const link of document.querySelectorAll('#channels a')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      selectChannel(link.dataset.id);
    });
  }
  $('channel-select').addEventListener('change', (event) => selectChannel(event.target.value));
  $('messages').addEventListener('click', (event) => {
    const button = event.target.closest('.slack-button');
    if (!button) return;
    tap(button).catch((error) => {
      $('status').textContent = `Could not tap: ${error.message}`;
    });
  });
  setUpAlertForm();
  wirePage(state, { send, refresh });
  selectChannel(channels[0]?.id);
  startAuditPanel($('audit'));
  document.body.dataset.ready = 'true';
}

/** The sandbox's sample alerts (`POST /local/alerts`), as a member account's rule would send them. */
function setUpAlertForm() {
  const { alertKinds = [], accounts = [] } = state.config;
  if (alertKinds.length === 0) return;
  $('alert-kind').innerHTML = alertKinds.map((k) => `<option>${escapeHtml(k)}</option>`).join('');
  $('alert-account').innerHTML = accounts
    .map((a) => `<option value="${a.id}">${escapeHtml(a.name)}</option>`)
    .join('');
  $('alert-form').hidden = false;
  $('alert-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      kind: $('alert-kind').value,
      account: $('alert-account').value,
      state: $('alert-state').value,
    };
    fetch('/local/alerts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(async (response) => {
        const result = await response.json();
        $('status').textContent = response.ok
          ? result.routed.length
            ? `Fired ${result.kind} → ${result.routed.flatMap((r) => r.channels).join(', ')}`
            : `Fired ${result.kind}: ${result.dropped.join('; ')}`
          : result.error;
      })
      .catch((error) => {
        $('status').textContent = `Could not fire: ${error.message}`;
      });
  });
}

void start();
