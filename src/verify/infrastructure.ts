/**
 * Who answered a request before it reached the backend, read from the response itself (its `Server`
 * header, its body), and the limit of that server a status stands for: nginx's 400 cites
 * `large_client_header_buffers`, lighttpd's 431 `server.max-request-field-size`, never another's.
 */
import type { HttpResponse } from '../contract/types.js';

/** What a limit status means, whoever answered it. */
const WHAT: Record<number, string> = {
  400: 'request limit (a header or cookie too large)',
  413: 'request size limit (413 Content Too Large)',
  414: 'request-line limit (414 URI Too Long)',
  431: 'header size limit (431 Request Header Fields Too Large)',
};

interface Server {
  name: string;
  /** How the server is recognised: its Server header, else its stock error page. */
  header?: RegExp;
  body?: RegExp;
  /** Its setting behind each status. */
  limits: Partial<Record<number, string>>;
}

const SERVERS: Server[] = [
  {
    name: 'nginx',
    header: /nginx|openresty/i,
    body: /<center>nginx|Request Header Or Cookie Too Large/i,
    limits: {
      400: 'large_client_header_buffers, 4 x 8k by default',
      413: 'client_max_body_size, 1m by default',
      414: 'large_client_header_buffers, 4 x 8k by default',
    },
  },
  {
    name: 'lighttpd',
    header: /lighttpd/i,
    limits: {
      400: 'server.max-request-field-size, 8 KB by default',
      413: 'server.max-request-size',
      414: 'server.max-request-field-size, 8 KB by default',
      431: 'server.max-request-field-size, 8 KB by default',
    },
  },
  {
    name: 'Apache httpd',
    header: /apache/i,
    body: /Size of a request header field exceeds server limit|Request-URI Too Long|Apache/i,
    limits: {
      400: 'LimitRequestFieldSize, 8190 bytes by default',
      413: 'LimitRequestBody',
      414: 'LimitRequestLine, 8190 bytes by default',
    },
  },
  {
    name: 'HAProxy',
    header: /haproxy/i,
    body: /Your browser sent an invalid request/i,
    limits: { 400: 'tune.bufsize, 16 KB by default (headers included)', 414: 'tune.bufsize', 431: 'tune.bufsize' },
  },
  {
    name: 'Caddy',
    header: /caddy/i,
    limits: { 431: "Go net/http's MaxHeaderBytes (servers.max_header_size), 1 MB by default" },
  },
  {
    name: 'Envoy',
    header: /envoy/i,
    limits: { 431: 'max_request_headers_kb, 60 KB by default', 413: 'the buffer filter max_request_bytes' },
  },
  { name: 'uvicorn', header: /uvicorn/i, limits: { 400: "h11's max_incomplete_event_size, 16 KB by default" } },
  { name: 'gunicorn', header: /gunicorn/i, limits: { 400: '--limit-request-field_size, 8190 bytes by default' } },
];

/**
 * Why a limit status (400, 413, 414, 431) is the infrastructure's, naming the server that answered
 * and its setting when the response says who it is; null for another status.
 */
export function limitOf(status: number, response: Pick<HttpResponse, 'headers' | 'text'>): string | null {
  const what = WHAT[status];
  if (!what) return null;
  const header = response.headers.server ?? '';
  const server =
    SERVERS.find((s) => header !== '' && s.header?.test(header)) ?? SERVERS.find((s) => s.body?.test(response.text.slice(0, 2000)));
  if (server) {
    const setting = server.limits[status];
    return `${server.name}'s ${what}${setting ? `; ${server.name}: ${setting}` : ''}`;
  }
  const named = header === '' ? '' : ` (Server: ${header.slice(0, 60)})`;
  // Node answers a header past --max-http-header-size with a bare 431: no Server header, no body.
  const node =
    status === 431 && header === '' && response.text === '' ? "; a bare 431 is Node's --max-http-header-size, 16 KB by default" : '';
  return `a proxy's or server's ${what}${named}${node}`;
}
