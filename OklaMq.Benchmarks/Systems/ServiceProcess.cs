using System.Diagnostics;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Local;

namespace OklaMq.Benchmarks.Systems;

/// <summary>
/// One instance of a service (an OklaMq service or the Wolverine peer), run as its own process from
/// its build output with <c>dotnet</c>, as in production (Production environment, no AppHost): the
/// benchmark's broker and Redis as its connection strings, its own loopback port, its output in a
/// log file. Started when its <c>/health</c> answers Healthy.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly RunDirectory _home;
    private readonly LocalProcess _process;

    private ServiceProcess(RunDirectory home, LocalProcess process, Uri address)
    {
        _home = home;
        _process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int ProcessId => _process.Id;

    public static async Task<ServiceProcess> StartAsync(string name, string assembly, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var home = RunDirectory.Create($"bench-{name}");
        var address = new Uri($"http://127.0.0.1:{LocalPorts.Next()}");
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        var process = LocalProcess.Start("dotnet", [assembly], Path.GetDirectoryName(assembly)!, home.FilePath("service.log"), environment);
        var service = new ServiceProcess(home, process, address);
        try
        {
            await service.WaitUntilHealthyAsync(name, cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var elapsed = Stopwatch.StartNew();
        var last = "no answer";
        while (elapsed.Elapsed < StartTimeout)
        {
            _process.ThrowIfExited();
            try
            {
                last = await http.GetStringAsync("/health", cancellationToken);
                if (last.Contains("\"Healthy\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{name} was not healthy within {StartTimeout.TotalSeconds:0} s ({last}):{Environment.NewLine}{_process.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _home.Dispose();
    }
}
