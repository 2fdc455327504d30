using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>
/// What this service knows of each of its endpoints: is it consuming, is its circuit open, and why.
/// Exports the breaker of each endpoint queue as <c>okla_circuit_open</c> (1 open, 0 closed).
/// </summary>
public sealed class EndpointStatusRegistry
{
    private readonly ConcurrentDictionary<string, EndpointStatus> _endpoints = new(StringComparer.Ordinal);

    public EndpointStatusRegistry() =>
        MessagingTelemetry.Meter.CreateObservableGauge("okla.circuit.open",
            () => _endpoints.Select(e => new Measurement<int>(e.Value.Breaker is null ? 0 : 1, new KeyValuePair<string, object?>("queue", e.Key))),
            description: "1 while the circuit breaker holds the endpoint queue stopped, else 0.");

    public IReadOnlyCollection<KeyValuePair<string, EndpointStatus>> Endpoints => _endpoints;

    public void Register(string queue) => _endpoints.TryAdd(queue, EndpointStatus.Starting);

    public void Ready(string queue) => Update(queue, s => s with { Consuming = true });

    public void Stopped(string queue) => Update(queue, s => s with { Consuming = false });

    public void BreakerOpened(string queue, string reason, DateTime reopensAt) => Update(queue, s => s with { Breaker = new OpenBreaker(DateTime.UtcNow, reason, reopensAt) });

    public void BreakerClosed(string queue) => Update(queue, s => s with { Breaker = null });

    private void Update(string queue, Func<EndpointStatus, EndpointStatus> change) =>
        _endpoints.AddOrUpdate(queue, _ => change(EndpointStatus.Starting), (_, s) => change(s));
}

/// <param name="Breaker">Set while the circuit breaker holds the endpoint.</param>
public sealed record EndpointStatus(bool Consuming, OpenBreaker? Breaker)
{
    public static readonly EndpointStatus Starting = new(Consuming: false, Breaker: null);
}

public sealed record OpenBreaker(DateTime OpenedAt, string Reason, DateTime ReopensAt);
