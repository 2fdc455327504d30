using System.Text.Json;

namespace OklaMq.ServiceDefaults.Messaging.Serialization;

/// <summary>
/// The JSON of OklaMq messages on the wire: camelCase names, numbers as JSON numbers (amounts
/// too), ISO 8601 times. What a service in another language writes and reads (docs/messages.md).
/// MassTransit's reader accepts it, and decimals as strings as well.
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
