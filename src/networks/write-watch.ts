// Tells exchange() the moment undici starts writing a request on a connection, which is the line
// between "provably not sent" and "maybe sent". undici calls a handler's onRequestStart (onConnect in
// its older handler API) once a connection is ready, immediately before it writes the request; any
// failure or deadline before that leaves nothing on the wire. Hooked in as a dispatcher interceptor
// (Dispatcher.compose), so it works with any dispatcher: the global one, an Agent, a MockAgent.
import type { Dispatcher } from 'undici';

type Handler = Dispatcher.DispatchHandler;
type Controller = Dispatcher.DispatchController;

class WriteWatch implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly onWrite: () => void,
  ) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.onWrite();
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Handler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Handler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Handler['onResponseData']>>): void {
    this.inner.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Handler['onResponseEnd']>>): void {
    this.inner.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Handler['onResponseError']>>): void {
    this.inner.onResponseError?.(...args);
  }
}

// compose() hands interceptors handlers in undici's current API (onRequestStart…), whatever API the
// caller used; the dispatcher underneath adapts them back as it needs.
export function watchWrites(onWrite: () => void): Dispatcher.DispatchInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new WriteWatch(handler, onWrite));
}
