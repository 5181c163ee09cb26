// A studio server in a process of its own, for the load test: it says its URL, and when asked,
// what it holds after a full garbage collection (run with --expose-gc), so that the test
// measures the server and not its own clients.
import { startStudio } from '../../src/studio/server.ts';

export interface ServerHolds {
  /** Bytes of JavaScript objects, and of Buffers and other memory outside the heap. */
  heapUsed: number;
  external: number;
  /** Timers (a live stream polls on one) and open sockets. */
  timers: number;
  sockets: number;
}

const [runsDir, appDir, pollMs] = process.argv.slice(2);
const studio = await startStudio({ runsDir, appDir, port: 0, pollMs: Number(pollMs) });
process.send!({ url: studio.url });

const gc = (globalThis as { gc?: () => void }).gc!;
process.on('message', () => {
  // Two passes: the first may only queue what weak references and finalizers release.
  gc();
  gc();
  const memory = process.memoryUsage();
  const resources = process.getActiveResourcesInfo();
  const holds: ServerHolds = {
    heapUsed: memory.heapUsed, external: memory.external,
    timers: resources.filter((r) => r === 'Timeout').length, sockets: resources.filter((r) => r === 'TCPSocketWrap').length,
  };
  process.send!(holds);
});
process.on('disconnect', () => { void studio.close().then(() => process.exit(0)); });
