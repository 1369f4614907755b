import { isStackOverflow, tooDeepMessage } from '../api/depth.js';

/** A yaml parse error as one line; the parser's stack overflow is a depth problem, said as upstream says it. */
export function yamlMessage(message: string): string {
  if (isStackOverflow(message)) return `${tooDeepMessage('yaml')} (nesting too deep to read)`;
  return `yaml: ${message.split('\n')[0]}`;
}
