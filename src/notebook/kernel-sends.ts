/**
 * A workaround for tslab 1.0.22 on zeromq 6: tslab sends each output message (a display update,
 * a `console.log` line) without waiting for the send before it. zeromq sends at once up to 512
 * times in a row, then delays one send to the next turn of the event loop, and a second send in
 * that same turn throws "Socket is busy writing" (EBUSY) into whichever cell printed. A cell that
 * prints several things in one turn (a live progress table fed by worker threads) hits it now and
 * then. Sends on a patched socket class wait for the one before instead, in order.
 */

type Send = (this: object, ...args: unknown[]) => Promise<unknown>;

const PATCHED = Symbol.for('mnist-latent-autoencoders.serializedSends');

/**
 * Makes `send` on every socket of class `socketClass` wait for the same socket's send before it
 * (a send with none in flight goes out at once, as before). Patching twice is a no-op.
 */
export function serializeSends(socketClass: { prototype: object }): void {
  const proto = socketClass.prototype as { send: Send; [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto.send;
  const queues = new WeakMap<object, { inFlight: number; tail: Promise<unknown> }>();
  // Defined, not assigned: zeromq's native `send` is read-only, and an assignment to a subclass's
  // prototype would throw.
  const serializedSend = function (this: object, ...args: unknown[]): Promise<unknown> {
    let queue = queues.get(this);
    if (!queue) queues.set(this, (queue = { inFlight: 0, tail: Promise.resolve() }));
    const invoke = () => original.apply(this, args);
    const sent = queue.inFlight === 0 ? invoke() : queue.tail.then(invoke, invoke);
    queue.inFlight++;
    const settled = () => { queue.inFlight--; };
    queue.tail = sent.then(settled, settled);
    return sent;
  };
  Object.defineProperty(proto, 'send', { value: serializedSend, writable: false, configurable: true });
  Object.defineProperty(proto, PATCHED, { value: true });
}
