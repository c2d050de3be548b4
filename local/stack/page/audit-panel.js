// The audit panel of the local chat page: the latest questions' audit records (who, what, the
// outcome, the accounts, the trace id), newest first, as the audit table holds them. Its own
// module: the page's message rendering lives in app.js.

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

function outcomeOf(record) {
  if (record.outcome === 'refused') return `refused (${record.reason ?? '?'})`;
  if (record.outcome === 'failed') return `failed in ${record.failedAt ?? '?'}`;
  return 'answered';
}

function renderRecord(record) {
  const who = record.who.cognitoUsername ?? record.who.chatUserId ?? 'unknown';
  const accounts = record.accounts.map((a) => `${a.name || a.id}: ${a.outcome}`).join(', ');
  const time = new Date(record.at).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return `<li class="audit-record" data-question="${escapeHtml(record.questionId)}" data-outcome="${escapeHtml(record.outcome)}">
    <div><b>${escapeHtml(who)}</b> · ${escapeHtml(time)} · <code>${escapeHtml(record.what.verb)}</code></div>
    <div class="audit-text">${escapeHtml(record.what.text)}</div>
    <div class="audit-outcome">${escapeHtml(outcomeOf(record))} · ${record.durations.totalMs} ms</div>
    ${accounts ? `<div class="audit-accounts">${escapeHtml(accounts)}</div>` : ''}
    ${record.calls.length ? `<div class="audit-calls">${escapeHtml(record.calls.join(', '))}</div>` : ''}
    <div class="audit-trace">trace ${escapeHtml(record.traceId ?? '—')}</div>
  </li>`;
}

/** Polls the page server's /local/audit and draws the records into `container`. */
export function startAuditPanel(container) {
  let last = '';
  async function refresh() {
    const text = await (await fetch('/local/audit')).text();
    if (text === last) return;
    last = text;
    const { records } = JSON.parse(text);
    container.querySelector('ol').innerHTML = records.length
      ? records.map(renderRecord).join('')
      : '<li class="audit-empty">No question yet.</li>';
  }
  container.innerHTML = '<details open><summary>Audit · latest questions</summary><ol></ol></details>';
  void refresh().catch(() => undefined);
  setInterval(() => refresh().catch(() => undefined), 1000);
}
