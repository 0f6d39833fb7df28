// A brand's own endpoint, standing in for a post-level backend on http://127.0.0.1:18082:
// POST /in records exactly what arrived (answering as planned: 204 by default); GET /records
// lists the records, DELETE /records forgets them; POST /plan queues the next answers
// (a status such as 500, "garbage" for a 502 HTML page, "no-cors" for an answer the browser
// must refuse to show the widget, as from a misconfigured endpoint, or { status, retryAfter }
// for an answer with a `Retry-After` header the page may read). Each record has its arrival
// time, `at`, in ms.
import { createServer } from 'node:http';

let records = [];
let plan = [];
const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };

function body(request) {
  return new Promise((resolve) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

createServer(async (request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  const text = await body(request);
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST' });
    return response.end();
  }
  if (path === '/records') {
    if (request.method === 'DELETE') records = [];
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end(JSON.stringify(records));
  }
  if (path === '/plan' && request.method === 'POST') {
    plan = JSON.parse(text);
    response.writeHead(204);
    return response.end();
  }
  if (path === '/in' && request.method === 'POST') {
    records.push({ contentType: request.headers['content-type'], origin: request.headers.origin, body: text, at: Date.now() });
    const next = plan.shift() ?? 204;
    if (next === 'no-cors') {
      response.writeHead(200);
      return response.end();
    }
    if (next === 'garbage') {
      response.writeHead(502, { ...cors, 'content-type': 'text/html' });
      return response.end('<html><body>Bad gateway</body></html>');
    }
    if (next.retryAfter !== undefined) {
      response.writeHead(next.status, { ...cors, 'retry-after': String(next.retryAfter), 'access-control-expose-headers': 'Retry-After' });
      return response.end();
    }
    response.writeHead(next, cors);
    return response.end();
  }
  response.writeHead(404);
  response.end();
}).listen(18082, '127.0.0.1');
