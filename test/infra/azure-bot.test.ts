import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/lib/bundles.ts';

interface ArmResource {
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

const template = JSON.parse(
  await readFile(path.join(REPO_ROOT, 'infra/templates/azure-bot.template.json'), 'utf8'),
) as { parameters: Record<string, unknown>; resources: ArmResource[] };

describe('infra/templates/azure-bot.template.json', () => {
  it('enables the Microsoft Teams channel and no other: Web Chat and Direct Line clients write their own identity', () => {
    // Act
    const channels = template.resources.filter(
      (resource) => resource.type === 'Microsoft.BotService/botServices/channels',
    );

    // Assess
    expect(channels.map((channel) => channel.properties.channelName)).toEqual(['MsTeamsChannel']);
    expect(channels[0]?.properties.properties).toMatchObject({ isEnabled: true });
  });

  it('registers a single-tenant bot on the app and tenant the Teams adapter validates tokens for', () => {
    // Act
    const [bot] = template.resources.filter(
      (resource) => resource.type === 'Microsoft.BotService/botServices',
    );

    // Assess
    expect(bot?.properties).toMatchObject({
      msaAppType: 'SingleTenant',
      msaAppId: "[parameters('microsoftAppId')]",
      msaAppTenantId: "[parameters('microsoftAppTenantId')]",
      endpoint: "[parameters('messagingEndpoint')]",
    });
    expect(Object.keys(template.parameters)).toEqual(
      expect.arrayContaining(['microsoftAppId', 'microsoftAppTenantId', 'messagingEndpoint']),
    );
  });
});
