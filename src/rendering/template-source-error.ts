// A problem in a template's source, with the 1-based line it is on when known. The API answers 422
// naming the line; the renderer's constructor names the bundled file and line.
export class TemplateSourceError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'TemplateSourceError';
  }
}
