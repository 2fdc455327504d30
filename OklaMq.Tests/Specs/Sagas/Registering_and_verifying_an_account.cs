using Microsoft.Extensions.DependencyInjection;
using OklaMq.AuthService.Infrastructure;
using OklaMq.AuthService.Model;
using OklaMq.AuthService.Sagas;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Outbox;
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

    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<RedisAggregateStore>().AddSingleton<UserRepository>();

    private UserRepository Users => Services.GetRequiredService<UserRepository>();

    private async Task<User> StoredUserAsync() => (await Users.FindAsync(_userId))!.Value;

    /// <summary>The user as Auth stores it at registration, and its user.registered.</summary>
    private async Task<UserRegisteredEvent> RegisteredAsync()
    {
        var now = Scheduler.Clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = _userId,
            Email = $"ana.perez.{_userId:N}@example.test",
            FullName = "Ana Pérez",
            AccountType = AccountTypes.Individual,
            Password = new PasswordHash("PBKDF2-SHA256", 1, "c2FsdA==", "aGFzaA=="),
            RegisteredAt = now,
            EmailVerification = new PendingVerification("code-hash", now + VerificationCodes.Lifetime),
        };
        Assert.True(await Users.AddAsync(user, null, Guid.NewGuid()));
        return new UserRegisteredEvent
        {
            UserId = _userId,
            Email = user.Email,
            FullName = user.FullName,
            AccountType = user.AccountType,
            RegisteredAt = now,
        };
    }

    /// <summary>What Auth's verify API stores: the user verified now.</summary>
    private async Task VerifyInAuthAsync()
    {
        var stored = (await Users.FindAsync(_userId))!;
        var now = Scheduler.Clock.GetUtcNow().UtcDateTime;
        Assert.True(await Users.UpdateAsync(stored, stored.Value with { Verified = true, VerifiedAt = now, EmailVerification = null }, Guid.NewGuid()));
    }

    private UserVerifiedEvent Verified() => new() { UserId = _userId, VerificationType = "Email", VerifiedAt = Scheduler.Clock.GetUtcNow().UtcDateTime };

    private async Task<IReadOnlyList<string>> EmailTemplatesAsync() =>
        (await OutboxAsync()).Where(m => m.RoutingKey == RoutingKeys.SendEmail).Select(m => m.Body.GetProperty("template").GetString()!).ToList();

    [Fact]
    public async Task Should_wait_for_the_verification_with_its_reminder_and_expiry_scheduled()
    {
        var registeredAt = Scheduler.Clock.GetUtcNow().UtcDateTime;

        await PublishAndWaitAsync(await RegisteredAsync());

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
        await PublishAndWaitAsync(await RegisteredAsync());

        await AdvanceAsync(ReminderAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Reminded);
        Assert.Null(stored.ReminderToken);
        Assert.NotNull(stored.ExpiryToken);
        var email = Assert.Single(await OutboxAsync());
        Assert.Equal(RoutingKeys.SendEmail, email.RoutingKey);
        Assert.Equal(RegistrationStateMachine.ReminderTemplate, email.Body.GetProperty("template").GetString());
        Assert.Equal((await StoredUserAsync()).Email, email.Body.GetProperty("email").GetString());
        Assert.Equal(_userId, email.Body.GetProperty("recipientUserId").GetGuid());
        await AssertNoFaultAsync<RegistrationReminderDue>();
    }

    [Fact]
    public async Task Should_expire_the_account_once_the_expiry_interval_has_passed()
    {
        await PublishAndWaitAsync(await RegisteredAsync());

        await AdvanceAsync(ReminderAfter);
        await AdvanceAsync(ExpireAfter - ReminderAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Expired);
        Assert.Equal(Scheduler.Clock.GetUtcNow().UtcDateTime, stored.ExpiredAt);
        Assert.Null(stored.ExpiryToken);
        Assert.Equal([RegistrationStateMachine.ReminderTemplate, RegistrationStateMachine.ExpiredTemplate], await EmailTemplatesAsync());
        var user = await StoredUserAsync();
        Assert.Equal(stored.ExpiredAt, user.ExpiredAt);
        Assert.False(user.Verified);
        Assert.Null(user.EmailVerification);
        await AssertNoFaultAsync<RegistrationExpiryDue>();
    }

    [Fact]
    public async Task Should_keep_the_first_expiry_time_when_the_account_was_already_marked_by_an_earlier_run()
    {
        await PublishAndWaitAsync(await RegisteredAsync());
        // An earlier run of the expiry marked the account, then died before its commit: the timeout comes again later.
        var markedAt = Scheduler.Clock.GetUtcNow().UtcDateTime + ExpireAfter - TimeSpan.FromMinutes(1);
        Assert.Equal(markedAt, (await Users.ExpireUnverifiedAsync(_userId, markedAt))!.ExpiredAt);
        var marked = (await Users.FindAsync(_userId))!.Json;

        await AdvanceAsync(ExpireAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Expired);
        Assert.Equal(markedAt, stored.ExpiredAt);
        Assert.Equal(marked, (await Users.FindAsync(_userId))!.Json);
        Assert.Equal([RegistrationStateMachine.ExpiredTemplate], (await EmailTemplatesAsync()).Where(t => t == RegistrationStateMachine.ExpiredTemplate));
        await AssertNoFaultAsync<RegistrationExpiryDue>();
    }

    [Fact]
    public async Task Should_end_verified_without_expiring_when_the_verification_was_stored_before_the_expiry_but_its_event_is_late()
    {
        await PublishAndWaitAsync(await RegisteredAsync());
        await VerifyInAuthAsync();
        var verifiedAt = (await StoredUserAsync()).VerifiedAt;

        await AdvanceAsync(ExpireAfter);

        var stored = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Equal(verifiedAt, stored.VerifiedAt);
        Assert.Null(stored.ExpiredAt);
        Assert.Null((await StoredUserAsync()).ExpiredAt);
        Assert.DoesNotContain(RegistrationStateMachine.ExpiredTemplate, await EmailTemplatesAsync());

        // The verification's own event, late: the saga already ended, and stays as it is.
        await PublishAndWaitAsync(Verified());

        var after = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Equal(verifiedAt, after.VerifiedAt);
        Assert.Null(after.ExpiredAt);
        await AssertNoFaultAsync<RegistrationExpiryDue>();
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_end_when_verified_and_ignore_its_cancelled_timeouts_when_they_still_arrive()
    {
        await PublishAndWaitAsync(await RegisteredAsync());
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
        await PublishAndWaitAsync(await RegisteredAsync());
        await AdvanceAsync(ReminderAfter);

        await PublishAndWaitAsync(Verified());
        await AdvanceAsync(ExpireAfter);

        await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Equal([RegistrationStateMachine.ReminderTemplate], await EmailTemplatesAsync());
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_stay_expired_when_a_verification_event_arrives_after_the_expiry()
    {
        await PublishAndWaitAsync(await RegisteredAsync());
        await AdvanceAsync(ExpireAfter);
        var expired = await StoredInStateAsync(_userId, m => m.Expired);

        // Auth refuses to verify an expired account, so no such event is made now; one would be ignored.
        await PublishAndWaitAsync(Verified());

        var stored = await StoredInStateAsync(_userId, m => m.Expired);
        Assert.Equal(expired.ExpiredAt, stored.ExpiredAt);
        Assert.Null(stored.VerifiedAt);
        Assert.NotNull((await StoredUserAsync()).ExpiredAt);
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_start_finished_when_the_verification_arrives_before_the_registration()
    {
        var registered = await RegisteredAsync();
        await PublishAndWaitAsync(Verified());
        await StoredInStateAsync(_userId, m => m.Verified);

        await PublishAndWaitAsync(registered);

        var stored = await StoredInStateAsync(_userId, m => m.Verified);
        Assert.Null(stored.RegisteredAt);
        Assert.Empty(Scheduler.Pending);
        Assert.Empty(await OutboxAsync());
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_start_once_for_a_registration_delivered_twice()
    {
        var registered = await RegisteredAsync();

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
