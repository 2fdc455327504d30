using System.Diagnostics;
using System.Net.Sockets;

namespace OklaMq.Hosting.Local;

/// <summary>
/// A server run as a plain child process, outside Aspire (the benchmarks, tools): its output goes
/// to a log file, and it is stopped with SIGTERM (a graceful shutdown for rabbitmq-server and
/// redis-server), then killed with its children if it has not exited in time.
/// </summary>
public sealed class LocalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private LocalProcess(Process process, StreamWriter log, string logFile)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    public string LogFile { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static LocalProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, string logFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var local = new LocalProcess(process, log, logFile);
        process.OutputDataReceived += (_, e) => local.Write(e.Data);
        process.ErrorDataReceived += (_, e) => local.Write(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"'{fileName}' could not be started: {ex.Message}", ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return local;
    }

    /// <summary>The last lines the process wrote, for an error message.</summary>
    public string Tail(int lines = 20)
    {
        lock (_logLock)
        {
            _log.Flush();
        }
        try
        {
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(Environment.NewLine, all.TakeLast(lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Waits until something accepts connections on a port (of loopback unless <paramref name="host"/> says), failing with the process's output if it exits or the time runs out.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken, string host = "127.0.0.1")
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ThrowIfExited();
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"{Path.GetFileName(_process.StartInfo.FileName)} did not listen on port {port} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Tail()}", ex);
            }
        }
    }

    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(_process.StartInfo.FileName)} exited with code {_process.ExitCode}:{Environment.NewLine}{Tail()}");
        }
    }

    /// <summary>SIGTERM, then SIGKILL to the whole process tree after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        if (!OperatingSystem.IsWindows())
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]) { UseShellExecute = false });
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL, as a crash: no shutdown of any kind.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }
}
