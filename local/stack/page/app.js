// The local chat page: a Slack channel look-alike that sends signed Slack requests (slash commands
// and app_mention events) to the real Slack handler and draws what the bot posted to the Web API
// stand-in. Plain ES module, no build step.

const state = { config: undefined, channel: undefined, user: undefined, lastFeed: '', counter: 0 };
const $ = (id) => document.getElementById(id);

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

function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
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

function renderMessage(message, inThread) {
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
    .map(
      (f) =>
        `<details class="file"><summary>📄 ${escapeHtml(f.title)}</summary><pre>${escapeHtml(f.content)}</pre></details>`,
    )
    .join('');
  // A stream's tasks (a fan-out's progress), each updated in place as Slack shows them.
  const tasks = (message.tasks ?? [])
    .map((t) => `<div class="task">${t.status === 'complete' ? '✅' : '⏳'} ${escapeHtml(t.title)}</div>`)
    .join('');
  const replies = message.replies ?? [];
  const thread =
    !inThread && replies.length
      ? `<div class="thread-count">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div><div class="thread">${replies
          .map((r) => renderMessage(r, true))
          .join('')}</div>`
      : '';
  // A finished answer says so (from the bot's message metadata): readers and tests wait for it.
  const answerState = message.answerState ? ` data-answer-state="${escapeHtml(message.answerState)}"` : '';
  return `<div class="${classes}" data-ts="${message.ts}" data-bot="${bot}"${answerState}>
    <div class="avatar ${bot ? 'bot' : 'user'}">${escapeHtml(name[0].toUpperCase())}</div>
    <div class="body"><div class="meta"><b>${escapeHtml(name)}</b>${time}${message.edits ? ' (edited)' : ''}</div>
    ${tasks}<div class="text">${format(message.text)}</div>${files}${thread}</div></div>`;
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
  $('user-select').addEventListener('change', (event) => {
    state.user = event.target.value;
    state.lastFeed = '';
    void refresh();
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('text');
    const text = input.value;
    input.value = '';
    send(text).catch((error) => {
      $('status').textContent = `Could not send: ${error.message}`;
    });
  });
  selectChannel(channels[0]?.id);
  setInterval(() => {
    refresh().catch(() => undefined);
  }, 300);
  document.body.dataset.ready = 'true';
}

void start();
