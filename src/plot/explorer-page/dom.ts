/** Small DOM helpers the page scripts share (the explorer's, ./explorer.ts, and the browser trainer's, src/trainer/page/page.ts). */

/** The bytes of a base64 string. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64.replace(/\s+/g, ''));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** An element with attributes (`text` sets its text) and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const key of Object.keys(attributes)) {
    if (key === 'text') node.textContent = attributes[key]!;
    else node.setAttribute(key, attributes[key]!);
  }
  children.forEach((child) => node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child));
  return node;
}
