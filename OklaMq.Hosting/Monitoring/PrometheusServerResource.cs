using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.Monitoring;

/// <summary>Debian's <c>prometheus</c> run as a plain process, its configuration, rules, targets and data in its run folder.</summary>
public sealed class PrometheusServerResource(string name, string serverPath, string home) : ExecutableResource(name, serverPath, home);
