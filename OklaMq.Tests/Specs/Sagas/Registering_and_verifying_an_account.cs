using OklaMq.AuthService.Sagas;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Sagas;

/// <summary>MQ-SAGA-003 on the Redis saga repository and the inbox, its timeouts under a clock the spec moves.</summary>
[Collection(RedisCollection.Name)]
public sealed class Registering_and_verifying_an_account(LocalRedis redis)
    : SagaSpec<RegistrationStateMachine, RegistrationState>(redis, "registration")
{
    private static readonly TimeSpan ReminderAfter = TimeSpan.FromHours(24);
    private static readonly TimeSpan ExpireAfter = TimeSpan.FromDays(7);
    private readonly Guid _userId = Guid.NewGuid();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{RegistrationSagaSettings.SectionName}:ReminderAfter"] = ReminderAfter.ToString("c"),
        [$"{RegistrationSagaSettings.SectionName}:ExpireAfter"] = ExpireAfter.ToString("c"),
    };

    private UserRegisteredEvent Registered() => new()
    {
        UserId = _userId,
        Email = "ana.perez@example.test",
        FullName = "Ana Pérez",
        AccountType = "Individual",
        RegisteredAt = Scheduler.Clock.GetUtcNow().UtcDateTime,
    };

    private UserVerifiedEvent Verified() => new() { UserId = _userId, VerificationType = "Email", VerifiedAt = Scheduler.Clock.GetUtcNow().UtcDateTime };

    private async Task<IReadOnlyList<string>> EmailTemplatesAsync() =>
        (await OutboxAsync()).Where(m => m.RoutingKey == RoutingKeys.SendEmail).Select(m => m.Body.GetProperty("template").GetString()!).ToList();

    [Fact]
    public async Task Should_wait_for_the_verification_with_its_reminder_and_expiry_scheduled()
    {
        var registeredAt = Scheduler.Clock.GetUtcNow().UtcDateTime;

        await PublishAndWaitAsync(Registered());

        var stored = await StoredInStateAsync(_userId, m => m.AwaitingVerification);
        Assert.Equal(1, stored.Version);
        Assert.Equal(registeredAt + ReminderAfter, stored.ReminderDueAt);
        Assert.Equal(registeredAt + ExpireAfter, stored.ExpiryDueAt);
        Assert.Equal([stored.ReminderToken!.Value, stored.ExpiryToken!.Value], Scheduler.Pending.Select(p => p.TokenId));
        Assert.Empty(await OutboxAsync());
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_email_a_reminder_once_the_reminder_interval_has_passed()
    {
        await PublishAndWaitAsync(Registered());

        await AdvanceAsync(ReminderAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Reminded);
        Assert.Null(stored.ReminderToken);
        Assert.NotNull(stored.ExpiryToken);
        var email = Assert.Single(await OutboxAsync());
        Assert.Equal(RoutingKeys.SendEmail, email.RoutingKey);
        Assert.Equal(RegistrationStateMachine.ReminderTemplate, email.Body.GetProperty("template").GetString());
        Assert.Equal("ana.perez@example.test", email.Body.GetProperty("email").GetString());
        Assert.Equal(_userId, email.Body.GetProperty("recipientUserId").GetGuid());
        await AssertNoFaultAsync<RegistrationReminderDue>();
    }

    [Fact]
    public async Task Should_expire_the_account_once_the_expiry_interval_has_passed()
    {
        await PublishAndWaitAsync(Registered());

        await AdvanceAsync(ReminderAfter);
        await AdvanceAsync(ExpireAfter - ReminderAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Expired);
        Assert.NotNull(stored.ExpiredAt);
        Assert.Null(stored.ExpiryToken);
        Assert.Equal([RegistrationStateMachine.ReminderTemplate, RegistrationStateMachine.ExpiredTemplate], await EmailTemplatesAsync());
        await AssertNoFaultAsync<RegistrationExpiryDue>();
    }

    [Fact]
    public async Task Should_end_when_verified_and_ignore_its_cancelled_timeouts_when_they_still_arrive()
    {
        await PublishAndWaitAsync(Registered());
        await PublishAndWaitAsync(Verified());
        var verified = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Null(verified.ReminderToken);
        Assert.Null(verified.ExpiryToken);

        // A delay queue cannot take a message back: both timeouts are still delivered.
        Assert.Equal(2, Scheduler.Pending.Count);
        await AdvanceAsync(ExpireAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Equal(verified.VerifiedAt, stored.VerifiedAt);
        Assert.Null(stored.RemindedAt);
        Assert.Null(stored.ExpiredAt);
        Assert.Empty(await OutboxAsync());
        await AssertNoFaultAsync<RegistrationReminderDue>();
        await AssertNoFaultAsync<RegistrationExpiryDue>();
    }

    [Fact]
    public async Task Should_end_when_verified_after_the_reminder()
    {
        await PublishAndWaitAsync(Registered());
        await AdvanceAsync(ReminderAfter);

        await PublishAndWaitAsync(Verified());
        await AdvanceAsync(ExpireAfter);

        await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Equal([RegistrationStateMachine.ReminderTemplate], await EmailTemplatesAsync());
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_verify_an_account_that_was_verified_after_it_expired()
    {
        await PublishAndWaitAsync(Registered());
        await AdvanceAsync(ExpireAfter);
        await StoredInStateAsync(_userId, m => m.Expired);

        await PublishAndWaitAsync(Verified());

        var stored = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.NotNull(stored.ExpiredAt);
        Assert.NotNull(stored.VerifiedAt);
    }

    [Fact]
    public async Task Should_start_finished_when_the_verification_arrives_before_the_registration()
    {
        await PublishAndWaitAsync(Verified());
        await StoredInStateAsync(_userId, m => m.Verified);

        await PublishAndWaitAsync(Registered());

        var stored = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Null(stored.RegisteredAt);
        Assert.Empty(Scheduler.Pending);
        Assert.Empty(await OutboxAsync());
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_start_once_for_a_registration_delivered_twice()
    {
        var registered = Registered();

        await PublishAndWaitAsync(registered);
        // Another copy, with another message id: the inbox knows a registration by its user id.
        await PublishAndWaitAsync(registered);

        var stored = await StoredInStateAsync(_userId, m => m.AwaitingVerification);
        Assert.Equal(1, stored.Version);
        Assert.Equal(2, Scheduler.Pending.Count);
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_discard_a_timeout_for_a_registration_it_does_not_know()
    {
        var unknown = Guid.NewGuid();

        await PublishAndWaitAsync(new RegistrationReminderDue(unknown));

        Assert.True(await Saga.NotExists(unknown) is null, $"A saga {unknown} was created by its timeout.");
        await AssertNoFaultAsync<RegistrationReminderDue>();
    }
}
