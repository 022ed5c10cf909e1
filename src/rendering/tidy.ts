// Conditional blocks in templates leave stray blank lines and trailing spaces; networks show them.
export function tidyPost(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
