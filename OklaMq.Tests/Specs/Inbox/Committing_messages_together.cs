using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.Tests.Infrastructure;
using StackExchange.Redis;

namespace OklaMq.Tests.Specs.Inbox;

/// <summary>The inbox's group commit, on a real Redis: many messages in one script call, each with its own outcome.</summary>
[Collection(RedisCollection.Name)]
public sealed class Committing_messages_together(LocalRedis redis)
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private readonly RedisInboxScripts _scripts = new(redis.Connection);
    private readonly string _prefix = $"spec:inbox:{Guid.NewGuid():N}";
    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task Should_apply_a_message_once_when_its_duplicate_is_in_the_same_call()
    {
        var key = $"{_prefix}:m1";
        var counter = $"{_prefix}:counter";

        var outcomes = await _scripts.CommitAsync(
            [
                new InboxCommit(key, InboxCommit.UnlessDone, new RedisEffects().HashIncrement(counter, "vehicle.created")),
                new InboxCommit(key, InboxCommit.UnlessDone, new RedisEffects().HashIncrement(counter, "vehicle.created")),
            ],
            Retention);

        Assert.Equal([new InboxCommitOutcome(true, null), new InboxCommitOutcome(false, null)], outcomes);
        Assert.Equal(1, (long)await Db.HashGetAsync(counter, "vehicle.created"));
        Assert.Equal("done", (string?)await Db.StringGetAsync(key));
    }

    [Fact]
    public async Task Should_apply_nothing_for_a_lost_claim_and_still_commit_the_others()
    {
        var lost = $"{_prefix}:lost";
        var held = $"{_prefix}:held";
        var effect = $"{_prefix}:effect";
        await Db.StringSetAsync(lost, "another-claimant");
        await Db.StringSetAsync(held, "me");

        var outcomes = await _scripts.CommitAsync(
            [
                new InboxCommit(lost, "me", new RedisEffects().SetAdd(effect, "lost")),
                new InboxCommit(held, "me", new RedisEffects().SetAdd(effect, "held")),
            ],
            Retention);

        Assert.Equal([false, true], outcomes.Select(o => o.DoneOrThrow()));
        Assert.Equal(["held"], (await Db.SetMembersAsync(effect)).Select(m => (string?)m));
        Assert.Equal("another-claimant", (string?)await Db.StringGetAsync(lost));
        Assert.Equal("done", (string?)await Db.StringGetAsync(held));
    }

    [Fact]
    public async Task Should_fail_only_the_message_whose_effect_fails_and_leave_it_unmarked()
    {
        var broken = $"{_prefix}:broken";
        var healthy = $"{_prefix}:healthy";
        var notAHash = $"{_prefix}:string";
        var counter = $"{_prefix}:counter";
        await Db.StringSetAsync(notAHash, "x");

        var outcomes = await _scripts.CommitAsync(
            [
                new InboxCommit(broken, InboxCommit.UnlessDone, new RedisEffects().HashIncrement(notAHash, "f")),
                new InboxCommit(healthy, InboxCommit.UnlessDone, new RedisEffects().HashIncrement(counter, "f")),
            ],
            Retention);

        var failure = Assert.Throws<RedisServerException>(() => outcomes[0].DoneOrThrow());
        Assert.Contains("WRONGTYPE", failure.Message);
        Assert.False(await Db.KeyExistsAsync(broken));
        Assert.True(outcomes[1].DoneOrThrow());
        Assert.Equal(1, (long)await Db.HashGetAsync(counter, "f"));
    }

    [Fact]
    public async Task Should_send_concurrent_commits_in_fewer_calls_each_with_its_own_outcome()
    {
        const int Messages = 200;
        var counter = $"{_prefix}:counter";
        using var batcher = new InboxCommitBatcher(_scripts, Options.Create(new InboxOptions { Retention = Retention, CommitBatchSize = 64 }));
        var callsBefore = await ScriptCallsAsync();

        var commits = Enumerable.Range(0, Messages)
            .Select(i => batcher.CommitAsync(new InboxCommit($"{_prefix}:m{i % (Messages / 2)}", InboxCommit.UnlessDone, new RedisEffects().HashIncrement(counter, "n"))))
            .ToList();
        var outcomes = await Task.WhenAll(commits);

        Assert.Equal(Messages / 2, outcomes.Count(applied => applied));
        Assert.Equal(Messages / 2, (long)await Db.HashGetAsync(counter, "n"));
        var calls = await ScriptCallsAsync() - callsBefore;
        Assert.True(calls is >= Messages / 64 and <= Messages / 4, $"{Messages} commits took {calls} script calls.");
    }

    /// <summary>EVAL and EVALSHA calls the server has run so far.</summary>
    private async Task<long> ScriptCallsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var stats = (await admin.GetServer(admin.GetEndPoints()[0]).InfoAsync("commandstats")).SelectMany(g => g);
        return stats.Where(s => s.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(s => long.Parse(s.Value.Split(',')[0].Split('=')[1]));
    }
}
