/**
 * The small HTML pages the callback answers with (the user's browser tab after signing in): a
 * message, or the confirmation that names the chat account about to be linked. Every value is
 * escaped; the pages load nothing and run no script.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CentralOps: ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .5rem}button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0}</style>
</head>
<body><h1>${escapeHtml(title)}</h1>${body}</body>
</html>
`;
}

export function linkPage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}

export interface LinkConfirmation {
  /** The Cognito user who signed in. */
  readonly username: string;
  /** `Slack`, `Microsoft Teams`. */
  readonly platform: string;
  /** `Acme (T0CENTRAL)`, or the id alone. */
  readonly workspace: string;
  /** `Alice Example (U0ALICE)`, or the id alone. */
  readonly chatUser: string;
  /** Where the form posts: the callback URL. */
  readonly action: string;
  readonly state: string;
  readonly csrfToken: string;
}

/** Names the chat account to link and asks the person who signed in to confirm (or refuse) it. */
export function confirmLinkPage(confirmation: LinkConfirmation): string {
  const field = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return page(
    'Link this chat account to you?',
    `<p>You signed in as <strong>${escapeHtml(confirmation.username)}</strong>. Linking gives this chat account your CentralOps access: whoever uses it asks as you.</p>
<dl>
<dt>Platform</dt><dd>${escapeHtml(confirmation.platform)}</dd>
<dt>Workspace</dt><dd>${escapeHtml(confirmation.workspace)}</dd>
<dt>Chat user</dt><dd>${escapeHtml(confirmation.chatUser)}</dd>
</dl>
<p>Link it only if this chat account is yours. If someone sent you this link, choose “Not mine”.</p>
<form method="post" action="${escapeHtml(confirmation.action)}">
${field('state', confirmation.state)}
${field('csrf', confirmation.csrfToken)}
<button type="submit" name="decision" value="link">Yes, link my account</button>
<button type="submit" name="decision" value="cancel">Not mine</button>
</form>`,
  );
}
