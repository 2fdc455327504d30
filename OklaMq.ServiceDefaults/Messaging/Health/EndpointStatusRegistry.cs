using System.Collections.Concurrent;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>What this service knows of each of its endpoints: is it consuming, is its breaker open, and why.</summary>
public sealed class EndpointStatusRegistry
{
    private readonly ConcurrentDictionary<string, EndpointStatus> _endpoints = new(StringComparer.Ordinal);

    /// <summary>Set when the host begins to stop, so endpoints stopping with it are not taken for open breakers.</summary>
    public bool ShuttingDown { get; set; }

    public IReadOnlyCollection<KeyValuePair<string, EndpointStatus>> Endpoints => _endpoints;

    public void Register(string queue) => _endpoints.TryAdd(queue, new EndpointStatus(Ready: false, BreakerOpenedAt: null, LastFault: null));

    public void Ready(string queue) => Update(queue, s => s with { Ready = true, BreakerOpenedAt = null });

    public void Stopped(string queue) => Update(queue, s => s with { Ready = false, BreakerOpenedAt = ShuttingDown ? null : DateTime.UtcNow });

    public void Faulted(string queue, Exception exception) => Update(queue, s => s with { LastFault = $"{exception.GetType().Name}: {exception.Message}" });

    private void Update(string queue, Func<EndpointStatus, EndpointStatus> change) =>
        _endpoints.AddOrUpdate(queue, _ => change(new EndpointStatus(false, null, null)), (_, s) => change(s));
}

/// <param name="BreakerOpenedAt">When the circuit breaker stopped the endpoint; null while it consumes.</param>
public sealed record EndpointStatus(bool Ready, DateTime? BreakerOpenedAt, string? LastFault);
