using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// Lets SIGINT stop the AppHost even when it was started with SIGINT ignored. A shell without job
/// control (a script's <c>dotnet run … &amp;</c>, a CI step) starts background commands with SIGINT
/// and SIGQUIT ignored, as POSIX asks, and .NET then installs no handler for them: <c>kill -INT</c>
/// did nothing while SIGTERM stopped everything. In that case the AppHost restores SIGINT's default
/// and executes itself again (same process id, arguments and environment, before anything has
/// started), so .NET handles SIGINT like Ctrl+C: every resource is stopped before it exits.
/// </summary>
public static class InterruptSignal
{
    private const int SigInt = 2;
    private static readonly IntPtr DefaultDisposition = IntPtr.Zero;

    /// <param name="appHost">The AppHost's assembly: nothing happens unless it is the process's entry
    /// assembly (the testing builder runs the AppHost inside the test process, which is left alone).</param>
    public static void Restore(Assembly appHost)
    {
        if (!OperatingSystem.IsLinux() || Assembly.GetEntryAssembly() != appHost || !IsIgnored(SigInt) || Environment.ProcessPath is not { } executable)
        {
            return;
        }
        var arguments = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        signal(SigInt, DefaultDisposition);
        execv(executable, [.. arguments, null]);
        // Only reached when execv failed: SIGINT now ends the process at once, and DCP, which watches
        // the AppHost's process, still stops every resource.
    }

    private static bool IsIgnored(int signalNumber)
    {
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return ignored is not null
            && ulong.TryParse(ignored["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (signalNumber - 1))) != 0;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signalNumber, IntPtr handler);

    [DllImport("libc", SetLastError = true)]
    private static extern int execv(string path, string?[] arguments);
}
