// Outbound webhook endpoints and their recent deliveries; a failed delivery can be sent again.
import { api } from '../api.js';
import { t, when, word } from '../i18n.js';
import type { WebhookDelivery, WebhookEndpoint } from '../types.js';
import { useAction } from '../parts/action.js';
import { Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

export function WebhooksPage() {
  const m = t();
  const { data, error, loading } = useLoad(() => api<{ items: WebhookEndpoint[] }>('GET', '/v1/webhook-endpoints'), []);
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{m.webhooksTitle}</h1>
      {loading && <Loading />}
      <ProblemText error={error} />
      {data && data.items.length === 0 && <p class="muted">{m.nothing}</p>}
      {data?.items.map((endpoint) => (
        <Endpoint key={endpoint.id} endpoint={endpoint} />
      ))}
    </section>
  );
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const m = t();
  const deliveries = useLoad(() => api<{ items: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=20`), [endpoint.id]);
  const retry = useAction(async (deliveryId: string) => {
    const d = await api<WebhookDelivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/${deliveryId}/retry`);
    deliveries.reload();
    return d;
  });
  return (
    <section class="block" aria-label={endpoint.url}>
      <h2 class="url">{endpoint.url}</h2>
      <p class="muted">
        {endpoint.enabled ? m.enabled : `${m.disabled}: ${endpoint.disabledReason ?? ''}`} · {endpoint.eventTypes ? endpoint.eventTypes.join(', ') : m.allEvents}
      </p>
      <h3>{m.deliveries}</h3>
      {deliveries.loading && !deliveries.data && <Loading />}
      <ProblemText error={deliveries.error ?? retry.error} />
      {deliveries.data && deliveries.data.items.length === 0 && <p class="muted">{m.nothing}</p>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div class="scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{m.event}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.attempts}</th>
                <th scope="col">{m.when}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td>{d.eventType}</td>
                  <td>
                    {word(d.status)}
                    {d.lastError && <div class="muted">{d.lastError}</div>}
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td>{when(d.updatedAt)}</td>
                  <td>
                    {(d.status === 'failed' || d.status === 'retrying') && (
                      <button type="button" class="small" disabled={retry.busy} onClick={() => void retry.go(d.id)}>
                        {m.retry}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
