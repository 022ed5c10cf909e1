// Handlebars' own {{ }} escaping is HTML escaping, which is wrong for every network here (plain text
// would show "&amp;", LinkedIn needs backslashes). Templates are compiled with noEscape and this
// rewrite puts network escaping back where Handlebars would have put HTML escaping: every
// `{{x}}` becomes `{{escape x}}` and every `{{helper a b}}` becomes `{{escape (helper a b)}}`.
// Escaping is thus on by default, also in users' override templates, instead of relying on every
// author to remember a helper. Raw output ({{{ }}}, {{& }}) is refused: helpers that produce markup
// return a SafeString instead, which `escape` passes through.
import { ESCAPE_HELPER, OPTIONAL_LOOKUP_HELPER } from './helpers.js';
import { TemplateSourceError } from './template-source-error.js';

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;

function lineOf(node: hbs.AST.Node): number | null {
  return node.loc?.start.line ?? null;
}

function path(name: string, loc: hbs.AST.SourceLocation): hbs.AST.PathExpression {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

function isPath(node: hbs.AST.Node): node is hbs.AST.PathExpression {
  return node.type === 'PathExpression';
}

function escapedMustache(node: hbs.AST.MustacheStatement, isHelper: (name: string) => boolean): void {
  const target = node.path;
  const hasArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
  const isBareHelper = isPath(target) && !target.data && target.depth === 0 && target.parts.length === 1 && isHelper(target.parts[0]!);
  let argument: hbs.AST.Expression;
  if (hasArguments || isBareHelper) {
    argument = { type: 'SubExpression', path: target, params: node.params, hash: node.hash, loc: node.loc } as hbs.AST.SubExpression;
    // Keep strict mode's "a missing variable is an error" for values printed through a helper:
    // Handlebars only checks the printed path itself, not a helper's arguments.
    for (const param of node.params) markStrict(param);
    for (const pair of node.hash?.pairs ?? []) markStrict(pair.value);
  } else {
    argument = target;
    markStrict(target);
  }
  node.path = path(ESCAPE_HELPER, node.loc);
  node.params = [argument];
  node.hash = undefined as unknown as hbs.AST.Hash;
}

// The compiler honours `strict` on any path node; Handlebars sets it only on printed paths.
function markStrict(expression: hbs.AST.Expression): void {
  if (isPath(expression)) (expression as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
}

// Conditions test optional data: {{#if vacancy.jobLocation.city}} must be false, not a TypeError,
// when jobLocation is absent. Strict mode compiles such paths without null guards, so a dotted path
// in a block's arguments becomes (lookupOptional vacancy "jobLocation" "city"), which stops at the
// first missing own property. Single names already behave so in strict mode.
function optionalLookup(expression: hbs.AST.Expression): hbs.AST.Expression {
  if (!isPath(expression) || expression.parts.length < 2) return expression;
  const [head, ...rest] = expression.parts as [string, ...string[]];
  const loc = expression.loc;
  const root: hbs.AST.PathExpression = { ...expression, parts: [head], original: head };
  const keys = rest.map((key): hbs.AST.StringLiteral => ({ type: 'StringLiteral', value: key, original: key, loc }));
  return { type: 'SubExpression', path: path(OPTIONAL_LOOKUP_HELPER, loc), params: [root, ...keys], hash: undefined, loc } as unknown as hbs.AST.SubExpression;
}

function rewriteStatement(node: Statement, isHelper: (name: string) => boolean): void {
  switch (node.type) {
    case 'MustacheStatement': {
      const mustache = node as hbs.AST.MustacheStatement;
      if (!mustache.escaped) {
        throw new TemplateSourceError('{{{ }}} and {{& }} print text unescaped: use {{ }}, which escapes for the network', lineOf(node));
      }
      escapedMustache(mustache, isHelper);
      return;
    }
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      block.params = block.params.map(optionalLookup);
      for (const pair of block.hash?.pairs ?? []) pair.value = optionalLookup(pair.value);
      if (block.program) rewriteProgram(block.program, isHelper);
      if (block.inverse) rewriteProgram(block.inverse, isHelper);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw new TemplateSourceError('partials ({{> name}}) are not available in post templates', lineOf(node));
    case 'Decorator':
    case 'DecoratorBlock':
      throw new TemplateSourceError('decorators ({{* name}}) are not available in post templates', lineOf(node));
    default:
      return; // content and comments
  }
}

export function rewriteProgram(program: Program, isHelper: (name: string) => boolean): Program {
  for (const statement of program.body) rewriteStatement(statement, isHelper);
  return program;
}
