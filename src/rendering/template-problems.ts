// Turns whatever Handlebars threw (parse error, strict-mode miss, missing helper, TypeError from a
// lookup through a missing object) into a message and a line, for a 422 or a startup error.
import { TemplateSourceError } from './template-source-error.js';

// The {{…}} around a 1-based line / 0-based column, to show the author what was meant.
function snippetAt(source: string, line: number, column: number | undefined): string {
  const text = source.split('\n')[line - 1] ?? '';
  if (column !== undefined) {
    const start = text.lastIndexOf('{{', column + 1);
    const end = text.indexOf('}}', column);
    if (start !== -1 && end !== -1) return text.slice(start, end + 2);
  }
  return text.trim().slice(0, 80);
}

// First line whose mustache mentions `name`, for errors Handlebars reports without a location.
function lineMentioning(source: string, name: string): number | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mention = new RegExp(`\\{\\{[^}]*(?<![\\w$@-])${escaped}(?![\\w$-])`);
  const index = source.split('\n').findIndex((text) => mention.test(text));
  return index === -1 ? null : index + 1;
}

function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

// The parser notices a missing "}}" or {{/block}} only at the end of the file; the author needs the
// line where the unfinished thing starts.
function unfinishedAtEnd(source: string): { line: number; what: string } | null {
  const open: { name: string; index: number }[] = [];
  const mustache = /\{\{(~?)([#^/]?)\s*([^\s}~]*)/g;
  for (let match = mustache.exec(source); match; match = mustache.exec(source)) {
    const close = source.indexOf('}}', match.index + 2);
    const next = source.indexOf('{{', match.index + 2);
    if (close === -1 || (next !== -1 && next < close)) return { line: lineAt(source, match.index), what: 'this "{{" is never closed with "}}"' };
    const [, , kind, name = ''] = match;
    if (kind === '#') open.push({ name: name.replace(/^[>*]/, ''), index: match.index });
    else if (kind === '/') open.pop();
    mustache.lastIndex = close + 2;
  }
  const block = open.pop();
  return block ? { line: lineAt(source, block.index), what: `{{#${block.name}}} is never closed with {{/${block.name}}}` } : null;
}

export function toTemplateSourceError(error: unknown, source: string): TemplateSourceError {
  if (error instanceof TemplateSourceError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const handlebarsLine = (error as { lineNumber?: unknown }).lineNumber;
  const column = (error as { column?: unknown }).column;

  // Handlebars appends " - line:column" to located errors; the line is reported separately.
  let message = raw.replace(/ - \d+:\d+$/, '');
  let line = typeof handlebarsLine === 'number' ? handlebarsLine : null;

  const strictMiss = /^"(.+)" not defined in /.exec(message);
  if (strictMiss) message = `"${strictMiss[1]}" is not defined`;

  if (line === null) line = Number(/(?:Parse|Lexical) error on line (\d+)/.exec(message)?.[1]) || null;
  const lastLine = source.split('\n').length;
  if (/got 'EOF'/.test(message) || (/(?:Parse|Lexical) error/.test(message) && line !== null && line >= lastLine)) {
    const unfinished = unfinishedAtEnd(source);
    if (unfinished) return new TemplateSourceError(`${unfinished.what} (${message.split('\n')[0]!.replace(/:$/, '').toLowerCase()})`, unfinished.line);
  }
  if (line === null) {
    const name =
      /^Missing helper: "(.+)"/.exec(message)?.[1] ?? /^(\w+) helper: /.exec(message)?.[1] ?? /\(reading '(.+)'\)/.exec(message)?.[1];
    if (name) line = lineMentioning(source, name);
    const unreadable = /\(reading '(.+)'\)/.exec(message)?.[1];
    if (unreadable) message = `"${unreadable}" cannot be read: the object holding it is missing`;
  }
  if (line !== null && !/(?:Parse|Lexical) error/.test(message)) {
    message = `${message} (in ${snippetAt(source, line, typeof column === 'number' ? column : undefined)})`;
  }
  return new TemplateSourceError(message, line);
}
