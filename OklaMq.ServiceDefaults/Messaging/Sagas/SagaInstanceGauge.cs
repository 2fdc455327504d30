using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// <c>okla_saga_instances{saga,state}</c>: how many instances of each saga are in each state, read
/// from the state indexes (one ZCARD per state, in one round trip) every
/// <see cref="SagaOptions.GaugeRefreshInterval"/>, and reported from that snapshot when scraped.
/// Finished instances are counted until their time to live ends. A state that keeps a growing count
/// of old instances is a stuck saga (<c>GET /api/sagas/{saga}?state=…</c> lists the oldest first).
/// </summary>
public sealed partial class SagaInstanceGauge : BackgroundService
{
    private readonly IReadOnlyList<DurableSaga> _sagas;
    private readonly IConnectionMultiplexer _redis;
    private readonly SagaOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SagaInstanceGauge> _logger;
    private volatile IReadOnlyList<Measurement> _snapshot = [];

    public SagaInstanceGauge(IEnumerable<DurableSaga> sagas, IConnectionMultiplexer redis, IOptions<SagaOptions> options, TimeProvider clock, ILogger<SagaInstanceGauge> logger)
    {
        _sagas = sagas.ToList();
        _redis = redis;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        MessagingTelemetry.Meter.CreateObservableGauge("okla.saga.instances",
            () => _snapshot.Select(m => new System.Diagnostics.Metrics.Measurement<long>(m.Count,
                new KeyValuePair<string, object?>("saga", m.Saga), new KeyValuePair<string, object?>("state", m.State))),
            description: "Saga instances per state (finished ones until their time to live ends).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.GaugeRefreshInterval, _clock);
        do
        {
            try
            {
                _snapshot = await CountAsync(_redis.GetDatabase(), _sagas, _clock.GetUtcNow());
            }
            // A gauge never stops its service: Redis unreachable, or the client's own failures while it
            // reconnects (seen under load: InvalidOperationException from its socket pipe), keep the last counts.
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRedisUnavailable(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Every saga's count per state; drops finished instances whose time to live has ended from their index first.</summary>
    public static async Task<IReadOnlyList<Measurement>> CountAsync(IDatabase redis, IEnumerable<DurableSaga> sagas, DateTimeOffset now)
    {
        var counts = new List<(DurableSaga Saga, string State, Task<long> Count)>();
        var batch = redis.CreateBatch();
        foreach (var saga in sagas)
        {
            foreach (var entry in await redis.HashGetAllAsync(saga.StatesKey))
            {
                var state = entry.Name.ToString();
                if ((long)entry.Value is > 0 and var retention)
                {
                    _ = batch.SortedSetRemoveRangeByScoreAsync(saga.StateIndexKey(state), double.NegativeInfinity, now.ToUnixTimeMilliseconds() - retention);
                }
                counts.Add((saga, state, batch.SortedSetLengthAsync(saga.StateIndexKey(state))));
            }
        }
        batch.Execute();
        await Task.WhenAll(counts.Select(c => c.Count));
        return counts.Select(c => new Measurement(c.Saga.Name, c.State, c.Count.Result)).ToList();
    }

    public sealed record Measurement(string Saga, string State, long Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga instance counts cannot be read from Redis; keeping the last ones: {Reason}")]
    private partial void LogRedisUnavailable(string reason);
}
