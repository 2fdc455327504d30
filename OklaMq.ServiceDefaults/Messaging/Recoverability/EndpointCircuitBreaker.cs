using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Health;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// The circuit breaker of one endpoint (design document 2.2). It counts deliveries: a delivery
/// succeeds when an attempt of it succeeds (seen as a filter inside the retry), and fails when its
/// immediate retries are spent (seen as the retry's observer), so a failed delivery counts when it
/// fails, not only when the message is finally dead-lettered. (MassTransit's kill switch observes
/// consumer faults, which its retry and redelivery filters hold back until the last redelivery
/// failed: by the time it opened, a burst of failures was already in the dead-letter queue.)
/// Once <see cref="CircuitBreakerSettings.ActiveThreshold"/> deliveries were seen in the tracking
/// period and at least <see cref="CircuitBreakerSettings.TripThreshold"/> percent of them failed,
/// the endpoint is stopped: its messages wait in the queue (or in the delay queues, then the queue).
/// After <see cref="CircuitBreakerSettings.ResetInterval"/> it starts again with a fresh count.
/// Messages that break their contract say nothing about what the consumer depends on and are not counted.
/// </summary>
public sealed partial class EndpointCircuitBreaker(string queue, CircuitBreakerSettings settings, EndpointStatusRegistry status, TimeProvider clock, ILogger logger)
    : IFilter<ConsumeContext>, IRetryObserver, IReceiveEndpointObserver
{
    private readonly Lock _gate = new();
    private IReceiveEndpoint? _endpoint;
    private DateTimeOffset _windowStart = clock.GetUtcNow();
    private int _deliveries;
    private int _failures;
    private bool _open;

    /// <summary>Inside the retry: an attempt that succeeds is its delivery's success (a failed attempt may still be retried).</summary>
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        await next.Send(context);
        Record(failure: null);
    }

    /// <summary>The retry gave up on a delivery: it failed. (Permanent failures are not retried, so never reported here.)</summary>
    public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext
    {
        if (!PermanentFailures.IsPermanent(context.Exception))
        {
            Record(context.Exception);
        }
        return Task.CompletedTask;
    }

    public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    private void Record(Exception? failure)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= settings.TrackingPeriod)
            {
                (_windowStart, _deliveries, _failures) = (now, 0, 0);
            }
            _deliveries++;
            if (failure is null)
            {
                return;
            }
            _failures++;
            if (_open || _endpoint is null || _deliveries < settings.ActiveThreshold || _failures * 100L < (long)settings.TripThreshold * _deliveries)
            {
                return;
            }
            _open = true;
            LogOpening(queue, _failures, _deliveries, settings.ResetInterval);
        }
        status.Faulted(queue, failure);
        // Not awaited here: stopping the endpoint waits for the deliveries in flight, this one included.
        _ = Task.Run(() => OpenAsync(_endpoint));
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
            LogStopFailed(ex, queue);
        }
        lock (_gate)
        {
            (_windowStart, _deliveries, _failures, _open) = (clock.GetUtcNow(), 0, 0, false);
        }
        try
        {
            await endpoint.Start().Ready;
            LogClosed(queue);
        }
        catch (Exception ex)
        {
            LogRestartFailed(ex, queue);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit breaker opens on {Queue}: {Failures} of {Deliveries} deliveries failed; the endpoint stops for {ResetInterval}")]
    private partial void LogOpening(string queue, int failures, int deliveries, TimeSpan resetInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit breaker closed on {Queue}: the endpoint consumes again")]
    private partial void LogClosed(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit breaker could not stop {Queue}")]
    private partial void LogStopFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit breaker could not restart {Queue}; it stays stopped and health reports it")]
    private partial void LogRestartFailed(Exception exception, string queue);
}
