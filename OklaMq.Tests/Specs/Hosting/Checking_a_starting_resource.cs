using Microsoft.Extensions.Diagnostics.HealthChecks;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Tests.Specs.Hosting;

/// <summary>
/// The AppHost's health checks of the broker, its port mapper and the services
/// (<see cref="PromptStartHealthCheck"/>): a starting resource is reported as soon as it answers,
/// not at Aspire's next check, which comes up to 5 s later.
/// </summary>
public sealed class Checking_a_starting_resource
{
    [Fact]
    public async Task Should_report_it_healthy_in_the_check_during_which_it_starts_answering()
    {
        var resource = new ScriptedCheck(HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy);

        var result = await new PromptStartHealthCheck(resource).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(4, resource.Calls);
    }

    [Fact]
    public async Task Should_count_degraded_as_answering()
    {
        var resource = new ScriptedCheck(HealthStatus.Unhealthy, HealthStatus.Degraded, HealthStatus.Healthy);

        var result = await new PromptStartHealthCheck(resource).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(2, resource.Calls);
    }

    [Fact]
    public async Task Should_report_a_resource_that_went_down_after_answering_at_once()
    {
        var resource = new ScriptedCheck(HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Healthy);
        var check = new PromptStartHealthCheck(resource);
        await check.CheckHealthAsync(new HealthCheckContext());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(2, resource.Calls);
    }

    [Fact]
    public async Task Should_report_it_unhealthy_with_its_reason_once_its_patience_runs_out()
    {
        var resource = new ScriptedCheck(HealthStatus.Unhealthy);

        var result = await new PromptStartHealthCheck(resource, patience: TimeSpan.FromSeconds(1)).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"answer {resource.Calls}: Unhealthy", result.Description);
        Assert.InRange(resource.Calls, 2, 10);
    }

    /// <summary>Answers with the given statuses in turn, then with the last one for ever.</summary>
    private sealed class ScriptedCheck(params HealthStatus[] answers) : IHealthCheck
    {
        public int Calls { get; private set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = answers[Math.Min(Calls++, answers.Length - 1)];
            return Task.FromResult(new HealthCheckResult(status, $"answer {Calls}: {status}"));
        }
    }
}
