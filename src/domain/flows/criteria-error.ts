export class CriteriaError extends Error {
  constructor(
    message: string,
    /** 0-based character offset into the source. */
    readonly position: number,
  ) {
    super(message);
    this.name = "CriteriaError";
  }
}
