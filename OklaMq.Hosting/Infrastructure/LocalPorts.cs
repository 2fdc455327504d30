using System.Net;
using System.Net.Sockets;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// Free loopback ports for processes whose ports Aspire does not proxy. The port is free when
/// asked; another program could take it before the process binds it, which a run then reports
/// as a failed resource rather than a silent collision.
/// </summary>
public static class LocalPorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
