using System.Text.Json;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.Tests.Infrastructure;
using StackExchange.Redis;

namespace OklaMq.Tests.Specs.Sagas;

/// <summary>The saga repository's scripts on a real Redis, under many concurrent writers: no second instance, no lost update.</summary>
[Collection(RedisCollection.Name)]
public sealed class Storing_saga_instances(LocalRedis redis)
{
    private const int Writers = 32;
    private static readonly TimeSpan FinishedRetention = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan InboxRetention = TimeSpan.FromMinutes(10);

    private readonly DurableSaga _saga = new DurableSaga<Counter>($"spec-{Guid.NewGuid():N}");
    private readonly RedisSagaScripts _scripts = new(redis.Connection);
    private readonly RedisKey _outbox = $"spec:outbox:{Guid.NewGuid():N}";
    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task Should_create_an_instance_once_when_many_first_messages_race()
    {
        var id = Guid.NewGuid();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(() =>
            CommitAsync(new SagaWrite(id, 0, null, "Counting", Json(writer, 1), Finished: false), [Message(writer)]))));

        Assert.Equal(1, outcomes.Count(o => o == SagaCommitOutcome.Committed));
        var stored = await _scripts.LoadAsync(_saga, id, inboxKey: null);
        Assert.Equal(1, stored.Version);
        // The winner's instance, and only the winner's messages.
        var winner = JsonDocument.Parse(stored.Json!).RootElement.GetProperty("writer").GetInt32();
        var published = await Db.StreamRangeAsync(_outbox);
        Assert.Equal([WriterId(winner).ToString()], published.Select(e => e.Values.Single(v => v.Name == "correlation_id").Value.ToString()));
    }

    [Fact]
    public async Task Should_lose_no_update_when_many_writers_change_one_instance()
    {
        const int UpdatesPerWriter = 10;
        var id = Guid.NewGuid();
        Assert.Equal(SagaCommitOutcome.Committed, await CommitAsync(new SagaWrite(id, 0, null, "Counting", CountJson(0), Finished: false), []));
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var update = 0; update < UpdatesPerWriter; update++)
            {
                // Read, change, compare-and-set; on a conflict read again, as the endpoint's conflict retry does.
                while (true)
                {
                    var stored = await _scripts.LoadAsync(_saga, id, inboxKey: null);
                    var count = JsonDocument.Parse(stored.Json!).RootElement.GetProperty("count").GetInt32();
                    if (await CommitAsync(new SagaWrite(id, stored.Version, stored.State, "Counting", CountJson(count + 1), Finished: false), []) == SagaCommitOutcome.Committed)
                    {
                        break;
                    }
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var final = await _scripts.LoadAsync(_saga, id, inboxKey: null);
        Assert.Equal(Writers * UpdatesPerWriter, JsonDocument.Parse(final.Json!).RootElement.GetProperty("count").GetInt32());
        Assert.Equal(Writers * UpdatesPerWriter + 1, final.Version);
        Assert.True(conflicts > 0, "The writers never conflicted: the spec did not exercise the compare-and-set.");
    }

    [Fact]
    public async Task Should_commit_a_message_once_with_its_inbox_mark()
    {
        var id = Guid.NewGuid();
        RedisKey inbox = $"spec:inbox:{Guid.NewGuid():N}";

        var first = await CommitAsync(new SagaWrite(id, 0, null, "Counting", CountJson(1), Finished: false), [Message(1)], inbox);
        var loaded = await _scripts.LoadAsync(_saga, id, inbox);
        var again = await CommitAsync(new SagaWrite(id, 1, "Counting", "Counting", CountJson(2), Finished: false), [Message(2)], inbox);

        Assert.Equal(SagaCommitOutcome.Committed, first);
        Assert.True(loaded.AlreadyProcessed);
        Assert.Equal(SagaCommitOutcome.AlreadyProcessed, again);
        Assert.Equal(1, (await _scripts.LoadAsync(_saga, id, inboxKey: null)).Version);
        Assert.Single(await Db.StreamRangeAsync(_outbox));
        Assert.Equal("done", (string?)await Db.StringGetAsync(inbox));
    }

    [Fact]
    public async Task Should_index_instances_by_state_and_keep_finished_ones_for_a_while()
    {
        var id = Guid.NewGuid();
        await CommitAsync(new SagaWrite(id, 0, null, "Counting", CountJson(0), Finished: false), []);
        Assert.Null(await Db.KeyTimeToLiveAsync(_saga.InstanceKey(id)));

        await CommitAsync(new SagaWrite(id, 1, "Counting", "Done", CountJson(1), Finished: true), []);

        var ttl = await Db.KeyTimeToLiveAsync(_saga.InstanceKey(id));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, FinishedRetention - TimeSpan.FromMinutes(1), FinishedRetention);
        var counts = await SagaInstanceGauge.CountAsync(Db, [_saga], DateTimeOffset.UtcNow);
        Assert.Equal([("Counting", 0L), ("Done", 1L)], counts.Select(c => (c.State, c.Count)).OrderBy(c => c.State));
        // Once its time to live has passed, a finished instance leaves its state's count too.
        var later = await SagaInstanceGauge.CountAsync(Db, [_saga], DateTimeOffset.UtcNow + FinishedRetention + TimeSpan.FromSeconds(1));
        Assert.Equal(0, later.Single(c => c.State == "Done").Count);
    }

    private Task<SagaCommitOutcome> CommitAsync(SagaWrite write, IReadOnlyList<OutgoingMessage> messages, RedisKey? inbox = null) =>
        _scripts.CommitAsync(_saga, write, messages, _outbox, inbox, FinishedRetention, InboxRetention, DateTimeOffset.UtcNow);

    private static string Json(int writer, int count) => JsonSerializer.Serialize(new { writer, count });

    private static string CountJson(int count) => JsonSerializer.Serialize(new { count });

    /// <summary>A message of writer <paramref name="writer"/>, correlated by <see cref="WriterId"/>.</summary>
    private static OutgoingMessage Message(int writer) =>
        OutgoingMessage.Create(new Contracts.Commands.SendPushCommand { NotificationId = Guid.NewGuid(), RecipientUserId = Guid.NewGuid() }, WriterId(writer));

    private static Guid WriterId(int writer) => new(writer, 0, 0, new byte[8]);

    private sealed class Counter : IDurableSagaInstance
    {
        public Guid CorrelationId { get; set; }
        public string CurrentState { get; set; } = string.Empty;
        public int Version { get; set; }
    }
}
