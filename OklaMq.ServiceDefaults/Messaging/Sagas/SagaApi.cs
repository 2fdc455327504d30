using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>An instance as <c>GET /api/sagas/{saga}/{id}</c> shows it.</summary>
public sealed record SagaInstanceView(string Saga, Guid Id, string State, int Version, bool Finished, DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt, IReadOnlyList<PendingTimeout> PendingTimeouts, JsonElement Data);

/// <summary>A timeout the instance waits for: its schedule, the token it expects, and when it is due.</summary>
public sealed record PendingTimeout(string Name, Guid TokenId, DateTime? DueAt);

/// <summary>The instances of a saga in one state, oldest first (since: when they entered it).</summary>
public sealed record SagaStateView(string Saga, string State, long Total, IReadOnlyList<SagaStateEntry> Instances);

public sealed record SagaStateEntry(Guid Id, DateTimeOffset Since);

public sealed record SagaCountsView(string Saga, IReadOnlyDictionary<string, long> States);

/// <summary>
/// Inspection of the sagas a service registered: one instance with its state, data, version and
/// pending timeouts; the instances in a state, oldest first; the counts per state. Read-only.
/// </summary>
public static class SagaApi
{
    private const int DefaultCount = 100;

    public static IEndpointRouteBuilder MapSagaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sagas");
        api.MapGet("/{saga}/{id:guid}", GetAsync);
        api.MapGet("/{saga}", ListAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string saga, Guid id, IEnumerable<DurableSaga> sagas, IConnectionMultiplexer redis)
    {
        if (Find(saga, sagas) is not { } found)
        {
            return UnknownSaga(saga, sagas);
        }
        var database = redis.GetDatabase();
        var key = found.InstanceKey(id);
        var fields = database.HashGetAllAsync(key);
        var ttl = database.KeyTimeToLiveAsync(key);
        var hash = (await fields).ToDictionary(f => f.Name.ToString(), f => f.Value);
        if (hash.Count == 0)
        {
            return Results.Problem($"Saga {found.Name} has no instance {id} (it never started, or finished longer ago than it is kept).", statusCode: StatusCodes.Status404NotFound);
        }
        var state = hash["s"].ToString();
        var expiresIn = await ttl;
        using var data = JsonDocument.Parse(hash["d"].ToString());
        return Results.Ok(new SagaInstanceView(found.Name, id, state, (int)hash["v"], expiresIn is not null,
            DateTimeOffset.FromUnixTimeMilliseconds((long)hash["u"]),
            expiresIn is { } left ? DateTimeOffset.UtcNow + left : null,
            PendingTimeouts(data.RootElement), data.RootElement.Clone()));
    }

    private static async Task<IResult> ListAsync(string saga, string? state, int? count, IEnumerable<DurableSaga> sagas, IConnectionMultiplexer redis)
    {
        if (Find(saga, sagas) is not { } found)
        {
            return UnknownSaga(saga, sagas);
        }
        var database = redis.GetDatabase();
        if (string.IsNullOrWhiteSpace(state))
        {
            var counts = await SagaInstanceGauge.CountAsync(database, [found], DateTimeOffset.UtcNow);
            return Results.Ok(new SagaCountsView(found.Name, counts.ToDictionary(c => c.State, c => c.Count)));
        }
        if (count is < 1 or > 1000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["count"] = ["count is 1-1000."] });
        }
        var index = found.StateIndexKey(state);
        var total = database.SortedSetLengthAsync(index);
        var oldest = await database.SortedSetRangeByRankWithScoresAsync(index, 0, (count ?? DefaultCount) - 1);
        return Results.Ok(new SagaStateView(found.Name, state, await total,
            oldest.Select(e => new SagaStateEntry(Guid.Parse(e.Element.ToString()), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score))).ToList()));
    }

    /// <summary>Every <c>…Token</c> property with a value, and its <c>…DueAt</c>.</summary>
    public static IReadOnlyList<PendingTimeout> PendingTimeouts(JsonElement data) =>
        data.EnumerateObject()
            .Where(p => p.Name.EndsWith("Token", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetGuid(out _))
            .Select(p =>
            {
                var name = p.Name[..^"Token".Length];
                var dueAt = data.TryGetProperty(name + "DueAt", out var due) && due.ValueKind == JsonValueKind.String && due.TryGetDateTime(out var at) ? at : (DateTime?)null;
                return new PendingTimeout(name, p.Value.GetGuid(), dueAt);
            })
            .ToList();

    private static DurableSaga? Find(string name, IEnumerable<DurableSaga> sagas) =>
        sagas.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IResult UnknownSaga(string name, IEnumerable<DurableSaga> sagas) =>
        Results.Problem($"No saga {name} here; this service has: {string.Join(", ", sagas.Select(s => s.Name))}.", statusCode: StatusCodes.Status404NotFound);
}
