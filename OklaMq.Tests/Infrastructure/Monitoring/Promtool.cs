using System.Diagnostics;

namespace OklaMq.Tests.Infrastructure.Monitoring;

/// <summary>Debian's <c>promtool</c> (package prometheus, which .ci/run installs), run with a time limit.</summary>
public static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var path = Find();
        Assert.True(path is not null,
            "promtool was not found on PATH: install Debian's prometheus package (sudo apt-get install -y prometheus), as .ci/run does.");
        var start = new ProcessStartInfo(path) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"promtool {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds:0} s.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs promtool and fails with its output unless it succeeded.</summary>
    public static async Task<string> SucceedsAsync(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited with {exitCode}:{Environment.NewLine}{output}");
        return output;
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
}
