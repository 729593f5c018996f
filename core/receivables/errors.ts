/**
 * A payment plan or allocation the rules refuse, with the input path (`installments.2.amount`)
 * and the rule (`sum`, `locked`, `positive`, …). The server turns it into a field error.
 */
export class ReceivablesError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReceivablesError';
  }
}
