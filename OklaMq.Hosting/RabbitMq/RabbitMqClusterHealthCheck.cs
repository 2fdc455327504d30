using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// Healthy when every node accepts AMQP connections and the cluster, as its management API reports
/// it, has all of them running: the nodes have joined one cluster. Degraded while a majority
/// answers (quorum queues keep working), Unhealthy below that.
/// </summary>
public sealed class RabbitMqClusterHealthCheck(RabbitMqClusterResource cluster, IHttpClientFactory http) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answers = new List<(RabbitMqNodeResource Node, HealthCheckResult Result)>();
        foreach (var node in cluster.Nodes)
        {
            var amqp = new RabbitMqConnectionHealthCheck(ct => node.ConnectionStringExpression.GetValueAsync(ct).AsTask(), node.VirtualHost);
            answers.Add((node, await amqp.CheckHealthAsync(context, cancellationToken)));
        }
        var down = answers.Where(a => a.Result.Status != HealthStatus.Healthy).Select(a => $"{a.Node.Name}: {a.Result.Description}").ToList();
        var answering = answers.FirstOrDefault(a => a.Result.Status == HealthStatus.Healthy).Node;
        var problems = new List<string>(down);
        if (answering is not null)
        {
            var missing = cluster.Nodes.Select(n => n.Layout.NodeName).Except(await RunningMembersAsync(answering, cancellationToken)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"not running in the cluster of {answering.Name}: {string.Join(", ", missing)}");
            }
        }

        if (problems.Count == 0)
        {
            return HealthCheckResult.Healthy();
        }
        var majorityUp = (cluster.Nodes.Count - down.Count) * 2 > cluster.Nodes.Count;
        return majorityUp ? HealthCheckResult.Degraded(string.Join("; ", problems)) : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }

    private async Task<IReadOnlyList<string>> RunningMembersAsync(RabbitMqNodeResource node, CancellationToken cancellationToken)
    {
        var password = await node.PasswordParameter.GetValueAsync(cancellationToken);
        using var client = http.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.UserName}:{password}")));
        try
        {
            var nodes = await client.GetFromJsonAsync<JsonArray>($"http://{node.Layout.Address}:{node.Layout.ManagementPort}/api/nodes", cancellationToken) ?? [];
            return nodes.Where(n => (bool?)n?["running"] == true).Select(n => (string)n!["name"]!).ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
