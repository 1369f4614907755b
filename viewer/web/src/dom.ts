/** The element a selector names in the page skeleton (index.html), which always has it. */
export const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
