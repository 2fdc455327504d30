using System.Diagnostics;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// Asks the container runtime Aspire would use whether its engine answers. A client without an
/// engine (the docker CLI on a machine with no daemon) counts as unhealthy: Aspire would then
/// leave containers waiting forever (../shared/FINDINGS.md).
/// </summary>
public static class ContainerRuntimeProbe
{
    public static bool IsHealthy(TimeSpan timeout)
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && process.StandardOutput.ReadToEnd().Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
