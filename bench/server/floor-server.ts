/**
 * The floor of the server bench: a bare `node:http` server that does only what any JSON
 * endpoint must (read the body, parse it, answer with a JSON body of the given size) and
 * nothing of Gatehouse's. Driven exactly like `gatehouse serve`, it shows what this machine
 * allows a Node server with autocannon on the same cores, so Gatehouse's rows can be read as
 * a ratio to it. Usage: `floor-server.ts <response bytes>`; prints `listening on <url>`.
 */
import { createServer } from 'node:http';

const size = Number(process.argv[2] ?? 600);
const head = '{"verdict":"allow","decision_id":"0193a3b2-0000-7000-8000-000000000000","padding":"';
const response = Buffer.from(`${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': response.length });
    res.end(response);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
