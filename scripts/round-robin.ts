/**
 * The round-robin in front of the API replicas of `make start-cluster` (scripts/start-cluster.ts runs it in
 * its own Node process, no extra child) and of the Compose file (service `api`, run alone):
 *
 *   ROUND_ROBIN_TARGETS=api-1:3000,api-2:3000 API_HOST=0.0.0.0 API_PORT=3000 npx tsx scripts/round-robin.ts
 */
import http from 'node:http';

/**
 * The smallest load balancer that does the job here: each request goes to the next API in turn; one that
 * refuses the connection is skipped (the request body is buffered, so it can be sent to the next one). In
 * production a real load balancer (nginx, an ingress) takes this place (docs/operations.md).
 */
export function startRoundRobin(host: string, port: number, targets: ReadonlyArray<{ host: string; port: number }>): Promise<http.Server> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number): void => {
        const target = targets[next++ % targets.length]!;
        const upstream = http.request(
          { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && tries + 1 < targets.length) return attempt(tries + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'UPSTREAM_UNAVAILABLE', message: `no API answered: ${err.message}` } }));
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function main(): void {
  const targets = (process.env.ROUND_ROBIN_TARGETS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const m = /^(.+):(\d+)$/.exec(t);
      if (!m?.[1] || !m[2]) throw new Error(`ROUND_ROBIN_TARGETS: ${t} is not host:port`);
      return { host: m[1], port: Number(m[2]) };
    });
  if (targets.length === 0) throw new Error('ROUND_ROBIN_TARGETS: host:port of each API, comma-separated');
  const host = process.env.API_HOST ?? '127.0.0.1';
  const port = Number(process.env.API_PORT ?? 3000);
  void startRoundRobin(host, port, targets).then((server) => {
    process.stdout.write(`round-robin on http://${host}:${port} → ${targets.map((t) => `${t.host}:${t.port}`).join(', ')}\n`);
    const stop = (): void => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

if (require.main === module) main();
