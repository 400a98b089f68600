import { createHmac } from 'node:crypto';

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** A compact HS256 JWT `{alg: "HS256", typ: "JWT"}` over `claims`, signed with `secret` (RFC 7519). */
export const signHs256 = (claims: Readonly<Record<string, unknown>>, secret: string): string => {
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(createHmac('sha256', secret).update(signingInput).digest())}`;
};
