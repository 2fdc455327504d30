using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Health;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// The circuit breaker of one endpoint (design document 2.2). It counts messages, not final faults:
/// as a filter inside the immediate retry it sees every attempt, and a message counts as failed in
/// the tracking period as soon as one of its attempts fails (once, however often it is retried), and
/// as succeeded when an attempt succeeds. (MassTransit's kill switch observes consumer faults, which
/// retry and redelivery hold back until the last redelivery failed: by the time it opened, a burst of
/// failures was in the dead-letter queue. Counting only deliveries whose retries are spent reacts too
/// late as well: with the document's five exponential retries that takes about a minute per message.)
/// Once <see cref="CircuitBreakerSettings.ActiveThreshold"/> messages were seen in the tracking period
/// and at least <see cref="CircuitBreakerSettings.TripThreshold"/> percent of them failed, the
/// endpoint is stopped: it takes no new message, they wait in the queue (the ones in flight finish
/// their retries and go to the delay queues, then back to the queue), and health reports Degraded
/// with the reason. After <see cref="CircuitBreakerSettings.ResetInterval"/> it starts again with a
/// fresh count. One poison message among healthy traffic is one failed message, not one per retry.
/// Messages that break their contract say nothing about what the consumer depends on, and
/// dependency failures (Redis down, a busy inbox) are retried in place: neither is counted.
/// </summary>
public sealed partial class EndpointCircuitBreaker(EndpointIdentity identity, CircuitBreakerSettings settings, EndpointStatusRegistry status, TimeProvider clock, ILogger logger)
    : IFilter<ConsumeContext>, IReceiveEndpointObserver
{
    private readonly Lock _gate = new();
    private IReceiveEndpoint? _endpoint;
    private DateTimeOffset _windowStart = clock.GetUtcNow();
    private readonly HashSet<Guid> _failed = [];
    private int _seen;
    private bool _open;

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception exception) when (Counts(exception))
        {
            Record(context.MessageId, exception);
            throw;
        }
        Record(context.MessageId, failure: null);
    }

    // A saga version conflict means another message changed the instance first: contention, not a failure.
    private static bool Counts(Exception exception) =>
        exception is not OperationCanceledException and not ConcurrencyException
        && !PermanentFailures.IsPermanent(exception)
        && !TransientDependencyFailures.IsTransient(exception);

    private void Record(Guid? messageId, Exception? failure)
    {
        // Redeliveries keep their message id, so a message redelivered within the period counts once too.
        var message = messageId ?? Guid.NewGuid();
        IReceiveEndpoint? endpoint;
        string reason;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= settings.TrackingPeriod)
            {
                _windowStart = now;
                _seen = 0;
                _failed.Clear();
            }
            if (failure is null)
            {
                // A message that failed earlier in the period was seen already.
                _seen += _failed.Contains(message) ? 0 : 1;
                return;
            }
            if (!_failed.Add(message))
            {
                return;
            }
            _seen++;
            endpoint = _endpoint;
            if (_open || endpoint is null || _seen < settings.ActiveThreshold || _failed.Count * 100L < (long)settings.TripThreshold * _seen)
            {
                return;
            }
            _open = true;
            reason = $"{_failed.Count} of {_seen} messages failed since {_windowStart:HH:mm:ss}Z; last: {failure.GetType().Name}: {failure.Message}";
        }
        LogOpening(identity.Queue, reason, settings.ResetInterval);
        status.BreakerOpened(identity.Queue, reason, (clock.GetUtcNow() + settings.ResetInterval).UtcDateTime);
        // Not awaited here: stopping the endpoint waits for the deliveries in flight, this one included.
        _ = Task.Run(() => OpenAsync(endpoint));
    }

    private async Task OpenAsync(IReceiveEndpoint endpoint)
    {
        try
        {
            await endpoint.Stop();
            await Task.Delay(settings.ResetInterval, clock);
        }
        catch (Exception ex)
        {
            LogStopFailed(ex, identity.Queue);
        }
        lock (_gate)
        {
            (_windowStart, _seen, _open) = (clock.GetUtcNow(), 0, false);
            _failed.Clear();
        }
        status.BreakerClosed(identity.Queue);
        try
        {
            await endpoint.Start().Ready;
            LogClosed(identity.Queue);
        }
        catch (Exception ex)
        {
            LogRestartFailed(ex, identity.Queue);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit breaker opens on {Queue}: {Reason}; the endpoint stops for {ResetInterval}")]
    private partial void LogOpening(string queue, string reason, TimeSpan resetInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit breaker closed on {Queue}: the endpoint consumes again")]
    private partial void LogClosed(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit breaker could not stop {Queue}")]
    private partial void LogStopFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit breaker could not restart {Queue}; it stays stopped and health reports it")]
    private partial void LogRestartFailed(Exception exception, string queue);
}
