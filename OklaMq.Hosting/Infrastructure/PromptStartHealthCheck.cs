using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// Until a resource first answers (Healthy or Degraded), checks it again every 250 ms, for up to
/// <paramref name="patience"/> (a minute unless given), before reporting; after that, every check reports at once. Aspire checks an unhealthy
/// resource again only after 1, 2, 3, 4 and then every 5 s (<c>ResourceHealthCheckService</c>),
/// so a broker ready 8.5 s after it started would be seen up to 5 s late, and every service that
/// waits for it would start that much later (docs/operations.md, "Cold start").
/// </summary>
/// <remarks>
/// Only the first start: a resource that goes down later is reported Unhealthy at the next check,
/// not a minute after it.
/// </remarks>
public sealed class PromptStartHealthCheck(IHealthCheck check, TimeSpan? patience = null) : IHealthCheck
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _patience = patience ?? TimeSpan.FromMinutes(1);
    private volatile bool _answered;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + _patience;
        while (true)
        {
            var result = await check.CheckHealthAsync(context, cancellationToken);
            if (_answered || result.Status != HealthStatus.Unhealthy)
            {
                _answered = true;
                return result;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return result;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}

public static class PromptStartHealthCheckExtensions
{
    /// <summary>Registers <paramref name="check"/> as the resource's health check <paramref name="key"/>, wrapped in a <see cref="PromptStartHealthCheck"/>.</summary>
    public static IResourceBuilder<T> WithPromptHealthCheck<T>(this IResourceBuilder<T> resource, string key, Func<IServiceProvider, IHealthCheck> check)
        where T : IResource
    {
        PromptStartHealthCheck? prompt = null;
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            services => LazyInitializer.EnsureInitialized(ref prompt, () => new PromptStartHealthCheck(check(services))),
            failureStatus: null,
            tags: null));
        return resource.WithHealthCheck(key);
    }
}
