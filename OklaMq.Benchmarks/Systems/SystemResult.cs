namespace OklaMq.Benchmarks.Systems;

/// <summary>One system scenario, at one instance count and body size, in one run.</summary>
/// <param name="InPerSecond">Requests accepted (HTTP) or events published per second, over the peak phase.</param>
/// <param name="EffectsPerSecond">Messages whose effect was written in Redis per second, over the same phase.</param>
/// <param name="ServiceCpuMicrosecondsPerMessage">CPU of the service processes per message.</param>
/// <param name="InfrastructureCpuMicrosecondsPerMessage">CPU of the broker, Redis and PostgreSQL per message.</param>
/// <param name="ServiceMemoryMegabytes">Resident memory of the service processes after the peak phase.</param>
public sealed record SystemResult(
    string Scenario,
    int Instances,
    int BodyBytes,
    int Run,
    int Messages,
    double InPerSecond,
    double EffectsPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double OfferedPerSecond,
    double ServiceCpuMicrosecondsPerMessage,
    double InfrastructureCpuMicrosecondsPerMessage,
    double ServiceMemoryMegabytes)
{
    public double TotalCpuMicrosecondsPerMessage => ServiceCpuMicrosecondsPerMessage + InfrastructureCpuMicrosecondsPerMessage;
}
