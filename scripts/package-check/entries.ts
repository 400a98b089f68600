// Typechecked in the fresh projects with skipLibCheck off: every published entry point's declarations.
import * as core from '@invoicekit/core';
import * as coreAdapter from '@invoicekit/core/adapter';
import * as coinspaid from '@invoicekit/coinspaid';
import * as cryptocloud from '@invoicekit/cryptocloud';
import * as gateway from '@invoicekit/gateway';
import * as ledger from '@invoicekit/ledger';
import * as sandbox from '@invoicekit/sandbox';
import * as webhooks from '@invoicekit/webhooks';
import * as webhooksExpress from '@invoicekit/webhooks/express';
import * as webhooksFastify from '@invoicekit/webhooks/fastify';

export const entryPoints = {
  core,
  coreAdapter,
  coinspaid,
  cryptocloud,
  gateway,
  ledger,
  sandbox,
  webhooks,
  webhooksExpress,
  webhooksFastify,
};
