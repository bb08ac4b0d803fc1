import type { DefaultTreeAdapterMap } from 'parse5';

export type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];
export type Document = DefaultTreeAdapterMap['document'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

export const isElement = (n: Node): n is Element => 'tagName' in n;

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function childrenOf(n: Node): Node[] {
  const kids = 'childNodes' in n ? [...(n as ParentNode).childNodes] : [];
  if (isElement(n) && n.tagName === 'template' && 'content' in n)
    kids.push(...(n as DefaultTreeAdapterMap['template']).content.childNodes);
  return kids;
}

/** Every element in document order. */
export function elements(root: Node): Element[] {
  const out: Element[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop() as Node;
    if (isElement(n)) out.push(n);
    stack.push(...childrenOf(n).reverse());
  }
  return out;
}

export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parentNode; p && isElement(p as Node); p = (p as Element).parentNode)
    out.push(p as Element);
  return out;
}

const hidden = (el: Element) => attr(el, 'aria-hidden') === 'true' || attr(el, 'hidden') !== undefined;

/** Text a screen reader would read for the subtree: text nodes, image alts and SVG titles. */
export function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  if (!isElement(n)) return '';
  if (hidden(n)) return '';
  if (n.tagName === 'img') return attr(n, 'alt') ?? '';
  const label = attr(n, 'aria-label');
  if (label && n.tagName !== 'a' && n.tagName !== 'button') return label;
  return childrenOf(n)
    .map(textOf)
    .join(n.tagName === 'br' ? ' ' : '');
}

/** Accessible name of a link, button or control (aria-labelledby, aria-label, then content). */
export function accessibleName(el: Element, byId: ReadonlyMap<string, Element>): string {
  const labelledBy = attr(el, 'aria-labelledby');
  if (labelledBy) {
    return labelledBy
      .split(/\s+/)
      .map((id) => (byId.get(id) ? textOf(byId.get(id) as Element) : ''))
      .join(' ')
      .trim();
  }
  const label = attr(el, 'aria-label')?.trim();
  if (label) return label;
  return childrenOf(el).map(textOf).join('').replace(/\s+/g, ' ').trim() || (attr(el, 'title') ?? '').trim();
}
