import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { noWebhookUrl, unknownEvent, type Engine, type EngineContext, type EngineFailure } from '../engine';
import { writeJson } from '../json';
import { createIdSequence } from '../ids';
import type { PaymentKind, SandboxInvoiceState } from '../types';
import {
  DEFAULT_COIN,
  depositFor,
  depositedTotal,
  isWaiting,
  newPayment,
  nowpaymentsState,
  ownPaymentSteps,
  owedAfter,
  repeatedDeposit,
  takesRepeatedDeposits,
  withStatus,
  type NowpaymentsInvoice,
  type NowpaymentsInvoiceCreate,
  type NowpaymentsPayment,
  type NowpaymentsPaymentStatus,
} from './invoice';
import { ipnBody, ipnSignature, nowpaymentsIpn } from './ipn';
import { nowpaymentsRoutes } from './routes';
import {
  NOWPAYMENTS_CASES,
  NOWPAYMENTS_DEFAULTS,
  type NowpaymentsCase,
  type NowpaymentsCredentials,
  type NowpaymentsId,
  type NowpaymentsSandboxOptions,
} from './settings';

const JWT_LIFETIME_MS = 5 * 60_000;

/** The emulation of NOWPayments (`/nowpayments/v1`): invoices, the payments made against them, repeated deposits. */
export const nowpaymentsEngine = (
  provider: NowpaymentsId,
  ctx: EngineContext<NowpaymentsCredentials>,
  options: NowpaymentsSandboxOptions,
): Engine => {
  const invoices = new Map<string, NowpaymentsInvoice>();
  const payments = new Map<string, NowpaymentsPayment>();
  const tokens = new Map<string, number>();
  const nextId = createIdSequence();
  const recipe = options.nowpaymentsSignatureRecipe ?? NOWPAYMENTS_DEFAULTS.nowpaymentsSignatureRecipe;

  const ownPayment = new Map<string, string>();
  const save = (p: NowpaymentsPayment): NowpaymentsPayment => {
    if (p.invoiceId !== null && p.parentPaymentId === null && !payments.has(p.paymentId))
      ownPayment.set(p.invoiceId, p.paymentId);
    payments.set(p.paymentId, p);
    return p;
  };
  const own = (inv: NowpaymentsInvoice): NowpaymentsPayment | undefined => {
    const id = ownPayment.get(inv.id);
    return id === undefined ? undefined : payments.get(id);
  };
  const childrenOf = (p: NowpaymentsPayment): NowpaymentsPayment[] =>
    p.childIds.flatMap((childId) => payments.get(childId) ?? []);
  const stateOf = (inv: NowpaymentsInvoice | undefined): SandboxInvoiceState | undefined => {
    if (inv === undefined) return undefined;
    const payment = own(inv);
    return nowpaymentsState(inv, payment, payment === undefined ? [] : childrenOf(payment));
  };

  const notify = async (p: NowpaymentsPayment): Promise<void> => {
    const url = ctx.webhookUrl() ?? p.request.ipnCallbackUrl ?? undefined;
    if (url === undefined) return;
    const inv = p.invoiceId === null ? undefined : invoices.get(p.invoiceId);
    const secret = ctx.credentials().secretKey;
    // Each IPN reports the status change it announces: a retry resends that snapshot, not a later state.
    await ctx.deliver(() => nowpaymentsIpn(p, inv, { url, secret, recipe })).first;
  };

  /** Moves a payment through `steps`, one IPN per status ("a notification per each step"). */
  const play = async (
    start: NowpaymentsPayment,
    steps: ReadonlyArray<NowpaymentsPaymentStatus>,
    paid: string,
  ): Promise<NowpaymentsPayment> => {
    let current = start;
    for (const status of steps) {
      current = save(
        withStatus(current, status, status === 'waiting' ? current.actuallyPaid : paid, ctx.now()),
      );
      await notify(current);
    }
    return current;
  };

  const openPayment = async (inv: NowpaymentsInvoice): Promise<NowpaymentsPayment> => {
    const existing = own(inv);
    if (existing !== undefined) return existing;
    const created = save(
      newPayment(
        inv.request,
        { paymentId: String(nextId()), purchaseId: String(nextId()), invoiceId: inv.id },
        inv.request.payCurrency ?? DEFAULT_COIN,
        ctx.now(),
      ),
    );
    await notify(created);
    return created;
  };

  const failure = (status: EngineFailure['status'], message: string) =>
    E.left<EngineFailure>({ status, message });

  const redeposit = async (parent: NowpaymentsPayment, kind: Exclude<PaymentKind, 'unconfirmed'>) => {
    const before = depositedTotal(parent, childrenOf(parent));
    const owed = owedAfter(parent, before);
    if (kind !== 'over' && !/[1-9]/.test(owed))
      return failure(
        409,
        `nothing is owed on payment ${parent.paymentId}; pay "over" to send a repeated deposit anyway`,
      );
    const deposit = depositFor(kind, owed, parent.payAmount, parent.payCurrency);
    const { child, final } = repeatedDeposit(
      parent,
      { paymentId: String(nextId()) },
      deposit,
      before,
      ctx.now(),
    );
    save({ ...parent, childIds: [...parent.childIds, child.paymentId], updatedAt: ctx.now() });
    await play(save(child), ['confirming', final], deposit);
    return E.right<EngineFailure, void>(undefined);
  };

  const pay: Engine['pay'] = async (id, kind) => {
    const inv = invoices.get(id);
    if (inv === undefined) return failure(404, `no ${provider} invoice ${id}`);
    const payment = await openPayment(inv);
    if (isWaiting(payment)) {
      const deposit =
        kind === 'unconfirmed'
          ? payment.payAmount
          : depositFor(kind, payment.payAmount, payment.payAmount, payment.payCurrency);
      await play(payment, ownPaymentSteps(kind, deposit, payment.payAmount), deposit);
    } else if (takesRepeatedDeposits(payment) && kind !== 'unconfirmed') {
      const result = await redeposit(payment, kind);
      if (E.isLeft(result)) return result;
    } else {
      return failure(
        409,
        `${provider} payment ${payment.paymentId} is ${payment.status}; it takes no payment now`,
      );
    }
    return E.right(stateOf(invoices.get(id))!);
  };

  const expire: Engine['expire'] = async (id) => {
    const inv = invoices.get(id);
    if (inv === undefined) return failure(404, `no ${provider} invoice ${id}`);
    const payment = await openPayment(inv);
    if (!isWaiting(payment))
      return failure(
        409,
        `${provider} payment ${payment.paymentId} is ${payment.status}; only a waiting payment expires`,
      );
    await play(payment, ['expired'], payment.actuallyPaid);
    return E.right(stateOf(inv)!);
  };

  const createInvoice = (request: NowpaymentsInvoiceCreate): NowpaymentsInvoice => {
    const invoiceId = String(nextId());
    const inv: NowpaymentsInvoice = {
      id: invoiceId,
      request,
      url: ctx.pageUrl(invoiceId),
      createdAt: ctx.now(),
    };
    invoices.set(inv.id, inv);
    // Inferred: with pay_currency fixed there is no currency to pick, so the payment exists at once.
    if (request.payCurrency !== null) void openPayment(inv);
    return inv;
  };

  const createPayment = (
    request: NowpaymentsInvoiceCreate & { readonly payCurrency: string },
    sandboxCase: NowpaymentsCase,
  ): NowpaymentsPayment => {
    const payment = save(
      newPayment(
        request,
        { paymentId: String(nextId()), purchaseId: String(nextId()), invoiceId: null },
        request.payCurrency,
        ctx.now(),
      ),
    );
    const [, ...steps] = NOWPAYMENTS_CASES[sandboxCase];
    const paid =
      sandboxCase === 'partially_paid'
        ? depositFor('partial', payment.payAmount, payment.payAmount, payment.payCurrency)
        : payment.payAmount;
    setImmediate(() => void play(payment, ['waiting', ...steps], paid));
    return payment;
  };

  const events: ReadonlyArray<NowpaymentsPaymentStatus> = [
    'waiting',
    'confirming',
    'confirmed',
    'sending',
    'partially_paid',
    'finished',
    'failed',
    'expired',
  ];

  const trigger: Engine['trigger'] = (event, id) => {
    const status = events.find((e) => e === event);
    if (status === undefined) return E.left(unknownEvent(provider, event, events));
    const inv =
      id === undefined
        ? createInvoice({
            priceAmount: '10',
            priceCurrency: 'usd',
            payCurrency: null,
            orderId: null,
            orderDescription: null,
            ipnCallbackUrl: null,
            successUrl: null,
            cancelUrl: null,
            partiallyPaidUrl: null,
            isFixedRate: false,
            isFeePaidByUser: false,
          })
        : invoices.get(id);
    if (inv === undefined) return failure(404, `no ${provider} invoice ${id ?? ''}`);
    const url = ctx.webhookUrl() ?? inv.request.ipnCallbackUrl ?? undefined;
    if (url === undefined) return E.left(noWebhookUrl(provider));
    const payment =
      own(inv) ??
      save(
        newPayment(
          inv.request,
          { paymentId: String(nextId()), purchaseId: String(nextId()), invoiceId: inv.id },
          inv.request.payCurrency ?? DEFAULT_COIN,
          ctx.now(),
        ),
      );
    const paid =
      status === 'partially_paid'
        ? depositFor('partial', payment.payAmount, payment.payAmount, payment.payCurrency)
        : status === 'waiting' || status === 'expired'
          ? payment.actuallyPaid
          : payment.payAmount;
    const step = withStatus(payment, status, paid, ctx.now());
    return E.right({
      body: ipnBody(step),
      sign: (body) => ({
        provider,
        invoiceId: inv.id,
        event,
        url,
        contentType: 'application/json',
        body: writeJson(body),
        headers: { 'x-nowpayments-sig': ipnSignature(body, ctx.credentials().secretKey, recipe) },
      }),
    });
  };

  return {
    events,
    trigger,
    routes: nowpaymentsRoutes({
      intercept: ctx.intercept,
      keys: ctx.credentials,
      createInvoice,
      createPayment,
      payment: (paymentId) => payments.get(paymentId),
      payments: () => [...payments.values()],
      issueToken: () => {
        const token = randomBytes(24).toString('base64url');
        tokens.set(token, ctx.now() + JWT_LIFETIME_MS);
        return token;
      },
      tokenValid: (token) => (tokens.get(token) ?? 0) > ctx.now(),
    }),
    find: (id) => stateOf(invoices.get(id)),
    findByCode: (code) => stateOf(invoices.get(code)),
    list: () => [...invoices.values()].map((inv) => stateOf(inv)!),
    pay,
    expire,
    sendCallback: async () =>
      failure(
        400,
        'NOWPayments posts withdrawal and recurring-payment IPNs, which this sandbox does not emulate',
      ),
    close: () => undefined,
  };
};
