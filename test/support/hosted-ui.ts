/**
 * Signs a user in through cognito-local's own Hosted UI (`/oauth2/authorize` login form, code +
 * PKCE S256), as a browser would: opens the link, posts the form, and returns the redirect to the
 * callback with its `code` and `state`. The code is then redeemed at cognito-local's
 * `/oauth2/token`, which checks the verifier, client id and redirect_uri and returns ID tokens
 * signed with the key its JWKS serves; so no stand-in is needed beyond this driver.
 */
import { LOCAL_COGNITO_PASSWORD } from '#local/components/cognito.ts';

export interface HostedUiRedirect {
  /** The callback URL the Hosted UI redirected to. */
  readonly location: URL;
  readonly code: string;
  readonly state: string;
  /** The callback's query, as a Lambda payload 2.0 event's `queryStringParameters`. */
  readonly query: Record<string, string>;
}

export async function signInThroughHostedUi(
  linkUrl: string,
  user: { readonly username: string; readonly password?: string },
): Promise<HostedUiRedirect> {
  const authorize = new URL(linkUrl);
  const form = await fetch(authorize);
  if (form.status !== 200)
    throw new Error(`Hosted UI authorize answered ${form.status}: ${await form.text()}`);
  await form.text();
  const params = new URLSearchParams(authorize.search);
  params.set('username', user.username);
  params.set('password', user.password ?? LOCAL_COGNITO_PASSWORD);
  const login = await fetch(new URL('/oauth2/authorize', authorize), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params,
    redirect: 'manual',
  });
  const locationHeader = login.headers.get('location');
  await login.text();
  if (login.status !== 302 || !locationHeader)
    throw new Error(`Hosted UI sign-in failed (HTTP ${login.status})`);
  const location = new URL(locationHeader);
  const query = Object.fromEntries(location.searchParams);
  return { location, code: query.code ?? '', state: query.state ?? '', query };
}
