// Socket-level helpers shared by tests that watch a server stop taking connections.
import { connect } from 'node:net';

/** Resolves true once a TCP connection to the port on 127.0.0.1 is refused (polled), false if it never is. */
export async function refusedSoon(port: number): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    if (refused) return true;
    await new Promise((r) => setImmediate(r));
  }
  return false;
}
