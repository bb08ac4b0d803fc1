/**
 * Child process of the fan-out bench: the floor to compare realtime against.
 * A bare Socket.IO server on the same machine, with the same rooms and the same
 * event schedule, that emits straight from a timer: no Redis, no auth, no
 * replay, no per-socket bookkeeping.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { benchMessage, nowMs, type FromBaseline, type ToBaseline } from './protocol';

const TICK_MS = 10;
const http = createServer();
const server = new Server(http, { serveClient: false, transports: ['websocket'] });
const send = (m: FromBaseline) => process.send!(m);

server.on('connection', (socket) => {
  socket.on('subscribe', (req: { build_id: string }, ack: (r: unknown) => void) => {
    void socket.join(`build:${req.build_id}`);
    ack({ ok: true, replayed: 0 });
  });
});

function run({ buildIds, eventsPerSecond, seconds }: ToBaseline): void {
  const seqs: Record<string, number> = Object.fromEntries(buildIds.map((b) => [b, 0]));
  const perTick = (eventsPerSecond * TICK_MS) / 1000;
  const ticks = (seconds * 1000) / TICK_MS;
  const start = performance.now();
  let tick = 0;
  let next = 0;
  const step = () => {
    for (let i = 0; i < perTick; i++) {
      const buildId = buildIds[next++ % buildIds.length];
      const seq = ++seqs[buildId];
      const event = { ...benchMessage(nowMs()), build_id: buildId, seq, ts: new Date().toISOString() };
      server.to(`build:${buildId}`).emit('agent_message', event);
    }
    tick++;
    if (tick >= ticks) return send({ type: 'done', perBuild: seqs });
    setTimeout(step, Math.max(0, start + tick * TICK_MS - performance.now()));
  };
  step();
}

process.on('message', (m: ToBaseline) => run(m));
process.on('disconnect', () => process.exit(0));
http.listen(0, '127.0.0.1', () =>
  send({ type: 'listening', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }),
);
