using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A health probe whose caller gave up (the AppHost waits 5 s for <c>/health</c>; a service that is
/// still starting on a busy machine can take longer) is cancelled, not failed. Checks such as
/// RabbitMQ.Client's catch the cancellation and report Unhealthy, which the health check service
/// logs as an error: this makes every check rethrow the cancellation instead, so an abandoned probe
/// logs nothing, and a check that fails while its caller still waits is reported as before.
/// </summary>
internal sealed class AbandonedProbes : IPostConfigureOptions<HealthCheckServiceOptions>
{
    public void PostConfigure(string? name, HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations)
        {
            var create = registration.Factory;
            registration.Factory = services => new CancellableCheck(create(services));
        }
    }

    private sealed class CancellableCheck(IHealthCheck check) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var result = await check.CheckHealthAsync(context, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }
}
