using System.Diagnostics;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.Local;

/// <summary>
/// A PostgreSQL server of its own, outside Aspire (the benchmark's Wolverine peer keeps its inbox
/// and outbox there): Debian's binaries, a cluster made by <c>initdb</c> in a <see cref="RunDirectory"/>,
/// a free loopback port, a password made for the run, removed when disposed. PostgreSQL refuses to
/// run as root, so as root (CI) the cluster belongs to, and the server runs as, <see cref="ServiceUser"/>.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The user Debian's package creates; the server runs as it when this process is root.</summary>
    public const string ServiceUser = "postgres";

    public const string Database = "postgres";

    private readonly RunDirectory _home;
    private readonly LocalProcess _server;

    private LocalPostgres(RunDirectory home, LocalProcess server, int port, string userName, string password)
    {
        _home = home;
        _server = server;
        Port = port;
        UserName = userName;
        Password = password;
    }

    public int Port { get; }
    public string UserName { get; }
    public string Password { get; }

    /// <summary>The postmaster; its backends are its children.</summary>
    public int ProcessId => _server.Id;

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={Database};Username={UserName};Password={Password}";

    /// <param name="settings">Server settings (<c>-c name=value</c>), for example <c>synchronous_commit=off</c>.</param>
    public static async Task<LocalPostgres> StartAsync(
        string name,
        string userName,
        string password,
        IReadOnlyDictionary<string, string>? settings = null,
        string binDirectory = DefaultBinDirectory,
        CancellationToken cancellationToken = default)
    {
        var home = RunDirectory.Create(name);
        LocalProcess? server = null;
        try
        {
            var data = home.FilePath("data");
            var passwordFile = home.FilePath("password");
            PrivateFile.Write(passwordFile, password);
            var owner = Environment.UserName == "root" ? ServiceUser : null;
            if (owner is not null)
            {
                await RunAsync("chown", ["-R", $"{owner}:{owner}", home.Path], cancellationToken);
            }

            await RunAsync(AsOwner(owner, Path.Combine(binDirectory, "initdb"),
                ["-D", data, "-U", userName, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--no-instructions"]), cancellationToken);
            File.Delete(passwordFile);

            var port = LocalPorts.Next();
            List<string> arguments = ["-D", data, "-p", port.ToString(), "-h", "127.0.0.1", "-k", home.Path];
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                arguments.AddRange(["-c", $"{key}={value}"]);
            }
            var (file, args) = AsOwner(owner, Path.Combine(binDirectory, "postgres"), arguments);
            server = LocalProcess.Start(file, args, home.Path, home.FilePath("postgres.log"));
            await server.WaitForPortAsync(port, TimeSpan.FromSeconds(30), cancellationToken);
            return new LocalPostgres(home, server, port, userName, password);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            home.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>setpriv</c> changes the user and then executes the program itself, so the process started
    /// is the server, and a stop signal reaches it directly.
    /// </summary>
    private static (string File, IReadOnlyList<string> Arguments) AsOwner(string? owner, string file, IReadOnlyList<string> arguments) =>
        owner is null
            ? (file, arguments)
            : ("setpriv", [$"--reuid={owner}", $"--regid={owner}", "--init-groups", "--", file, .. arguments]);

    private static Task RunAsync((string File, IReadOnlyList<string> Arguments) command, CancellationToken cancellationToken) =>
        RunAsync(command.File, command.Arguments, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{file}' could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments.Take(1))} exited with {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM is PostgreSQL's "smart" shutdown: it waits for the clients, which are gone by now.
        await _server.DisposeAsync();
        _home.Dispose();
    }
}
