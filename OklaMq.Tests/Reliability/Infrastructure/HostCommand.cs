using System.Diagnostics;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>Runs a short command of the host (ip, kill, rabbitmqctl) and fails with its output when it fails.</summary>
internal static class HostCommand
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', info.ArgumentList)}' did not finish in time.");
        }
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', info.ArgumentList)}' exited with {process.ExitCode}: {text.Trim()}");
        }
        return text;
    }

    /// <summary>Sends a signal (KILL, STOP, CONT) to a process.</summary>
    public static Task SignalAsync(int pid, string signal) => RunAsync("kill", [$"-{signal}", pid.ToString()]);
}
