// Output buffers for native kernels, reused once their tensor is disposed. Without it every
// kernel output is a fresh Float32Array: its pages fault in as the kernel writes them, and the
// external memory they add makes V8 run a full GC every few dozen kernels (~17% of a DCGAN
// iteration).
//
// A pooled buffer may be overwritten after its tensor is disposed, so it must back exactly one
// tensor and never leave the backend: NativeBackend copies on read, and `adopt` hands out a copy
// when a kernel tries to store a pooled buffer (or a view into one, as tfjs cpu's Slice makes)
// that is already some other tensor's. Arrays from users are never pooled.
const MAX_POOLED_BYTES = 1 << 30;

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly handedOut = new Set<Float32Array>();
  private pooledBytes = 0;

  /** A buffer of `length` floats with arbitrary contents: the kernel must write all of it. */
  take(length: number): Float32Array {
    let buffer = this.free.get(length)?.pop();
    if (buffer) {
      this.pooledBytes -= buffer.byteLength;
    } else {
      buffer = new Float32Array(length);
      this.owned.add(buffer.buffer);
    }
    this.handedOut.add(buffer);
    return buffer;
  }

  /** Whether `values` is a pooled buffer (or a view into one). */
  owns(values: unknown): values is Float32Array {
    return ArrayBuffer.isView(values) && this.owned.has(values.buffer);
  }

  /** What a new tensor may store: `values` itself, or a copy when it would alias a pooled buffer. */
  adopt<T>(values: T): T {
    if (!this.owns(values)) return values;
    if (this.handedOut.delete(values)) return values;
    return values.slice() as T;
  }

  /** Gives back the buffer of a disposed tensor. */
  release(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.owns(values) || values.byteOffset !== 0 ||
        values.length * 4 !== values.buffer.byteLength || this.pooledBytes + values.byteLength > MAX_POOLED_BYTES) return;
    let list = this.free.get(values.length);
    if (!list) this.free.set(values.length, (list = []));
    list.push(values);
    this.pooledBytes += values.byteLength;
  }
}
