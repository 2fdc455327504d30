using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace OklaMq.Hosting.Services;

public static class DeadLetterCommandExtensions
{
    /// <summary>
    /// Adds the dashboard commands "Replay dead letters" and "Purge dead letters" to
    /// <paramref name="resource"/> (the broker, next to its management UI link). Both act on every
    /// dead-letter queue through the dead-letter service's API, ask for confirmation first, and are
    /// audited as done by "dashboard".
    /// </summary>
    public static IResourceBuilder<T> WithDeadLetterCommands<T>(this IResourceBuilder<T> resource, IResourceBuilder<ProjectResource> deadLetters)
        where T : IResource
    {
        var api = deadLetters.GetEndpoint("http");
        return resource
            .WithCommand("replay-dead-letters", "Replay dead letters", context => PostAsync(context, api, "replay"), new CommandOptions
            {
                Description = "Move every dead letter back to the queue it came from.",
                ConfirmationMessage = "Move every dead letter back to its source queue? Messages whose cause is not fixed will fail again.",
                IconName = "ArrowRepeatAll",
                UpdateState = context => StateOf(context, deadLetters),
            })
            .WithCommand("purge-dead-letters", "Purge dead letters", context => PostAsync(context, api, "purge"), new CommandOptions
            {
                Description = "Delete every dead letter (their fault records are kept).",
                ConfirmationMessage = "Delete every dead letter? This cannot be undone; the fault store keeps their records.",
                IconName = "Delete",
                UpdateState = context => StateOf(context, deadLetters),
            });
    }

    private static async Task<ExecuteCommandResult> PostAsync(ExecuteCommandContext context, EndpointReference api, string action)
    {
        using var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/api/dead-letters/{action}")
        {
            Content = JsonContent.Create(new { all = true }),
        };
        request.Headers.Add("X-Okla-Actor", "dashboard");
        using var response = await http.SendAsync(request, context.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
        return response.IsSuccessStatusCode
            ? CommandResults.Success($"Dead letters: {action} done.", body, CommandResultFormat.Json)
            : CommandResults.Failure($"Dead letters: {action} failed ({(int)response.StatusCode}).", body);
    }

    // Enabled once the dead-letter service is healthy (the state asked about is the broker's, so look the service up).
    private static ResourceCommandState StateOf(UpdateCommandStateContext context, IResourceBuilder<ProjectResource> deadLetters) =>
        context.Services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState(deadLetters.Resource.Name, out var service)
        && service.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
}
