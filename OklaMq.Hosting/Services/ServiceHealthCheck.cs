using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.Hosting.Services;

/// <summary>
/// A service's health as its own <c>/health</c> report says it, Degraded included: an HTTP health
/// check sees Degraded as 200 and the dashboard would show an open circuit breaker as Healthy.
/// </summary>
public sealed class ServiceHealthCheck(IHttpClientFactory http, Func<string> baseUrl) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = http.CreateClient();
            client.Timeout = Timeout;
            using var response = await client.GetAsync($"{baseUrl()}/health", cancellationToken);
            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var status = report.RootElement.GetProperty("status").GetString();
            var problems = string.Join("; ", report.RootElement.GetProperty("checks").EnumerateObject()
                .Where(c => c.Value.GetProperty("status").GetString() != nameof(HealthStatus.Healthy))
                .Select(c => $"{c.Name}: {c.Value.GetProperty("description").GetString()}"));
            return status switch
            {
                nameof(HealthStatus.Healthy) => HealthCheckResult.Healthy(),
                nameof(HealthStatus.Degraded) => HealthCheckResult.Degraded(problems),
                _ => HealthCheckResult.Unhealthy(problems),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"No health report: {ex.Message}");
        }
    }
}
