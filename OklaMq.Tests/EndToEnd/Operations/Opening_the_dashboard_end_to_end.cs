using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Operations;

/// <summary>
/// A developer's first run (README "What you see"): <c>dotnet run --project OklaMq.AppHost</c> as a
/// real process with its dashboard, opened in headless Chromium from the login link it prints. Every
/// resource is Running and healthy, no structured log is an error, the broker has the dead-letter
/// commands and Prometheus its link; then Ctrl+C (SIGINT to the process group) stops every process
/// the run started. Screenshots of each page are kept in the test's output folder, <c>dashboard/</c>.
/// </summary>
[Collection(DeveloperAppHostCollection.Name)]
public sealed class Opening_the_dashboard_end_to_end
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);
    private static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "dashboard")).FullName;

    private static readonly string[] Resources =
        ["messaging", "messaging-epmd", "cache", "prometheus", .. OklaMqApp.ServiceNames];

    // The executables' names as the kernel keeps them (15 characters).
    private static readonly string[] Processes =
        ["beam.smp", "epmd", "redis-server", "prometheus", "Aspire.Dashboar", "OklaMq.Vehicles", "OklaMq.BillingS", "OklaMq.AuthServ", "OklaMq.Notifica", "OklaMq.Analytic", "OklaMq.DeadLett"];

    [Fact]
    public async Task Should_show_every_resource_healthy_without_errors_and_stop_everything_on_ctrl_c()
    {
        await using var appHost = DeveloperAppHost.Start();
        var login = await appHost.LoginUrlAsync(StartTimeout);
        await using (var dashboard = await AspireDashboard.OpenAsync(login))
        {
            var resources = await Polling.Eventually(async () =>
            {
                var shown = await dashboard.ResourcesAsync();
                Assert.Equal(Resources.Order(), shown.Select(r => r.Name).Order());
                Assert.All(shown, r => Assert.True(r.State == "Running", $"{r.Name} is {r.State}"));
                return shown;
            }, StartTimeout, "every resource is Running and healthy on the dashboard");
            await dashboard.ScreenshotAsync(Path.Combine(Screenshots, "resources.png"));

            Assert.Contains("Management UI", resources.Single(r => r.Name == "messaging").Urls);
            Assert.Contains("Prometheus UI", resources.Single(r => r.Name == "prometheus").Urls);
            var commands = await dashboard.CommandsOfAsync("messaging");
            Assert.Contains("Replay dead letters", commands);
            Assert.Contains("Purge dead letters", commands);

            var errors = await dashboard.ErrorLogCountAsync();
            await dashboard.ScreenshotAsync(Path.Combine(Screenshots, "structured-logs-errors.png"));
            Assert.True(errors == 0, $"{errors} error entries in the structured logs (screenshot {Screenshots}/structured-logs-errors.png)");
        }

        var started = appHost.StartedProcesses();
        var names = started.Select(ProcessTree.NameOf).ToHashSet();
        Assert.All(Processes, name => Assert.Contains(name, names));
        // The services are their built executables (BuiltExecutableLaunch): the run's only `dotnet run` is the AppHost's.
        Assert.Single(started, pid => ProcessTree.CommandLine(pid).StartsWith("dotnet run", StringComparison.Ordinal));
        Assert.All(started.Where(pid => ProcessTree.NameOf(pid).StartsWith("OklaMq.", StringComparison.Ordinal) && !ProcessTree.NameOf(pid).StartsWith("OklaMq.AppHost", StringComparison.Ordinal)),
            pid => Assert.Contains("DOTNET_ROOT=", ProcessTree.EnvironmentOf(pid)));

        appHost.Interrupt();
        await Polling.Eventually(() =>
        {
            var running = started.Where(ProcessTree.IsRunning).Select(pid => $"{pid} {ProcessTree.NameOf(pid)}").ToList();
            Assert.True(running.Count == 0, $"still running: {string.Join(", ", running)}");
            return Task.CompletedTask;
        }, StopTimeout, $"every one of the {started.Count} processes the run started is gone after Ctrl+C");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeveloperAppHostCollection
{
    /// <summary>Tests that start the AppHost as a developer does (a real process, with the dashboard): alone, after the rest.</summary>
    public const string Name = "OklaMq AppHost as a developer runs it";
}
