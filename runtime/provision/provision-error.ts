/** A plan that cannot be provisioned (a certificate file vanished, an access log can't be opened…). */
export class ProvisionError extends Error {
  readonly code = 'RWS_ERR_PROVISION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvisionError';
  }
}
