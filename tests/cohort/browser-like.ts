/**
 * @module
 * A small browser stand-in for the cohort server's tests: keeps cookies (Secure ones too, as browsers do
 * for localhost), sends forms with the page's CSRF token, and follows nothing by itself.
 */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export class BrowserLike {
  readonly cookies = new Map<string, string>();
  readonly origin: string;
  private readonly fetcher: Fetcher;

  constructor(fetcher: Fetcher, origin = 'http://localhost') {
    this.fetcher = fetcher;
    this.origin = origin;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.fetcher(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a page and returns its HTML. */
  async page(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await this.request(path);
    return { status: response.status, html: await response.text(), response };
  }

  /** POSTs a form the way the page would: with the CSRF token found in `fromHtml` and this site's Origin. */
  async submit(path: string, fields: Record<string, string>, fromHtml: string, origin = this.origin): Promise<Response> {
    const token = fromHtml.match(/name="_csrf" value="([^"]*)"/)?.[1] ?? '';
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  }
}
