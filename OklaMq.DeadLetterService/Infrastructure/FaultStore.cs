using System.Text.Json;
using Microsoft.Extensions.Options;
using OklaMq.DeadLetterService.Model;
using StackExchange.Redis;

namespace OklaMq.DeadLetterService.Infrastructure;

/// <summary>
/// Fault records in Redis: one JSON document each, indexed by time in sorted sets (all, per
/// source queue, per message type, per both) for paged, filtered listing. Saving the same fault
/// again (a redelivered copy) changes nothing.
/// </summary>
public sealed class FaultStore(IConnectionMultiplexer redis, IOptions<FaultStoreOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Prefix = "okla:faults";
    private static readonly RedisKey Endpoints = $"{Prefix}:endpoints";

    private IDatabase Database => redis.GetDatabase();

    private static RedisKey RecordKey(Guid faultId) => $"{Prefix}:{faultId}";
    private static RedisKey Index(string? queue, string? messageType) => (queue, messageType) switch
    {
        (null, null) => $"{Prefix}:index",
        (_, null) => $"{Prefix}:index:queue:{queue}",
        (null, _) => $"{Prefix}:index:type:{messageType}",
        _ => $"{Prefix}:index:queue-type:{queue}:{messageType}",
    };

    public async Task SaveAsync(FaultRecord fault)
    {
        var score = new DateTimeOffset(fault.DeadLetteredAt).ToUnixTimeMilliseconds();
        var member = fault.FaultId.ToString();
        var transaction = Database.CreateTransaction();
        _ = transaction.StringSetAsync(RecordKey(fault.FaultId), JsonSerializer.Serialize(fault, Json), options.Value.Retention);
        foreach (var index in new[] { Index(null, null), Index(fault.Endpoint, null), Index(null, fault.MessageType), Index(fault.Endpoint, fault.MessageType) })
        {
            _ = transaction.SortedSetAddAsync(index, member, score);
        }
        _ = transaction.SetAddAsync(Endpoints, fault.Endpoint);
        await transaction.ExecuteAsync();
    }

    public async Task<FaultRecord?> FindAsync(Guid faultId)
    {
        var json = await Database.StringGetAsync(RecordKey(faultId));
        return json.IsNull ? null : JsonSerializer.Deserialize<FaultRecord>((string)json!, Json);
    }

    /// <summary>Newest first; <paramref name="queue"/> is the endpoint.</summary>
    public async Task<FaultPage> ListAsync(string? queue, string? messageType, DateTime? from, DateTime? to, int page, int pageSize)
    {
        var index = Index(queue, messageType);
        var min = from is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : double.NegativeInfinity;
        var max = to is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : double.PositiveInfinity;

        var total = await Database.SortedSetLengthAsync(index, min, max);
        var ids = await Database.SortedSetRangeByScoreAsync(index, min, max, Exclude.None, Order.Descending, (page - 1L) * pageSize, pageSize);
        var records = ids.Length == 0 ? [] : await Database.StringGetAsync(ids.Select(id => RecordKey(Guid.Parse(id.ToString()))).ToArray());
        // Records past their retention leave ids in the indexes; they are skipped.
        var items = records.Where(r => !r.IsNull).Select(r => JsonSerializer.Deserialize<FaultRecord>((string)r!, Json)!).ToList();
        return new FaultPage(items, page, pageSize, total);
    }

    /// <summary>Every endpoint that has dead-lettered a message: the ones with a <c>-dlq</c>.</summary>
    public async Task<IReadOnlyList<string>> EndpointsAsync() =>
        (await Database.SetMembersAsync(Endpoints)).Select(q => q.ToString()).Order(StringComparer.Ordinal).ToList();
}

public sealed record FaultPage(IReadOnlyList<FaultRecord> Items, int Page, int PageSize, long Total);
