// Serves the e2e host pages from ./fixtures on http://localhost:18081: a brand's own site,
// on another origin than the collector that serves the widget. `node host-server.mjs DIR PORT`
// serves DIR on PORT instead (the example Leptos app, built).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = process.argv[2] ?? join(import.meta.dirname, 'fixtures');
const port = Number(process.argv[3] ?? 18081);
// The policy docs/embedding.md gives a site with a strict CSP, for the page that tests it.
export const STRICT_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' http://127.0.0.1:18080; "
  + "style-src 'self'; connect-src 'self' http://127.0.0.1:18080; img-src 'self' data:; "
  + "object-src 'none'; base-uri 'none'";
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.wasm': 'application/wasm' };

createServer(async (request, response) => {
  let path = normalize(new URL(request.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
  if (path.endsWith('/')) path += 'index.html';
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
}).listen(port, 'localhost');
