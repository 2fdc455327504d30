using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>Healthy once something accepts connections on a loopback port.</summary>
public sealed class TcpPortHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"Nothing listens on port {port} yet.", ex);
        }
    }
}
