using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.FaultInjection;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Publishes the outbox's events with confirms, oldest first, and removes each one only after the
/// broker confirmed it and every event before it. A crash anywhere publishes an event again
/// rather than never (consumers' inboxes make the effect once). Exports the backlog and the age
/// of the oldest pending event.
/// </summary>
public sealed partial class OutboxRelay : BackgroundService
{
    private readonly IDatabase _redis;
    private readonly RedisOutbox _outbox;
    private readonly IDomainEventPublisher _publisher;
    private readonly OutboxOptions _options;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly RelayLease _lease;
    private readonly bool _faultInjection;
    private long _backlog;
    private double _lagSeconds;

    public OutboxRelay(IConnectionMultiplexer redis, RedisOutbox outbox, IDomainEventPublisher publisher, IOptions<OutboxOptions> options, IOptions<FaultInjectionOptions> faultInjection, ILogger<OutboxRelay> logger)
    {
        _faultInjection = faultInjection.Value.Enabled;
        _redis = redis.GetDatabase();
        _outbox = outbox;
        _publisher = publisher;
        _options = options.Value;
        _logger = logger;
        _lease = new RelayLease(_redis, $"{outbox.StreamKey}:relay", _options.LeaseDuration);
        var tags = new KeyValuePair<string, object?>("stream", (string?)outbox.StreamKey);
        MessagingTelemetry.Meter.CreateObservableGauge("okla.outbox.backlog", () => new Measurement<long>(Interlocked.Read(ref _backlog), tags),
            description: "Events written to the outbox and not yet confirmed by the broker.");
        MessagingTelemetry.Meter.CreateObservableGauge("okla.outbox.lag", () => new Measurement<double>(Volatile.Read(ref _lagSeconds), tags),
            unit: "s", description: "Age of the oldest event waiting in the outbox.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (await _lease.TryHoldAsync())
                {
                    wait = await RelayBatchAsync(stoppingToken);
                }
                else
                {
                    // Another instance relays; this one still reports the backlog it sees.
                    await UpdateGaugesAsync(await _redis.StreamRangeAsync(_outbox.StreamKey, count: 1));
                    wait = _options.PollInterval;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRedisUnavailable(ex.Message);
                wait = _options.RetryDelay;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything else (seen: StackExchange.Redis's "Reading is not allowed after reader was completed"
                // while its connection broke under load) must not end the relay: a BackgroundService that throws
                // stops the whole service, and its outbox with it. The events stay; the next loop tries again.
                LogRelayFailed(ex);
                wait = _options.RetryDelay;
            }
            await _outbox.WaitForWriteAsync(wait, stoppingToken);
        }
        await _lease.ReleaseAsync();
    }

    /// <summary>Publishes one batch; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var entries = await _redis.StreamRangeAsync(_outbox.StreamKey, count: _options.BatchSize);
        await UpdateGaugesAsync(entries);
        if (entries.Length == 0)
        {
            return _options.PollInterval;
        }

        if (_faultInjection && InjectedFault.Parse(await _redis.StringGetAsync(InjectedFault.RedisKey(_outbox.StreamKey.ToString()))) is { Kind: "crash" })
        {
            // The state and its events are saved; the process dies before publishing them.
            Environment.FailFast($"Injected crash of the outbox relay of {_outbox.StreamKey} with {entries.Length} events saved and not published.");
        }

        var messages = entries.Select(e => OutboxEntry.FromFields(e.Values)).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var publishes = messages.Select(m => _publisher.PublishAsync(m, timeout.Token)).ToList();
        try
        {
            await Task.WhenAll(publishes);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Handled below: keep everything from the first failure on.
        }

        var confirmed = publishes.TakeWhile(p => p.IsCompletedSuccessfully).Count();
        if (confirmed > 0)
        {
            await _redis.StreamDeleteAsync(_outbox.StreamKey, entries.Take(confirmed).Select(e => e.Id).ToArray());
        }
        if (confirmed == entries.Length)
        {
            return TimeSpan.Zero;
        }

        var failure = publishes[confirmed].Exception?.InnerException;
        LogPublishFailed(messages[confirmed].RoutingKey, messages[confirmed].MessageId, entries.Length - confirmed, failure?.Message);
        if (OvertakingCount(messages, publishes, confirmed) is > 0 and var overtaking)
        {
            // Already delivered ahead of an earlier event of their key, which is published again after them.
            LogOrderBroken(overtaking, messages[confirmed].MessageId);
        }
        return _options.RetryDelay;
    }

    /// <summary>Events after the first unconfirmed one that were confirmed although an earlier event of their ordering key was not.</summary>
    private static int OvertakingCount(List<OutgoingMessage> messages, List<Task> publishes, int firstUnconfirmed)
    {
        var unconfirmedKeys = new HashSet<string>(StringComparer.Ordinal);
        var overtaking = 0;
        for (var i = firstUnconfirmed; i < messages.Count; i++)
        {
            if (messages[i].OrderingKey is not { } key)
            {
                continue;
            }
            if (!publishes[i].IsCompletedSuccessfully)
            {
                unconfirmedKeys.Add(key);
            }
            else if (unconfirmedKeys.Contains(key))
            {
                overtaking++;
            }
        }
        return overtaking;
    }

    private async Task UpdateGaugesAsync(StreamEntry[] head)
    {
        Interlocked.Exchange(ref _backlog, head.Length == 0 ? 0 : await _redis.StreamLengthAsync(_outbox.StreamKey));
        // Stream ids start with the millisecond the entry was written.
        var lag = head.Length == 0 || !long.TryParse(head[0].Id.ToString().Split('-')[0], out var writtenAt)
            ? 0
            : Math.Max(0, (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(writtenAt)).TotalSeconds);
        Volatile.Write(ref _lagSeconds, lag);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox event {EventType} {MessageId} was not published; {Pending} events wait and will be retried: {Reason}")]
    private partial void LogPublishFailed(string eventType, Guid messageId, int pending, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox order broken: {Overtaking} events were confirmed after an unconfirmed earlier event of their ordering key (first unconfirmed: {MessageId})")]
    private partial void LogOrderBroken(int overtaking, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay cannot reach Redis; retrying: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay failed; retrying")]
    private partial void LogRelayFailed(Exception exception);
}
