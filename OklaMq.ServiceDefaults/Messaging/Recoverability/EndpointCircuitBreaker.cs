using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Health;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// The circuit breaker of design document 2.2, per endpoint. It sees every attempt (it sits inside
/// the retry filters): once at least <see cref="CircuitBreakerSettings.ActiveThreshold"/> attempts
/// were made in the last <see cref="CircuitBreakerSettings.TrackingPeriod"/> and at least
/// <see cref="CircuitBreakerSettings.TripThreshold"/> percent of them failed, it stops the endpoint:
/// it takes no messages (they wait in the queue), health reports Degraded with the reason, and after
/// <see cref="CircuitBreakerSettings.ResetInterval"/> it starts the endpoint again with a clean count.
/// MassTransit's kill switch counts a message only when it finally faults, which with scheduled
/// redelivery is the better part of an hour after the dependency broke. Broken contracts and
/// dependency failures (retried in place) do not count.
/// </summary>
public sealed partial class EndpointCircuitBreaker(EndpointIdentity identity, CircuitBreakerSettings settings, EndpointStatusRegistry status, TimeProvider clock, ILogger logger)
    : IFilter<ConsumeContext>, IReceiveEndpointObserver
{
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, bool Failed)> _attempts = new();
    private IReceiveEndpoint? _endpoint;
    private bool _open;

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (Counts(ex))
        {
            Record(failed: true, ex);
            throw;
        }
        Record(failed: false, exception: null);
    }

    private static bool Counts(Exception exception) =>
        exception is not OperationCanceledException
        && !PermanentFailures.IsPermanent(exception)
        && !TransientDependencyFailures.IsTransient(exception);

    private void Record(bool failed, Exception? exception)
    {
        string? reason = null;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            while (_attempts.TryPeek(out var oldest) && now - oldest.At > settings.TrackingPeriod)
            {
                _attempts.Dequeue();
            }
            _attempts.Enqueue((now, failed));

            var failures = _attempts.Count(a => a.Failed);
            if (!_open && failed && _attempts.Count >= settings.ActiveThreshold && failures * 100 >= settings.TripThreshold * _attempts.Count)
            {
                _open = true;
                reason = $"{failures} of {_attempts.Count} attempts failed in the last {settings.TrackingPeriod}; last: {exception!.GetType().Name}: {exception.Message}";
            }
        }
        if (reason is not null)
        {
            _ = Task.Run(() => OpenAsync(reason));
        }
    }

    private async Task OpenAsync(string reason)
    {
        var reopensAt = clock.GetUtcNow() + settings.ResetInterval;
        status.BreakerOpened(identity.Queue, reason, reopensAt.UtcDateTime);
        LogOpened(identity.Queue, reason, reopensAt);
        try
        {
            if (_endpoint is { } endpoint)
            {
                await endpoint.Stop();
            }
            await Task.Delay(settings.ResetInterval, clock);
        }
        finally
        {
            lock (_gate)
            {
                _attempts.Clear();
                _open = false;
            }
            status.BreakerClosed(identity.Queue);
            if (_endpoint is { } endpoint)
            {
                await endpoint.Start().Ready;
            }
            LogClosed(identity.Queue);
        }
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        _endpoint ??= ready.ReceiveEndpoint;
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public void Probe(ProbeContext context) => context.CreateFilterScope("circuitBreaker");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit opened on {Queue}: {Reason}; it takes no messages until {ReopensAt:O}")]
    private partial void LogOpened(string queue, string reason, DateTimeOffset reopensAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit closed on {Queue}: consuming again")]
    private partial void LogClosed(string queue);
}
