import type { WebhookAnswer } from '../answer';

/** Sends an answer as a WHATWG `Response`. */
export const respond = (answer: WebhookAnswer): Response =>
  new Response(answer.body, { status: answer.status, headers: answer.headers });
