using System.Text.Json;
using OklaMq.NotificationService.Model;
using StackExchange.Redis;

namespace OklaMq.NotificationService.Infrastructure;

/// <summary>
/// Saved alerts, indexed by make so a new vehicle is matched against the alerts for its make and
/// the alerts for any make, not against every alert.
/// </summary>
public sealed class AlertStore(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string AnyMake = "*";

    private IDatabase Database => redis.GetDatabase();

    private static RedisKey AlertKey(Guid id) => $"okla:notification:alerts:{id}";
    private static RedisKey MakeIndex(string? make) => $"okla:notification:alerts:by-make:{make?.Trim().ToLowerInvariant() ?? AnyMake}";
    private static RedisKey UserIndex(Guid userId) => $"okla:notification:alerts:by-user:{userId}";

    public async Task AddAsync(SavedAlert alert)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.StringSetAsync(AlertKey(alert.Id), JsonSerializer.Serialize(alert, Json));
        _ = transaction.SetAddAsync(MakeIndex(alert.Make), alert.Id.ToString());
        _ = transaction.SetAddAsync(UserIndex(alert.UserId), alert.Id.ToString());
        await transaction.ExecuteAsync();
    }

    public async Task<SavedAlert?> FindAsync(Guid id)
    {
        var json = await Database.StringGetAsync(AlertKey(id));
        return json.IsNull ? null : JsonSerializer.Deserialize<SavedAlert>((string)json!, Json);
    }

    public async Task<bool> RemoveAsync(Guid id)
    {
        if (await FindAsync(id) is not { } alert)
        {
            return false;
        }
        var transaction = Database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(AlertKey(id));
        _ = transaction.SetRemoveAsync(MakeIndex(alert.Make), id.ToString());
        _ = transaction.SetRemoveAsync(UserIndex(alert.UserId), id.ToString());
        return await transaction.ExecuteAsync();
    }

    public async Task<IReadOnlyList<SavedAlert>> ForUserAsync(Guid userId) =>
        await LoadAsync(await Database.SetMembersAsync(UserIndex(userId)));

    public async Task<IReadOnlyList<SavedAlert>> MatchingAsync(string make, string model, int year, decimal price)
    {
        var candidates = await Database.SetCombineAsync(SetOperation.Union, MakeIndex(make), MakeIndex(null));
        return (await LoadAsync(candidates)).Where(a => a.Matches(make, model, year, price)).ToList();
    }

    private async Task<IReadOnlyList<SavedAlert>> LoadAsync(RedisValue[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }
        var values = await Database.StringGetAsync(ids.Select(id => AlertKey(Guid.Parse(id.ToString()))).ToArray());
        return values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize<SavedAlert>((string)v!, Json)!).ToList();
    }
}
