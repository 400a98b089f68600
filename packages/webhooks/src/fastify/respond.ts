import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookAnswer } from '../answer';
import { closingHeaders } from '../node/closing';

/** Sends an answer through a Fastify reply. */
export const respond = (answer: WebhookAnswer, request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  reply.code(answer.status).headers(closingHeaders(answer, request.raw)).send(answer.body);
