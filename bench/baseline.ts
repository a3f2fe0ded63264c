// Reference server for the benchmark: bare node:http answering every request with fixed bytes
// (orgmock's own 200 body, read from a file). No routing, auth or framework: what any Node server
// can reach on this machine with this load generator, so the orgmock and Prism figures can be read
// against a ceiling. Started by bench/run.ts: `node --import tsx bench/baseline.ts PORT BODY_FILE`.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [portArg, bodyFile] = process.argv.slice(2);
if (!portArg || !bodyFile) {
  process.stderr.write('usage: node --import tsx bench/baseline.ts PORT BODY_FILE\n');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(portArg), '127.0.0.1');
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
