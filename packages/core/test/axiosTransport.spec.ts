import { useNock } from '@invoicekit/testkit';
import { createAxiosTransport } from '../src/adapter';
import { describeHttpTransport } from './support/transportSuite';

useNock();

describeHttpTransport('createAxiosTransport', createAxiosTransport);
