// A template is accepted only if it compiles and renders every validation sample into text the
// network accepts. Used for the bundled templates at startup and for users' overrides.
import type Handlebars from 'handlebars';
import { BODY_MARKERS, splitBody } from './body-markers.js';
import { compileTemplate, type CompiledTemplate } from './compile-template.js';
import { findUnescapedReserved } from './linkedin-little-text.js';
import { NETWORK_DIALECT, type RenderNetwork } from './networks.js';
import { findTelegramHtmlProblem } from './telegram-html.js';
import { TemplateSourceError } from './template-source-error.js';
import { toTemplateSourceError } from './template-problems.js';
import { buildTemplateView } from './template-view.js';
import { VALIDATION_SAMPLES } from './validation-samples.js';

export type PreparedTemplate =
  | { ok: true; template: CompiledTemplate }
  | { ok: false; line: number | null; message: string };

function outputProblem(network: RenderNetwork, text: string): string | null {
  if (network === 'telegram') {
    const problem = findTelegramHtmlProblem(text);
    return problem && `the rendered text is not valid Telegram HTML: ${problem}`;
  }
  if (network === 'linkedin') {
    const problem = findUnescapedReserved(text);
    return problem && `the rendered text has an unescaped "${problem.char}", which makes LinkedIn cut the post`;
  }
  return null;
}

export function prepareTemplate(env: typeof Handlebars, network: RenderNetwork, source: string): PreparedTemplate {
  const dialect = NETWORK_DIALECT[network];
  let template: CompiledTemplate;
  try {
    template = compileTemplate(env, source, dialect);
  } catch (error) {
    const problem = toTemplateSourceError(error, source);
    return { ok: false, line: problem.line, message: problem.message };
  }

  let passedFullSample = false;
  for (const sample of VALIDATION_SAMPLES) {
    try {
      const output = template(buildTemplateView(sample.vacancy, sample.context), { network, dialect });
      splitBody(output);
      const problem = outputProblem(network, output.replace(BODY_MARKERS, ''));
      if (problem) throw new TemplateSourceError(`${problem} (sample: ${sample.name})`, null);
      if (sample.kind === 'full') passedFullSample = true;
    } catch (error) {
      const problem = toTemplateSourceError(error, source);
      const hint =
        passedFullSample && sample.kind === 'minimal'
          ? ' — that field is missing on some vacancies: test it with {{#if}} first'
          : '';
      return { ok: false, line: problem.line, message: problem.message + hint };
    }
  }
  return { ok: true, template };
}
