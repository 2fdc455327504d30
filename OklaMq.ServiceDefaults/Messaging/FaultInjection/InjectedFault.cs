using System.Globalization;

using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.ServiceDefaults.Messaging.FaultInjection;

/// <summary>
/// A fault to inject, from the <c>okla-fault</c> header of a message or the Redis key
/// <c>okla:fault-injection:&lt;queue&gt;</c> of an endpoint:
/// <c>fail:N</c> fails the first N attempts of each message; <c>always</c> fails every attempt;
/// <c>invalid</c> fails as a message that breaks its contract (no retry); <c>crash</c> kills the
/// consumer process before the consumer runs (every attempt), <c>crash-after</c> after the first
/// attempt ran and its effects committed but before the broker got the acknowledgement; <c>slow:MS</c> delays processing by a
/// random time up to MS milliseconds. A header fault may name
/// the one endpoint (or partition queue) it is for (<c>always@vehicle-created</c>); otherwise every
/// endpoint the message reaches injects it. The outbox relay of a service crashes before
/// publishing while <c>okla:fault-injection:&lt;outbox stream&gt;</c> is <c>crash</c>.
/// </summary>
public sealed record InjectedFault(string Kind, int Value, string? Queue = null)
{
    public const string Header = "okla-fault";

    public static string RedisKey(string queue) => $"okla:fault-injection:{queue}";

    /// <summary>Where an endpoint counts its attempts on one message that carries a fault.</summary>
    public static string AttemptsKey(string endpoint, Guid messageId) => $"okla:fault-injection:attempts:{endpoint}:{messageId}";

    public bool AppliesTo(EndpointIdentity endpoint) => Queue is null || Queue == endpoint.Queue || Queue == endpoint.Endpoint;

    public static InjectedFault? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var target = text.Trim().Split('@', 2);
        var parts = target[0].Split(':', 2);
        var queue = target.Length == 2 && target[1].Length > 0 ? target[1] : null;
        var value = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
        return parts[0].ToLowerInvariant() switch
        {
            "fail" when value > 0 => new InjectedFault("fail", value, queue),
            "slow" when value > 0 => new InjectedFault("slow", value, queue),
            "always" or "invalid" or "crash" or "crash-after" => new InjectedFault(parts[0].ToLowerInvariant(), 0, queue),
            _ => null,
        };
    }
}

/// <summary>Thrown for an injected failure; retried like any transient fault.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
