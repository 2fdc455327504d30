using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace OklaMq.ServiceDefaults.Messaging.Serialization;

/// <summary>
/// Plain JSON both ways: MassTransit's raw serializer writes (with the message type and ids as
/// headers), <see cref="RoutedJsonDeserializer"/> reads.
/// </summary>
public sealed class RoutedJsonSerializerFactory : ISerializerFactory
{
    private readonly SystemTextJsonRawMessageSerializer _serializer =
        new(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders);
    private readonly RoutedJsonDeserializer _deserializer = new();

    public ContentType ContentType => RoutedJsonDeserializer.JsonContentType;

    public IMessageSerializer CreateSerializer() => _serializer;

    public IMessageDeserializer CreateDeserializer() => _deserializer;
}
