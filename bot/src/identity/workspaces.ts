/**
 * The workspace allow-list: only listed Slack workspaces / Teams tenants are served. An empty or
 * missing list refuses everyone (fail closed).
 */
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';

export class WorkspaceAllowList {
  readonly #entries: ReadonlySet<string>;

  /** @param entries `slack:<team id>` / `teams:<tenant id>` */
  constructor(entries: readonly string[]) {
    this.#entries = new Set(entries);
  }

  allows(platform: ChatPlatformId, workspaceId: string): boolean {
    return workspaceId !== '' && this.#entries.has(`${platform}:${workspaceId}`);
  }
}
