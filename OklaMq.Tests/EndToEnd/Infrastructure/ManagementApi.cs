using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>The RabbitMQ management HTTP API of the run's broker, on the <c>/okla</c> virtual host.</summary>
public sealed class ManagementApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _vhost;

    public ManagementApi(Uri baseUrl, string userName, string password, string virtualHost)
    {
        BaseUrl = baseUrl;
        _vhost = Uri.EscapeDataString(virtualHost);
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
    }

    public Uri BaseUrl { get; }

    public Task<JsonArray> ExchangesAsync() => GetArrayAsync($"api/exchanges/{_vhost}");

    public Task<JsonArray> BindingsAsync() => GetArrayAsync($"api/bindings/{_vhost}");

    public Task<JsonArray> QueuesAsync() => GetArrayAsync($"api/queues/{_vhost}");

    public Task<JsonArray> UsersAsync() => GetArrayAsync("api/users");

    /// <summary>Every user's permissions on the virtual host.</summary>
    public Task<JsonArray> PermissionsAsync() => GetArrayAsync($"api/vhosts/{_vhost}/permissions");

    /// <summary>
    /// Name, messages (ready and unacknowledged) and Raft leader of every queue. Those columns only: a
    /// quorum queue's whole record on RabbitMQ 3.10 repeats the key "online", which JsonObject refuses.
    /// </summary>
    public Task<JsonArray> QueueSummariesAsync() => GetArrayAsync($"api/queues/{_vhost}?columns=name,messages,leader");

    /// <summary>The cluster's nodes as this node sees them: name, running, partitions.</summary>
    public Task<JsonArray> NodesAsync() => GetArrayAsync("api/nodes");

    /// <summary>Every client connection of the cluster: its name (the key to close it), node and the name its client gave it.</summary>
    public Task<JsonArray> ConnectionsAsync() => GetArrayAsync("api/connections?columns=name,node,user_provided_name");

    /// <summary>Closes a client connection from the broker's side, as an operator would (the client sees CONNECTION_FORCED).</summary>
    public async Task CloseConnectionAsync(string name)
    {
        using var response = await _http.DeleteAsync($"api/connections/{Uri.EscapeDataString(name)}");
        // Already gone (the client closed it meanwhile) is fine.
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task<JsonObject> ExchangeAsync(string name) =>
        (await _http.GetFromJsonAsync<JsonObject>($"api/exchanges/{_vhost}/{Uri.EscapeDataString(name)}"))!;

    /// <summary>
    /// The messages of a queue, left in it (taken and requeued, as the management UI's "Get messages"
    /// does). Their order may change; dead-letter queues have no delivery limit, so nothing is lost.
    /// </summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekAsync(string queue, int count = 5000)
    {
        using var response = await _http.PostAsJsonAsync($"api/queues/{_vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 200_000 });
        response.EnsureSuccessStatusCode();
        var messages = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        return messages.Select(m => new PeekedMessage(m!.AsObject())).ToList();
    }

    private async Task<JsonArray> GetArrayAsync(string path) => (await _http.GetFromJsonAsync<JsonArray>(path))!;

    public void Dispose() => _http.Dispose();
}

/// <summary>A message as the management API shows it.</summary>
public sealed class PeekedMessage(JsonObject message)
{
    public JsonObject Raw => message;
    public JsonObject Properties => message["properties"]?.AsObject() ?? [];
    public JsonObject Headers => Properties["headers"]?.AsObject() ?? [];
    public string? MessageId => (string?)Properties["message_id"];
    public string Payload => (string?)message["payload"] ?? string.Empty;
    public string RoutingKey => (string?)message["routing_key"] ?? string.Empty;

    public string? Header(string name) => Headers[name]?.ToString();

    /// <summary>The broker's latest x-death record (its reason, queue, count), if the broker dead-lettered it.</summary>
    public JsonObject? LatestDeath => Headers["x-death"] is JsonArray { Count: > 0 } deaths ? deaths[0]!.AsObject() : null;

    public override string ToString() => $"{MessageId} via {RoutingKey}: {Payload[..Math.Min(200, Payload.Length)]}";
}
