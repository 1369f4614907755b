/** How the CLI names a recorded write: `update/status` and `pod/default/web-abcde`. */
export function eventVerb(e: { verb: string; subresource: string | null }): string {
  return e.subresource ? `${e.verb}/${e.subresource}` : e.verb;
}

export function eventObject(e: { kind: string; namespace: string | null; name: string }): string {
  return `${e.kind.toLowerCase()}/${e.namespace ? e.namespace + '/' : ''}${e.name}`;
}
