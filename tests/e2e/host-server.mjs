// Serves the e2e host pages from ./fixtures on http://localhost:18081: a brand's own site,
// on another origin than the collector that serves the widget.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = join(import.meta.dirname, 'fixtures');
// The policy docs/embedding.md gives a site with a strict CSP, for the page that tests it.
export const STRICT_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' http://127.0.0.1:18080; "
  + "style-src 'self'; connect-src 'self' http://127.0.0.1:18080; img-src 'self' data:; "
  + "object-src 'none'; base-uri 'none'";
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

createServer(async (request, response) => {
  const path = normalize(new URL(request.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(root, path));
    const headers = { 'content-type': types[extname(path)] ?? 'application/octet-stream' };
    if (path === '/csp.html') headers['content-security-policy'] = STRICT_POLICY;
    response.writeHead(200, headers);
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  }
}).listen(18081, 'localhost');
