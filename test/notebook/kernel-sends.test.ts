import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { serializeSends } from '../../src/notebook/kernel-sends.js';

/** A socket that behaves as zeromq 6's: every `fastSends` sends in a row, one is delayed to the next turn, and a send while it is pending throws EBUSY. */
function fakeSocketClass(fastSends: number) {
  return class FakeSocket {
    sent: unknown[] = [];
    private inARow = 0;
    private writing = false;
    send(message: unknown): Promise<void> {
      if (this.writing) throw new Error('Socket is busy writing; only one send operation may be in progress at any time');
      if (this.inARow++ < fastSends) {
        this.sent.push(message);
        return Promise.resolve();
      }
      this.writing = true;
      return new Promise((resolve) => setImmediate(() => {
        this.inARow = 0;
        this.writing = false;
        this.sent.push(message);
        resolve();
      }));
    }
  };
}

describe('serialized kernel sends', () => {
  it('the unpatched socket throws EBUSY on a second send in the turn its send is delayed', () => {
    const socket = new (fakeSocketClass(3))();
    for (let i = 0; i < 4; i++) void socket.send(i);
    assert.throws(() => socket.send(4), /Socket is busy writing/);
  });

  it("patches a class whose inherited send is read-only, as zeromq's native one is", async () => {
    class Native { send(message: unknown): Promise<unknown> { return Promise.resolve(message); } }
    Object.defineProperty(Native.prototype, 'send', { writable: false });
    class Publisher extends Native {}
    serializeSends(Publisher);
    assert.equal(await new Publisher().send('x'), 'x');
  });

  it('patched, a thousand sends in one turn all go out, in order, and a patch twice is the same', async () => {
    const FakeSocket = fakeSocketClass(3);
    serializeSends(FakeSocket);
    const once = FakeSocket.prototype.send;
    serializeSends(FakeSocket);
    assert.equal(FakeSocket.prototype.send, once);
    const socket = new FakeSocket();
    const other = new FakeSocket();
    const sends = Array.from({ length: 1000 }, (_, i) => socket.send(i));
    void other.send('alone');
    assert.deepEqual(other.sent, ['alone'], 'a socket with nothing in flight sends at once');
    assert.deepEqual(socket.sent, [0], 'the first send goes out at once');
    await Promise.all(sends);
    assert.deepEqual(socket.sent, Array.from({ length: 1000 }, (_, i) => i));
    await nextTurn();
    void socket.send('later');
    assert.equal(socket.sent.at(-1), 'later', 'once the queue is empty, sends go out at once again');
  });
});
