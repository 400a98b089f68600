import type { AxiosTransportOptions } from './axiosTransport';
import type { NodeTransportOptions } from './nodeTransport';
import type { HttpTransport } from './transport';

/** What each runtime's transport module (`#transport`) provides. */
export interface RuntimeTransports {
  readonly createAxiosTransport: (options?: AxiosTransportOptions) => HttpTransport;
  readonly createNodeTransport: (options?: NodeTransportOptions) => HttpTransport;
  readonly defaultTransport: HttpTransport;
}
