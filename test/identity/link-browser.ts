/**
 * The link callback as the user's browser drives it: the Hosted UI's redirect arrives as a GET
 * (payload 2.0, as API Gateway delivers it), the confirmation page's form is read like a browser
 * reads it (its action and hidden fields) and submitted as a POST with the cookie the page set.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LinkHandler } from '#bot/src/link/handler.ts';

const HOST = 'link.centralops.test';

function event(
  method: 'GET' | 'POST',
  query: Record<string, string>,
  extra: Partial<APIGatewayProxyEventV2> = {},
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/callback',
    rawQueryString,
    headers: { host: HOST, 'user-agent': 'Mozilla/5.0' },
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '999999999999',
      apiId: 'linkapi',
      domainName: HOST,
      domainPrefix: 'link',
      http: {
        method,
        path: '/callback',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:09:30:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
    ...extra,
  };
}

/** The GET the Hosted UI's redirect makes: `?code=…&state=…`. */
export function callbackEvent(query: Record<string, string>): APIGatewayProxyEventV2 {
  return event('GET', query);
}

/** The POST of the confirmation form, with the cookies the browser holds for the callback's site. */
export function confirmEvent(
  fields: Record<string, string>,
  cookies: readonly string[] = [],
  options: { base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const body = new URLSearchParams(fields).toString();
  return event(
    'POST',
    {},
    {
      headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', origin: `https://${HOST}` },
      body: options.base64 ? Buffer.from(body).toString('base64') : body,
      isBase64Encoded: options.base64 ?? false,
      ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
    },
  );
}

export interface ConfirmationForm {
  readonly action: string;
  readonly fields: Record<string, string>;
  /** `name=value` of every cookie the page set (what the browser sends back). */
  readonly cookies: string[];
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The confirmation page's form as a browser reads it; undefined when the page has none. */
export function confirmationForm(page: APIGatewayProxyStructuredResultV2): ConfirmationForm | undefined {
  const html = String(page.body ?? '');
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const decodeEntities = (text: string) =>
    text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(([, name, value]) => [
      name ?? '',
      decodeEntities(value ?? ''),
    ]),
  );
  const cookies = (page.cookies ?? []).map((cookie) => cookie.split(';')[0] ?? '');
  return { action: decodeEntities(action), fields, cookies };
}

/** What the page's text says, tags dropped (for assertions on what the person reads). */
export function pageText(page: APIGatewayProxyStructuredResultV2): string {
  return String(page.body ?? '')
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/**
 * Follows the Hosted UI's redirect and, when the callback asks for confirmation, answers `decision`
 * on its form: the response to that POST (or the GET's, when it asked nothing).
 */
export async function completeLink(
  handler: LinkHandler,
  query: Record<string, string>,
  decision: 'link' | 'cancel' = 'link',
): Promise<APIGatewayProxyStructuredResultV2> {
  const page = await handler(callbackEvent(query));
  const form = confirmationForm(page);
  if (!form) return page;
  return handler(confirmEvent({ ...form.fields, decision }, form.cookies));
}
