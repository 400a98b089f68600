import { useNock } from '@invoicekit/testkit';
import { createNodeTransport } from '../src/adapter';
import { describeHttpTransport } from './support/transportSuite';

useNock();

describeHttpTransport('createNodeTransport', createNodeTransport);
