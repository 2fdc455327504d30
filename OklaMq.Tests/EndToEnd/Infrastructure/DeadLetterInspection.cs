using System.Text.Json.Nodes;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>Where a message is among the dead-letter queues, read from the broker itself.</summary>
public static class DeadLetterInspection
{
    public static readonly TimeSpan DeadLetterTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Every <c>-dlq</c> queue of the broker and the copies of <paramref name="messageId"/> it holds.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<PeekedMessage>>> DeadLettersOfAsync(this OklaMqApp app, Guid messageId)
    {
        var found = new Dictionary<string, IReadOnlyList<PeekedMessage>>(StringComparer.Ordinal);
        foreach (var queue in await DeadLetterQueuesAsync(app))
        {
            var copies = (await app.Management.PeekAsync(queue)).Where(m => m.MessageId == messageId.ToString()).ToList();
            if (copies.Count > 0)
            {
                found[queue] = copies;
            }
        }
        return found;
    }

    public static async Task<IReadOnlyList<string>> DeadLetterQueuesAsync(this OklaMqApp app) =>
        (await app.Management.QueuesAsync())
            .Select(q => (string)q!["name"]!)
            .Where(name => name.EndsWith("-dlq", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Waits until <paramref name="queue"/> holds the message (and, if given, a copy that satisfies <paramref name="which"/>).</summary>
    public static Task<PeekedMessage> DeadLetteredEventuallyAsync(this OklaMqApp app, string queue, Guid messageId, Func<PeekedMessage, bool>? which = null, TimeSpan? timeout = null) =>
        Polling.Eventually(async () =>
        {
            var copies = (await app.Management.PeekAsync(queue)).Where(m => m.MessageId == messageId.ToString()).ToList();
            return copies.FirstOrDefault(which ?? (_ => true))
                ?? throw new InvalidOperationException($"{queue} holds {copies.Count} matching copies of {messageId}, none as expected.");
        }, timeout ?? DeadLetterTimeout, $"{messageId} is dead-lettered in {queue}");

    /// <summary>Waits for the fault store's record of the message's dead-lettering from <paramref name="queue"/>.</summary>
    public static Task<JsonObject> FaultRecordEventuallyAsync(this OklaMqApp app, string queue, Guid messageId, Func<JsonObject, bool>? which = null) =>
        Polling.Eventually(async () =>
            (await app.FaultsOfMessageAsync(queue, messageId)).FirstOrDefault(which ?? (_ => true))
                ?? throw new InvalidOperationException($"No fault record of {messageId} from {queue} yet."),
            DeadLetterTimeout, $"the fault store records {messageId} from {queue}");
}
