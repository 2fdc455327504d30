using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The AppHost as a developer starts it: <c>dotnet run --project OklaMq.AppHost</c>, a real process
/// with the Aspire dashboard (which Aspire.Hosting.Testing leaves out), in process mode. In its own
/// process group, so <see cref="Interrupt"/> is what Ctrl+C in a terminal does. Its ports are the
/// run's own (the launch profile's fixed ones could be taken by another run on the machine); the
/// solution is already built by the test run.
/// </summary>
public sealed partial class DeveloperAppHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _login = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DeveloperAppHost(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
    }

    /// <summary>The process group: the <c>dotnet run</c> process, which runs the AppHost.</summary>
    public int GroupLeader => _process.Id;

    public IReadOnlyList<string> Output => _output.ToArray();

    public static DeveloperAppHost Start()
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = SolutionDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["dotnet", "run", "--no-build", "--project", "OklaMq.AppHost", "--",
            "--Infrastructure:Mode=process",
            "--DcpPublisher:RandomizePorts=true",
            $"--ASPNETCORE_URLS=http://localhost:{LocalPorts.Next()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{LocalPorts.Next()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{LocalPorts.Next()}"])
        {
            start.ArgumentList.Add(argument);
        }
        var host = new DeveloperAppHost(new Process { StartInfo = start });
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The login link with its token, as the AppHost prints it.</summary>
    public Task<Uri> LoginUrlAsync(TimeSpan timeout) => _login.Task.WaitAsync(timeout);

    /// <summary>Every process the run started: <c>dotnet run</c>, the AppHost, DCP and what DCP runs (dashboard, broker, Redis, services).</summary>
    public IReadOnlySet<int> StartedProcesses()
    {
        var started = new HashSet<int>(ProcessTree.Descendants(GroupLeader));
        var appHost = started.Single(pid => ProcessTree.NameOf(pid).StartsWith("OklaMq.AppHost", StringComparison.Ordinal));
        // DCP detaches from the AppHost and watches it by process id.
        foreach (var dcp in ProcessTree.WithCommandLine($"--monitor {appHost} "))
        {
            started.UnionWith(ProcessTree.Descendants(dcp));
        }
        return started;
    }

    /// <summary>SIGINT to the whole process group, as Ctrl+C in the terminal that ran it.</summary>
    public void Interrupt() => ProcessTree.SignalGroup(GroupLeader, ProcessTree.SigInt);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A test that failed before stopping it: stop it as a developer would, then make sure.
            Interrupt();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessTree.SignalGroup(GroupLeader, ProcessTree.SigKill);
            }
        }
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (LoginLine().Match(line) is { Success: true } login)
        {
            _login.TrySetResult(new Uri(login.Groups[1].Value));
        }
    }

    private static string SolutionDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OklaMq.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("OklaMq.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"Login to the dashboard at (\S+)")]
    private static partial Regex LoginLine();
}
