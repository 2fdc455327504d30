using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.Tests.Infrastructure;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;
using OklaMq.VehiclesService.Sagas;

namespace OklaMq.Tests.Specs.Sagas;

/// <summary>MQ-SAGA-004 on the Redis saga repository and the inbox, its timeouts under a clock the spec moves.</summary>
[Collection(RedisCollection.Name)]
public sealed class Following_up_a_lead(LocalRedis redis)
    : SagaSpec<LeadFollowUpStateMachine, LeadFollowUpState>(redis, "lead-follow-up")
{
    private static readonly TimeSpan ReminderAfter = TimeSpan.FromHours(2);
    private static readonly TimeSpan EscalateAfter = TimeSpan.FromHours(24);
    private readonly Guid _leadId = Guid.NewGuid();
    private readonly Guid _dealerId = Guid.NewGuid();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{LeadFollowUpSagaSettings.SectionName}:ReminderAfter"] = ReminderAfter.ToString("c"),
        [$"{LeadFollowUpSagaSettings.SectionName}:EscalateAfter"] = EscalateAfter.ToString("c"),
    };

    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<RedisAggregateStore>().AddSingleton<LeadRepository>();

    private LeadRepository Leads => Services.GetRequiredService<LeadRepository>();

    private Lead Lead() => new()
    {
        Id = _leadId,
        VehicleId = Guid.NewGuid(),
        DealerId = _dealerId,
        ContactName = "Carla Núñez",
        ContactPhone = "809-555-0199",
        Source = "WhatsApp",
        Status = LeadStatuses.New,
        CreatedAt = Scheduler.Clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>The lead as Vehicles stores it, and its lead.created.</summary>
    private async Task<LeadCreatedEvent> CreatedAsync()
    {
        var lead = Lead();
        await Leads.AddAsync(lead, Guid.NewGuid());
        return new LeadCreatedEvent
        {
            LeadId = lead.Id,
            VehicleId = lead.VehicleId,
            DealerId = lead.DealerId,
            ContactName = lead.ContactName,
            ContactPhone = lead.ContactPhone,
            Source = lead.Source,
            CreatedAt = lead.CreatedAt,
        };
    }

    private LeadStatusUpdatedEvent StatusChanged(string to = "Contacted") =>
        new() { LeadId = _leadId, OldStatus = LeadStatuses.New, NewStatus = to, UpdatedAt = Scheduler.Clock.GetUtcNow().UtcDateTime };

    private async Task<IReadOnlyList<(string RoutingKey, string Template)>> NotificationsAsync() =>
        (await OutboxAsync()).Where(m => m.RoutingKey.StartsWith("send.", StringComparison.Ordinal))
            .Select(m => (m.RoutingKey, m.Body.GetProperty("template").GetString()!)).ToList();

    [Fact]
    public async Task Should_wait_for_the_dealer_with_its_reminder_and_escalation_scheduled()
    {
        var createdAt = Scheduler.Clock.GetUtcNow().UtcDateTime;

        await PublishAndWaitAsync(await CreatedAsync());

        var stored = await StoredInStateAsync(_leadId, m => m.AwaitingResponse);
        Assert.Equal(_dealerId, stored.DealerId);
        Assert.Equal(createdAt + ReminderAfter, stored.ReminderDueAt);
        Assert.Equal(createdAt + EscalateAfter, stored.EscalationDueAt);
        Assert.Equal([stored.ReminderToken!.Value, stored.EscalationToken!.Value], Scheduler.Pending.Select(p => p.TokenId));
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_remind_the_dealer_by_push_and_sms_once_the_reminder_interval_has_passed()
    {
        await PublishAndWaitAsync(await CreatedAsync());

        await AdvanceAsync(ReminderAfter);

        await StoredInStateAsync(_leadId, m => m.Reminded);
        Assert.Equal([(RoutingKeys.SendPush, LeadFollowUpStateMachine.ReminderTemplate), (RoutingKeys.SendSms, LeadFollowUpStateMachine.ReminderTemplate)], await NotificationsAsync());
        var push = (await OutboxAsync()).First();
        Assert.Equal(_dealerId, push.Body.GetProperty("recipientUserId").GetGuid());
        Assert.Equal(_leadId.ToString(), push.Body.GetProperty("data").GetProperty("leadId").GetString());
        Assert.Equal(LeadStatuses.New, (await Leads.FindAsync(_leadId))!.Value.Status);
        await AssertNoFaultAsync<LeadReminderDue>();
    }

    [Fact]
    public async Task Should_escalate_by_email_to_the_dealers_account_and_mark_the_lead_unattended()
    {
        await PublishAndWaitAsync(await CreatedAsync());

        await AdvanceAsync(ReminderAfter);
        await AdvanceAsync(EscalateAfter - ReminderAfter);

        var stored = await StoredInStateAsync(_leadId, m => m.Escalated);
        Assert.NotNull(stored.EscalatedAt);
        Assert.Equal(LeadFollowUpStateMachine.EscalationTemplate, (await NotificationsAsync()).Last().Template);
        var email = (await OutboxAsync()).Single(m => m.RoutingKey == RoutingKeys.SendEmail);
        Assert.Equal(_dealerId, email.Body.GetProperty("recipientUserId").GetGuid());
        Assert.Equal(string.Empty, email.Body.GetProperty("email").GetString());
        Assert.Equal(LeadStatuses.Unattended, (await Leads.FindAsync(_leadId))!.Value.Status);
        await AssertNoFaultAsync<LeadEscalationDue>();
    }

    [Fact]
    public async Task Should_end_when_the_dealer_changes_the_status_and_ignore_the_timeouts_that_still_arrive()
    {
        await PublishAndWaitAsync(await CreatedAsync());

        await PublishAndWaitAsync(StatusChanged("Contacted"));
        await AdvanceAsync(EscalateAfter);

        var stored = await StoredInStateAsync(_leadId, m => m.Answered);
        Assert.Equal("Contacted", stored.AnsweredWith);
        Assert.Null(stored.RemindedAt);
        Assert.Null(stored.EscalatedAt);
        Assert.Empty(await NotificationsAsync());
        await AssertNoFaultAsync<LeadStatusUpdatedEvent>();
        await AssertNoFaultAsync<LeadEscalationDue>();
    }

    [Fact]
    public async Task Should_end_when_the_dealer_answers_after_the_escalation_and_not_on_its_own_unattended_mark()
    {
        await PublishAndWaitAsync(await CreatedAsync());
        await AdvanceAsync(EscalateAfter);
        await StoredInStateAsync(_leadId, m => m.Escalated);

        // The escalation's own change (New → Unattended) comes back as lead.status.changed: not an answer.
        await PublishAndWaitAsync(StatusChanged(LeadStatuses.Unattended));
        await StoredInStateAsync(_leadId, m => m.Escalated);
        await PublishAndWaitAsync(StatusChanged("Contacted"));

        var stored = await StoredInStateAsync(_leadId, m => m.Answered);
        Assert.Equal("Contacted", stored.AnsweredWith);
    }

    [Fact]
    public async Task Should_start_finished_when_the_status_change_arrives_before_the_lead()
    {
        var created = await CreatedAsync();

        await PublishAndWaitAsync(StatusChanged("Qualified"));
        await PublishAndWaitAsync(created);

        var stored = await StoredInStateAsync(_leadId, m => m.Answered);
        Assert.Equal("Qualified", stored.AnsweredWith);
        Assert.Empty(Scheduler.Pending);
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_remind_once_when_the_reminder_is_delivered_twice()
    {
        await PublishAndWaitAsync(await CreatedAsync());
        var reminder = Scheduler.Pending.First();
        await AdvanceAsync(ReminderAfter);

        // The same timeout again (a redelivery after a crash): same message, same token.
        await PublishAndWaitAsync((LeadReminderDue)reminder.Message, context => context.Headers.Set("MT-Scheduling-TokenId", reminder.TokenId.ToString("D")));

        await StoredInStateAsync(_leadId, m => m.Reminded);
        Assert.Equal(2, (await NotificationsAsync()).Count);
        await AssertNoFaultAsync<LeadReminderDue>();
    }
}
