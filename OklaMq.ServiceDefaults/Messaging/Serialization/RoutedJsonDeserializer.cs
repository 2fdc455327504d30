using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using OklaMq.Contracts.Routing;

namespace OklaMq.ServiceDefaults.Messaging.Serialization;

/// <summary>
/// Reads plain JSON messages (no MassTransit envelope) and decides their type the way a service in
/// another language can express it: the <c>MT-MessageType</c> header if present, else the AMQP
/// <c>type</c> property, else the routing key, each looked up in the routing table.
/// MassTransit's own raw deserializer treats a message without a type header as every type at
/// once, so an endpoint with several consumers would run them all on one body.
/// A message whose type is not known gets a type no consumer has, and so is dead-lettered with
/// that reason instead of being guessed.
/// </summary>
public sealed class RoutedJsonDeserializer : IMessageDeserializer
{
    public const string MessageTypeHeader = "MT-MessageType";
    public const string RoutingKeyHeader = "RabbitMQ-RoutingKey";
    public const string UnknownTypePrefix = "urn:message:OklaMq.Unknown:";

    // Type information comes from the routing table, never from "any type will do". The message's
    // headers stay with it (CopyHeaders): a scheduled redelivery sends them again, as it must (its
    // fault, its replay count); MassTransit also copies them onto what its consumer publishes.
    private const RawSerializerOptions Options = RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders;

    public static readonly ContentType JsonContentType = SystemTextJsonRawMessageSerializer.JsonContentType;

    public ContentType ContentType => JsonContentType;

    public void Probe(ProbeContext context) => context.CreateScope("json").Add("contentType", ContentType.MediaType);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        var amqpType = receiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Properties.Type : null;
        return new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress, amqpType));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        Deserialize(body, headers, destinationAddress, amqpType: null);

    private static SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress, string? amqpType)
    {
        JsonElement message;
        try
        {
            var bytes = body.GetBytes();
            message = bytes.Length == 0
                ? throw new SerializationException("The message body is empty.")
                : JsonSerializer.Deserialize<JsonElement>(bytes, SystemTextJsonMessageSerializer.Options);
        }
        catch (JsonException ex)
        {
            throw new SerializationException($"The message body is not valid JSON: {ex.Message}", ex);
        }
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new SerializationException($"The message body must be a JSON object, not {message.ValueKind}.");
        }

        return new SystemTextJsonRawSerializerContext(
            SystemTextJsonMessageSerializer.Instance,
            SystemTextJsonMessageSerializer.Options,
            JsonContentType,
            new RawMessageContext(headers, destinationAddress, Options),
            MessageTypesOf(headers, amqpType),
            Options,
            message);
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    /// <summary>The message type URNs a message claims, resolved as the class summary says.</summary>
    public static string[] MessageTypesOf(Headers headers, string? amqpType)
    {
        if (headers.Get<string>(MessageTypeHeader) is { Length: > 0 } declared)
        {
            return declared.Split(';', StringSplitOptions.RemoveEmptyEntries);
        }
        var routingKey = headers.Get<string>(RoutingKeyHeader);
        foreach (var name in new[] { amqpType, routingKey })
        {
            if (name is { Length: > 0 } && MessageRoutes.TryFindByRoutingKey(name, out var route))
            {
                return [MessageUrn.ForTypeString(route.MessageType)];
            }
        }
        return [UnknownTypePrefix + (amqpType ?? routingKey ?? "none")];
    }
}
