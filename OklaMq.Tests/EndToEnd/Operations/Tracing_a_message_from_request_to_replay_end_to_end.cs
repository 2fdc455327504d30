using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;
using OklaMq.Tests.EndToEnd.Infrastructure.Otlp;

namespace OklaMq.Tests.EndToEnd.Operations;

/// <summary>
/// One trace follows a message from the HTTP request that made it to its last consume
/// (docs/operations.md, "One trace per message"): the outbox relay's publish, every consume
/// attempt and its retries, each redelivery through the delay queues, the dead letter, the fault
/// store's record and the replay, linked to the operator's request, with the consume that
/// succeeds. Read from the spans the services exported, as the Aspire dashboard receives them.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Tracing_a_message_from_request_to_replay_end_to_end(OklaMqApp app)
{
    private const string Queue = "vehicle-created";
    private const string Switch = $"okla:fault-injection:{Queue}";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_every_step_in_the_trace_of_the_request()
    {
        var request = ActivityTraceId.CreateRandom().ToString();
        var dealerId = Guid.NewGuid();
        var (vehicleId, messageId) = await DeadLetterAVehicleAsync(dealerId, request);

        var replayRequest = ActivityTraceId.CreateRandom().ToString();
        await PostTracedAsync(app.DeadLetters, $"/api/dead-letters/{Queue}/replay", new { messageIds = new[] { messageId } }, replayRequest, HttpStatusCode.OK);
        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");

        await Polling.Eventually(() =>
        {
            AssertEveryStep(app.Telemetry.Trace(request), messageId, replayRequest);
            return Task.CompletedTask;
        }, ExportTimeout, $"the exported trace of vehicle {vehicleId} shows its event's every step");
    }

    private void AssertEveryStep(IReadOnlyList<ExportedSpan> trace, string messageId, string replayRequest)
    {
        var deliveries = 1 + app.Settings.RedeliveryIntervals.Length;
        var receives = trace.Where(s => s.Service == "notification" && s.Name == $"{Queue} receive" && s.Tag("messaging.message.id") == messageId).ToList();
        var consumed = Assert.Single(receives.SelectMany(r => AttemptsOf(trace, r)), s => !s.IsError);
        try
        {
            // From the consume that succeeded back to the request: every step is a parent of the next.
            List<string> expected =
            [
                $"notification {Queue} process",
                $"notification {Queue} receive",
                $"deadletters {Queue}-dlq replay",
                "notification dlx publish",
                .. Enumerable.Repeat<string[]>([$"notification {Queue} receive", "notification okla.delay send"], deliveries - 1).SelectMany(step => step),
                $"notification {Queue} receive",
                "vehicles vehicle.events publish",
                "vehicles POST /api/vehicles/",
            ];
            Assert.Equal(expected, Ancestry(trace, consumed));

            // Every delivery before the replay failed all its attempts, each a span of its own.
            var failed = receives.Where(r => r.SpanId != consumed.ParentSpanId).ToList();
            Assert.Equal(deliveries, failed.Count);
            Assert.All(failed, r => Assert.Equal(1 + app.Settings.RetryIntervals.Length, AttemptsOf(trace, r).Count(a => a.IsError)));

            // The fault store recorded it in the same trace, and the replay links to the request that asked for it.
            var deadLetter = Assert.Single(trace, s => s.Name == "dlx publish");
            Assert.Equal("exception", deadLetter.Tag("okla.dead_letter.kind"));
            Assert.Single(trace, s => s.Service == "deadletters" && s.Name == "fault-store process" && s.ParentSpanId == deadLetter.SpanId);
            var replay = Assert.Single(trace, s => s.Name == $"{Queue}-dlq replay");
            var requested = Assert.Single(replay.Links);
            Assert.Contains(app.Telemetry.Trace(replayRequest), s => s.SpanId == requested.SpanId && s.Name == "POST /api/dead-letters/{queue}/replay");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}The trace:{Environment.NewLine}{Describe(trace)}", ex);
        }
    }

    /// <summary>Creates a vehicle over HTTP in trace <paramref name="traceId"/> while its notifier always fails; returns the event's message id once the fault store has it.</summary>
    private async Task<(Guid VehicleId, string MessageId)> DeadLetterAVehicleAsync(Guid dealerId, string traceId)
    {
        await app.RedisDb.StringSetAsync(Switch, "always");
        try
        {
            var created = await PostTracedAsync(app.Vehicles, "/api/vehicles", new { dealerId, make = "Kia", model = "Rio", year = 2019, price = 700000 }, traceId, HttpStatusCode.Created);
            var vehicleId = Guid.Parse((string)created["id"]!);
            var fault = await Polling.Eventually(async () =>
                (await app.FaultsAsync(Queue)).FirstOrDefault(f => ((string?)f["body"])?.Contains(vehicleId.ToString(), StringComparison.OrdinalIgnoreCase) == true)
                    ?? throw new InvalidOperationException($"No fault record of vehicle {vehicleId} yet."),
                DeadLetterInspection.DeadLetterTimeout, "the vehicle's event is dead-lettered and recorded");
            Assert.Equal(traceId, (string?)fault["traceId"]);
            return (vehicleId, (string)fault["messageId"]!);
        }
        finally
        {
            await app.RedisDb.KeyDeleteAsync(Switch);
        }
    }

    /// <summary>Posts with a W3C traceparent of the test's own, so the request's trace id is known.</summary>
    private static async Task<JsonObject> PostTracedAsync(HttpClient http, string path, object body, string traceId, HttpStatusCode expected)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        message.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<ExportedSpan> AttemptsOf(IReadOnlyList<ExportedSpan> trace, ExportedSpan receive) =>
        trace.Where(s => s.ParentSpanId == receive.SpanId && s.Name == $"{Queue} process");

    /// <summary>"service name" of the span and each of its parents, up to the trace's first span (delay levels as "okla.delay").</summary>
    private static List<string> Ancestry(IReadOnlyList<ExportedSpan> trace, ExportedSpan span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        var path = new List<string>();
        for (ExportedSpan? current = span; current is not null; current = current.ParentSpanId is { } parent ? byId.GetValueOrDefault(parent) : null)
        {
            var name = current.Name.StartsWith("okla.delay.", StringComparison.Ordinal) ? "okla.delay send" : current.Name;
            path.Add($"{current.Service} {name}");
        }
        return path;
    }

    private static string Describe(IReadOnlyList<ExportedSpan> trace) =>
        string.Join(Environment.NewLine, trace.OrderBy(s => s.Start).Select(s => $"  {s}"));
}
