// What the Slack and Teams look-alikes share: element lookup, HTML escaping, and the wiring of the
// "as" picker, the composer and the feed's polling. Plain ES module, no build step.

export const $ = (id) => document.getElementById(id);

export function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/**
 * Wires the page: the user picker (`state.user`, a redraw), the composer (`send(text)`) and a
 * poll of the feed (`refresh()`) every 300 ms, which draws only what changed.
 */
export function wirePage(state, { send, refresh }) {
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
  setInterval(() => {
    refresh().catch(() => undefined);
  }, 300);
}
