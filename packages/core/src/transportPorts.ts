import type { AxiosTransportOptions } from './axiosTransport';
import type { HttpTransport } from './transport';

/** What each runtime's transport module (`#transport`) provides. */
export interface RuntimeTransports {
  readonly createAxiosTransport: (options?: AxiosTransportOptions) => HttpTransport;
  readonly defaultTransport: HttpTransport;
}
