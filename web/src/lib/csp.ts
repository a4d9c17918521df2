/**
 * The page's CSP style nonce, which the server writes into index.html for each response
 * (src/core/http/console.ts). Styles without it are blocked by the strict CSP.
 */
export function cspNonce(): string | undefined {
  const content = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return content && content !== '__CSP_NONCE__' ? content : undefined;
}

/**
 * Gives every <style> element the console's own scripts create the page's nonce. antd passes the nonce
 * itself (ConfigProvider csp), but helpers under it do not: the scrollbar measurement of every Table
 * and the scroll lock of every Modal and Drawer (@rc-component/util updateCSS) create bare style tags,
 * which the CSP would block. Markup injected into the page does not go through createElement, so the
 * CSP still stops injected styles.
 */
export function nonceScriptStyles(nonce: string): void {
  // Called below with the document it was called on, as the original would be.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (
    this: Document,
    tagName: string,
    options?: ElementCreationOptions,
  ) {
    const element = create.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  };
}
