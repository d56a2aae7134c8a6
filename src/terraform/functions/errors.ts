/** Errors a built-in function raises on bad input; the call's value becomes unknown with the message. */
export class FnError extends Error {}

/** A function result too large to compute: reported as a limit, the value is unknown. */
export class LimitError extends FnError {}

export const fail = (msg: string): never => {
  throw new FnError(msg);
};

export const tooLarge = (msg: string): never => {
  throw new LimitError(msg);
};

/** A pure function whose result tfxacct does not reproduce: the value is unknown, not an error. */
export class UnsupportedError extends Error {}

export const unsupported = (msg: string): never => {
  throw new UnsupportedError(msg);
};
