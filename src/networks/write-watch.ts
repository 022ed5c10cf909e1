// Tells exchange() the moment a request starts being written on a connection, which is the line
// between "provably not sent" and "maybe sent". undici calls a handler's onRequestStart (onConnect in
// its older handler API) once a connection is ready, immediately before it writes the request; any
// failure or deadline before that leaves nothing on the wire. Hooked in as a dispatcher interceptor
// (Dispatcher.compose), so it works with any dispatcher: the global one, an Agent, a MockAgent.
//
// The handler speaks both of undici's handler APIs. The global dispatcher is whichever undici
// registered it first, and that may be the older copy inside Node (the one behind fetch), which
// only calls onConnect/onHeaders/onData/onComplete/onError; undici 7 calls onRequestStart and friends.
// Each call is passed on to the same method of the wrapped handler.
import type { Dispatcher } from 'undici';

type Handler = Dispatcher.DispatchHandler;
type Args<K extends keyof Handler> = Parameters<NonNullable<Handler[K]>>;

class WriteWatch implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly onWrite: () => void,
  ) {}

  // undici 7
  onRequestStart(...args: Args<'onRequestStart'>): void {
    this.onWrite();
    this.inner.onRequestStart?.(...args);
  }
  onRequestUpgrade(...args: Args<'onRequestUpgrade'>): void {
    this.inner.onRequestUpgrade?.(...args);
  }
  onResponseStart(...args: Args<'onResponseStart'>): void {
    this.inner.onResponseStart?.(...args);
  }
  onResponseData(...args: Args<'onResponseData'>): void {
    this.inner.onResponseData?.(...args);
  }
  onResponseEnd(...args: Args<'onResponseEnd'>): void {
    this.inner.onResponseEnd?.(...args);
  }
  onResponseError(...args: Args<'onResponseError'>): void {
    this.inner.onResponseError?.(...args);
  }

  // the older API (Node's bundled undici)
  onConnect(...args: Args<'onConnect'>): void {
    this.onWrite();
    this.inner.onConnect?.(...args);
  }
  onHeaders(...args: Args<'onHeaders'>): boolean {
    return this.inner.onHeaders?.(...args) ?? true;
  }
  onData(...args: Args<'onData'>): boolean {
    return this.inner.onData?.(...args) ?? true;
  }
  onComplete(...args: Args<'onComplete'>): void {
    this.inner.onComplete?.(...args);
  }
  onError(...args: Args<'onError'>): void {
    this.inner.onError?.(...args);
  }
  onUpgrade(...args: Args<'onUpgrade'>): void {
    this.inner.onUpgrade?.(...args);
  }
  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }
  onBodySent(...args: Args<'onBodySent'>): void {
    this.inner.onBodySent?.(...args);
  }
}

export function watchWrites(onWrite: () => void): Dispatcher.DispatchInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new WriteWatch(handler, onWrite));
}
